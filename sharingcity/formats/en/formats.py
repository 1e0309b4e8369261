"""English dates, one way everywhere: Wed 2 December 2026. Inputs take the ISO order, never the US one."""

DATE_FORMAT = "D j F Y"
DATETIME_FORMAT = "D j F Y, H:i"
SHORT_DATE_FORMAT = "D j M"
SHORT_DATETIME_FORMAT = "D j M, H:i"
MONTH_DAY_FORMAT = "D j M"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y.%m.%d", "%Y. %m. %d", "%Y. %m. %d.", "%Y/%m/%d", "%Y%m%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H%M"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y.%m.%d %H:%M"]
