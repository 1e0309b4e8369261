"""The public GBFS feeds at /gbfs/ (open data for shared mobility): 2.3 at the root for the consumers that
read it, 3.0 under v3/ and 3.1-RC3 under v3.1-rc3/, each listed in the others' gbfs_versions."""

from django.urls import include, path

from carshare.gbfs import v2, v3
from carshare.gbfs.serve import feed_view


def version_patterns(version):
    builders = v3.Feeds(version).builders()
    return [path(f"{name}.json", feed_view(version, name, build), name=name) for name, build in builders.items()]


app_name = "gbfs"
urlpatterns = [
    *[path(f"{name}.json", feed_view(v2.VERSION, name, build), name=name) for name, build in v2.BUILDERS.items()],
    path("v3/", include((version_patterns("3.0"), "v3"))),
    path("v3.1-rc3/", include((version_patterns("3.1-RC3"), "v3_1_rc3"))),
]
