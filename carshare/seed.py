"""Demo data of the carshare programme (filled in when the programme lands)."""


def seed(scale, rng):
    return "nothing yet"
