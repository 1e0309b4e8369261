"""One router for /api/v1/: each programme's `api.register(router)` adds its endpoints."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

from sharingcity.programmes import PROGRAMME_APPS

router = DefaultRouter()
for app in ["sharingcity", *PROGRAMME_APPS]:
    module = import_module(f"{app}.api")
    if hasattr(module, "register"):
        module.register(router)
