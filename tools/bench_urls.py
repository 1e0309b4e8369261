"""The portal's URLs plus the template floor: a page rendered through base.html and every middleware,
with constant content the size of the home page and no query of its own, so the benchmark can tell
what the stack itself costs from what a page adds to it."""

from django.shortcuts import render
from django.urls import path

from sharingcity.urls import urlpatterns as portal

CARDS = [
    {"title": f"Programme {n}", "text": "A constant paragraph of about the length of a card's description. " * 2}
    for n in range(4)
]


def template_floor(request):
    return render(request, "bench/template_floor.html", {"cards": CARDS})


urlpatterns = [path("_bench/template-floor", template_floor, name="bench-template-floor"), *portal]
