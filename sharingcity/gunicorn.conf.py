"""gunicorn settings for production (`make serve`); every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the views are short and database-bound, so one process per request slot is simplest
# and fastest; two per core keeps the CPU busy while some workers wait on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound; jitter avoids all at once.
# Rarely: a new worker starts with an empty local cache (see warm_up below for the rest).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = 10000
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "warning")
# Behind a load balancer that sets X-Forwarded-Proto; restrict to the balancer's addresses in production.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """The app is loaded (preload_app); compile templates and catalogues before the workers fork."""
    from sharingcity.warmup import warm_up

    server.log.info("Warmed up: %d templates compiled", warm_up())
