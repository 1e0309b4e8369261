"""Demo data of the facilities programme (filled in when the programme lands)."""


def seed(scale, rng):
    return "nothing yet"
