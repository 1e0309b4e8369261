"""Maps in pages: `{% place_map objects %}` draws the objects' markers over the list (the list stays the
way in without JavaScript or tiles), `{{ obj|directions }}` links to the directions service."""

from django import template

from sharingcity.maps import directions_url, places_of

register = template.Library()


@register.inclusion_tag("includes/map.html", takes_context=True)
def place_map(context, objects, via="", label=""):
    """A map of `objects`, or of one object (or of the related object named `via`, e.g. a service's organisation)."""
    if hasattr(objects, "get_absolute_url"):
        objects = [objects]
    return {"places": places_of(objects, via), "label": label, **_tiles(context)}


@register.inclusion_tag("includes/map.html", takes_context=True)
def marker_map(context, places, label=""):
    """A map of ready-made markers (sharingcity.maps.place), e.g. neighbourhoods rather than houses."""
    return {"places": list(places), "label": label, **_tiles(context)}


def _tiles(context):
    return {"MAP_TILE_URL": context.get("MAP_TILE_URL"), "MAP_ATTRIBUTION": context.get("MAP_ATTRIBUTION")}


@register.filter
def directions(obj):
    """The directions link to a place with latitude and longitude, or "" where it has none."""
    if obj is None or getattr(obj, "latitude", None) is None or getattr(obj, "longitude", None) is None:
        return ""
    return directions_url(obj.latitude, obj.longitude, getattr(obj, "display_name", "") or str(obj))
