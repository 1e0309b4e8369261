"""The production configuration runs: gunicorn with debug off, static files hashed and served by whitenoise."""

import re

import pytest

from tests.servers import fetch, production_server


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_portal_with_debug_off_and_long_cached_static_files():
    with production_server() as base:
        status, _, body = fetch(f"{base}/healthz")
        assert status == 200 and b'"database": "ok"' in body

        status, headers, body = fetch(f"{base}/")
        assert status == 200
        assert "Content-Security-Policy" in headers
        stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
        assert stylesheet, "the page should link the content-hashed stylesheet"
        status, headers, _ = fetch(base + stylesheet.group(1).decode())
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
