"""Korean dates, one way everywhere: 2026년 12월 2일 (수). Inputs take the ISO order people type."""

DATE_FORMAT = "Y년 n월 j일 (D)"
DATETIME_FORMAT = "Y년 n월 j일 (D) H:i"
SHORT_DATE_FORMAT = "n월 j일 (D)"
SHORT_DATETIME_FORMAT = "n월 j일 (D) H:i"
MONTH_DAY_FORMAT = "n월 j일 (D)"
YEAR_MONTH_FORMAT = "Y년 n월"
TIME_FORMAT = "H:i"

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y.%m.%d", "%Y. %m. %d", "%Y. %m. %d.", "%Y/%m/%d", "%Y%m%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H%M"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y.%m.%d %H:%M"]
