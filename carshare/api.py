"""The carshare programme's API endpoints."""


def register(router):
    pass
