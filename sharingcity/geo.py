"""Distances in PostgreSQL with contrib's cube and earthdistance: "near me" sorting and "within N km".

Every place with coordinates carries a GiST index on `ll_to_earth(latitude, longitude)` (see `earth_index`).
Sorting uses cube's `<->` (the straight-line distance between two points on the earth's surface, which grows
with the great-circle distance, so the order is the same) and the index answers it nearest first; "within
N km" is `earth_box(centre, metres) @> ll_to_earth(...)`, which the same index answers, then the exact
`earth_distance` trims the box's corners. docs/maps.md says why earthdistance and not PostGIS.
"""

from dataclasses import dataclass

from django.contrib.postgres.indexes import GistIndex
from django.db import models
from django.db.models.functions import Cast


class LlToEarth(models.Func):
    function = "ll_to_earth"
    output_field = models.Field()


class EarthBox(models.Func):
    function = "earth_box"
    output_field = models.Field()


class EarthDistance(models.Func):
    """Great-circle distance in metres."""

    function = "earth_distance"
    output_field = models.FloatField()


class CubeDistance(models.Func):
    """cube's `<->`: what a GiST index orders by, nearest first."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = models.FloatField()


class BoxContains(models.Func):
    arg_joiner = " @> "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


def earth_point(prefix: str = "") -> LlToEarth:
    """The row's point, written exactly as in the index so PostgreSQL can use it."""
    return LlToEarth(
        Cast(f"{prefix}latitude", models.FloatField()),
        Cast(f"{prefix}longitude", models.FloatField()),
    )


def earth_index(name: str) -> GistIndex:
    """The functional GiST index behind "near me" and "within N km" for a model with latitude/longitude."""
    return GistIndex(earth_point(), name=name)


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    def earth(self) -> LlToEarth:
        return LlToEarth(models.Value(self.latitude), models.Value(self.longitude))


def nearest(queryset, point: Point, *, within_km: float | None = None, prefix: str = ""):
    """The rows nearest `point` first, each with `distance_km`; only those within `within_km` if given."""
    here = earth_point(prefix)
    queryset = queryset.annotate(distance_km=EarthDistance(point.earth(), here) / 1000)
    if within_km is not None:
        metres = models.Value(within_km * 1000)
        queryset = queryset.filter(BoxContains(EarthBox(point.earth(), metres), here), distance_km__lte=within_km)
    return queryset.order_by(CubeDistance(here, point.earth()), "pk")
