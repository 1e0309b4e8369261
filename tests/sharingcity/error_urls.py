"""The portal's URLs plus two views that exist only for the error-answer tests."""

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


urlpatterns = [
    path("test/broken/", broken),
    path("api/v1/test/broken/", broken),
    path("test/remember/", remember_in_session),
    *portal_urlpatterns,
]

__all__ = ["handler500", "urlpatterns"]
