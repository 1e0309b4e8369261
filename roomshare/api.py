"""The roomshare programme's API endpoints."""


def register(router):
    pass
