"""Settings of the server `make bench` measures: the production settings, plus the benchmark's floors
(tools/bench_urls.py) and a middleware that reports each request's SQL queries and their time."""

from sharingcity.settings import *  # noqa: F403
from sharingcity.settings import BASE_DIR, MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "tools.bench_urls"
MIDDLEWARE = ["tools.bench_middleware.QueryStatsMiddleware", *MIDDLEWARE]
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "tools" / "templates"]}]
