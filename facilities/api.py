"""The facilities programme's API endpoints."""


def register(router):
    pass
