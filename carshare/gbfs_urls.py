"""The public GBFS feed at /gbfs/ (open data for shared mobility)."""

from django.urls import path

from carshare import gbfs

app_name = "gbfs"
urlpatterns = [
    path("gbfs.json", gbfs.discovery, name="gbfs"),
    *[path(f"{name}.json", gbfs.feed_view(name), name=name) for name in gbfs.FEEDS],
]
