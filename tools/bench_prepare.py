"""The benchmark's look inside one scale's database (run with that database's settings): the endpoints
to drive, session cookies for the signed-in ones, the volumes, and the plans and SQL time of the two
searches (the hub search also at 100,000 services, inside a transaction that is rolled back)."""

import json
import os
import platform
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from sharingcity.models import User
from sharingcity.programmes import PROGRAMME_APPS
from tools import bench_endpoints

HUB_AT_LEAST = 100_000


def session_cookie(email):
    from importlib import import_module

    user = User.objects.filter(email=email).first()
    if user is None:
        return None
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(24 * 3600)
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def explain_page(path):
    """Run the page in this process and EXPLAIN ANALYZE each of its queries (sessions and users aside)."""
    with CaptureQueriesContext(connection) as captured:
        Client(HTTP_HOST="127.0.0.1").get(path)
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or '"django_session"' in sql or '"sharingcity_user"' in sql:
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            execution = float(plan.rsplit("Execution Time:", 1)[1].split("ms")[0])
            planning = float(plan.rsplit("Planning Time:", 1)[1].split("ms")[0])
            plans.append({"sql": sql, "plan": plan, "ms": execution + planning})
    return plans


def hub_search_at(least):
    """The hub search over at least `least` services: copies of the published ones are added inside a
    transaction, measured, and rolled back."""
    from hub.models import Service

    with transaction.atomic():
        count = Service.objects.count()
        copies = max(0, -(-least // max(count, 1)) - 1)
        with connection.cursor() as cursor:
            columns = [
                f.column for f in Service._meta.concrete_fields if f.column not in ("id", "slug") and not f.generated
            ]
            names = ", ".join(f'"{c}"' for c in columns)
            for n in range(1, copies + 1):
                cursor.execute(
                    f'INSERT INTO hub_service ("slug", {names}) SELECT "slug" || \'-copy-{n}\', {names} '
                    "FROM hub_service WHERE slug NOT LIKE '%%-copy-%%'"
                )
            cursor.execute("ANALYZE hub_service")
        total = Service.objects.count()
        plans = explain_page(bench_endpoints_path("hub-search"))
        plans += explain_page(reverse("hub:service-list") + "?q=" + quote(bench_endpoints.HUB_NARROW))
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE hub_service")  # ANALYZE's figures outlive the rollback: take them again
    return total, plans


def bench_endpoints_path(key):
    return next(e.path for e in bench_endpoints.endpoints() if e.key == key)


def volumes():
    counts = []
    with connection.cursor() as cursor:
        for app in PROGRAMME_APPS:
            for model in apps.get_app_config(app).get_models():
                # The planner's estimate: exact counts of million-row tables take seconds.
                table = model._meta.db_table
                cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
                estimate = cursor.fetchone()[0]
                if estimate > 0:
                    counts.append((str(model._meta.verbose_name_plural), estimate))
    return counts


def machine():
    cpu = platform.processor() or platform.machine()
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return f"{cpu}, {os.cpu_count()} cores, {memory} GiB RAM, Python {platform.python_version()}, PostgreSQL {pg}"


def prepare(with_large_hub=False):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give a live site
    endpoints = [e.as_dict() for e in bench_endpoints.endpoints()]
    cookies = {}
    for endpoint in endpoints:
        if endpoint["user"] and endpoint["user"] not in cookies:
            cookies[endpoint["user"]] = session_cookie(endpoint["user"])
    with translation.override("en"):
        counted = volumes()
    with translation.override("ko"):
        plans = {
            "hub-search": explain_page(bench_endpoints_path("hub-search")),
            "hub-search-narrow": explain_page(reverse("hub:service-list") + "?q=" + quote(bench_endpoints.HUB_NARROW)),
            "facility-search": explain_page(bench_endpoints_path("facility-search")),
        }
        large = hub_search_at(HUB_AT_LEAST) if with_large_hub else None
    return {
        "endpoints": endpoints,
        "cookies": cookies,
        "volumes": counted,
        "machine": machine(),
        "plans": plans,
        "hub_large": {"services": large[0], "plans": large[1]} if large else None,
    }


def main(with_large_hub):
    print("PREPARED " + json.dumps(prepare(with_large_hub)))
