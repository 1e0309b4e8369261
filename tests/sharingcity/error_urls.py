"""The portal's URLs plus a few views that exist only for the error-answer tests."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from sharingcity.urls import handler500
from sharingcity.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("a defect in a view")


def remember_in_session(request):
    # Touches no table itself: the session is only written by SessionMiddleware on the way out.
    request.session["seen"] = True
    return HttpResponse("remembered")


def cut_off(request):
    # As an administrator's shutdown or pg_terminate_backend() does to a busy request's connection.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    return HttpResponse("still connected")


urlpatterns = [
    path("test/cut-off/", cut_off),
    path("test/broken/", broken),
    path("api/v1/test/broken/", broken),
    path("test/remember/", remember_in_session),
    *portal_urlpatterns,
]

__all__ = ["handler500", "urlpatterns"]
