"""Age in whole years, the one way every programme counts it (hosts 60+, drivers' minimum age)."""

from datetime import date


def age_on(born: date, day: date) -> int:
    """Completed years on `day`: a birthday not yet reached this year does not count."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
