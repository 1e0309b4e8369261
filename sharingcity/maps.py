"""Places on maps and the way to them: the tile settings every page's map reads, the places a map shows,
and the directions link of the map service the city chose."""

from urllib.parse import quote

from django.conf import settings


def map_settings(request):
    """Context processor: where map tiles come from and whom they credit."""
    return {"MAP_TILE_URL": settings.MAP_TILE_URL, "MAP_ATTRIBUTION": settings.MAP_ATTRIBUTION}


def directions_url(latitude, longitude, name: str = "") -> str:
    """The directions service's link to a point ({lat}, {lng} and {name} in MAP_DIRECTIONS_URL)."""
    return (
        settings.MAP_DIRECTIONS_URL.replace("{lat}", f"{float(latitude):.6f}")
        .replace("{lng}", f"{float(longitude):.6f}")
        .replace("{name}", quote(name))
    )


def place(name: str, latitude, longitude, url: str, note: str = "") -> dict:
    """One marker: what the map script draws and links to."""
    return {
        "name": str(name),
        "lat": round(float(latitude), 6),
        "lng": round(float(longitude), 6),
        "url": url,
        "note": note,
    }


def places_of(objects, via: str = "") -> list[dict]:
    """One marker per place with coordinates: the objects themselves, or the related object named `via`
    (a car's lot, a service's organisation), each place once. Places without coordinates are left off
    the map, never off the list."""
    markers = {}
    for obj in objects:
        located = getattr(obj, via) if via else obj
        if located is None or located.latitude is None or located.longitude is None:
            continue
        url = located.get_absolute_url()
        name = getattr(located, "display_name", "") or str(located)
        markers.setdefault(url, place(name, located.latitude, located.longitude, url))
    return list(markers.values())
