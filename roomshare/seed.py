"""Demo data of the roomshare programme (filled in when the programme lands)."""


def seed(scale, rng):
    return "nothing yet"
