"""Every GBFS feed is built at most once per its ttl and served from the shared cache (Redis in
production, see CACHES in the settings), so a journey planner polling every few seconds costs no query.

A copy is kept a little past its ttl: when it goes stale, one worker takes a short lock and rebuilds
it while the others keep serving the last copy, so that no burst of requests rebuilds it many times."""

import json
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from carshare.gbfs.rows import TTL

# How long a stale copy may still be served while another worker rebuilds it.
GRACE = 30


def now() -> float:
    return time.time()


def cache_key(request, version, name) -> str:
    # The feeds hold absolute URLs, so each host (and scheme) has its own copy.
    return f"gbfs:{version}:{name}:{request.scheme}://{request.get_host()}"


def cached_body(key, ttl, build):
    """(body, seconds it stays fresh): the cached copy while it is fresh, else one built now."""
    entry = cache.get(key)
    moment = now()
    if entry and entry["fresh_until"] > moment:
        return entry["body"], entry["fresh_until"] - moment
    if entry and not cache.add(f"{key}:rebuilding", 1, timeout=GRACE):
        return entry["body"], 0
    body = build()
    cache.set(key, {"body": body, "fresh_until": moment + ttl}, timeout=ttl + GRACE)
    cache.delete(f"{key}:rebuilding")
    return body, ttl


def feed_view(version, name, build):
    """A view serving `build(request)` (the feed's whole JSON document) from the cache."""

    @require_GET
    def view(request):
        def render():
            return json.dumps(build(request), ensure_ascii=False, separators=(",", ":")).encode()

        body, fresh_for = cached_body(cache_key(request, version, name), TTL[name], render)
        response = HttpResponse(body, content_type="application/json")
        response["Cache-Control"] = f"public, max-age={int(fresh_for)}"
        # Open data: any journey planner may read it from the browser.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    view.__name__ = name
    return view
