"""`make bench`: load-test the production server on loopback with wrk, at a chosen data scale.

    python manage.py bench --scale 1        # demo volumes
    python manage.py bench --scale seoul    # Seoul's volumes (seeding takes minutes)

The outer run creates a database of its own for the scale (`<name>_bench_<scale>` on the same server),
migrates and seeds it, starts gunicorn (debug off) against it, and runs itself again with `--drive`
in that environment to measure each endpoint. Each programme lists its endpoints in
`bench_endpoints()` of its `programme` module. Results go to docs/performance.md, one section per scale.
"""

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import import_module
from pathlib import Path
from urllib.parse import quote

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from sharingcity.programmes import PROGRAMME_APPS

BASE_DIR = Path(settings.BASE_DIR)
REPORT = BASE_DIR / "docs" / "performance.md"
FLOOR = ("Floor: /healthz (one trivial query)", "/healthz")

# wrk reports percentiles through its Lua hook; the C summary has no p95.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"bytes\\": %d, \\"errors\\": %d, \\"non2xx\\": %d, "
    .. "\\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d}\\n",
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def database_url(settings_dict, name):
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings_dict.get("HOST") or ""
    port = settings_dict.get("PORT") or ""
    if host.startswith("/"):
        return f"postgres://{auth}/{name}?host={host}" + (f"&port={port}" if port else "")
    return f"postgres://{auth}{host}{':' + str(port) if port else ''}/{name}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = "Benchmark the production server with wrk at a data scale; write docs/performance.md."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="1", help="Data scale: a number, or 'seoul'.")
        parser.add_argument("--duration", type=int, default=8, help="Seconds of load per endpoint.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--skip-seed", action="store_true", help="Reuse the scale's database as it is.")
        parser.add_argument("--drive", help=argparse_hidden())
        parser.add_argument("--report", default=str(REPORT))

    def handle(self, *args, **options):
        if options["drive"]:
            return self.drive(options)
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: apt-get install wrk")
        scale = options["scale"]
        name = f"{connection.settings_dict['NAME']}_bench_{scale}"
        self.create_database(name)
        env = {
            **os.environ,
            "DATABASE_URL": database_url(connection.settings_dict, name),
            "DJANGO_DEBUG": "0",
            "DJANGO_QUERY_COUNT_HEADER": "1",
            # The load generator is one client: rate limits would measure the limiter, not the portal.
            "API_ANON_RATE": "1000000000/hour",
            "API_KEY_RATE": "1000000000/hour",
        }
        manage = [sys.executable, str(BASE_DIR / "manage.py")]
        self.stdout.write(f"Database {name}: migrating and seeding at scale {scale} ...")
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        if not options["skip_seed"]:
            started = time.monotonic()
            subprocess.run([*manage, "seed_demo", "--scale", scale], env=env, check=True)
            env["BENCH_SEED_SECONDS"] = f"{time.monotonic() - started:.0f}"
        subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
        port = free_port()
        env["BENCH_BASE_URL"] = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "sharingcity/gunicorn.conf.py", "sharingcity.wsgi"],
            cwd=BASE_DIR,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        )
        try:
            self.wait_for(env["BENCH_BASE_URL"] + "/healthz", server)
            drive = [*manage, "bench", "--drive", scale, "--duration", str(options["duration"])]
            drive += ["--connections", str(options["connections"]), "--report", options["report"]]
            subprocess.run(drive, env=env, check=True)
        finally:
            server.terminate()
            server.wait(timeout=30)

    def create_database(self, name):
        params = connection.get_connection_params()
        params["dbname"] = "postgres"
        conn = psycopg2.connect(**params)
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
        conn.close()

    def wait_for(self, url, server):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn stopped before it served a request.")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not answer within a minute.")

    # The inner run: in the scale's environment, against the running server.
    def drive(self, options):
        base = os.environ["BENCH_BASE_URL"]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give a live site
        endpoints = [FLOOR, ("Home page", "/")]
        for app in PROGRAMME_APPS:
            module = import_module(f"{app}.programme")
            if hasattr(module, "bench_endpoints"):
                endpoints.extend(module.bench_endpoints())
        rows = []
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        for label, path in endpoints:
            # Warm every worker's database connection first: a new connection runs set-up queries once.
            self.run_wrk(base + path, script.name, 1, options, ["Cache-Control: no-cache"])
            status, queries, size = self.probe(base + path)
            row = {"label": label, "path": path, "status": status, "queries": queries, "bytes": size}
            # Twice: as served (anonymous pages may come from the page cache) and with the cache skipped,
            # which is what every signed-in page and every first visit costs.
            for mode, headers in (("served", []), ("uncached", ["Cache-Control: no-cache"])):
                self.run_wrk(base + path, script.name, 1, options, headers)  # warm up
                result = self.run_wrk(base + path, script.name, options["duration"], options, headers)
                seconds = result["duration_us"] / 1e6
                row[mode] = {
                    "rps": result["requests"] / seconds,
                    "p50": result["p50"] / 1000,
                    "p95": result["p95"] / 1000,
                    "p99": result["p99"] / 1000,
                    "errors": result["errors"] + result["non2xx"],
                }
            rows.append(row)
            served, uncached = row["served"], row["uncached"]
            self.stdout.write(
                f"{label:40} {served['rps']:7.0f} req/s p95 {served['p95']:6.1f} ms | uncached {uncached['rps']:6.0f} "
                f"req/s p95 {uncached['p95']:6.1f} ms | {queries} queries {size} bytes status {status}"
            )
        floor = rows[0]["uncached"]["rps"]
        for row in rows:
            for mode in ("served", "uncached"):
                row[mode]["ratio"] = row[mode]["rps"] / floor if floor else 0
        plans = []
        for app in PROGRAMME_APPS:
            module = import_module(f"{app}.programme")
            if hasattr(module, "bench_explain"):
                title, queryset = module.bench_explain()
                plans.append((title, queryset.explain(analyze=True, buffers=True)))
        with translation.override("en"):
            self.write_report(Path(options["report"]), options["drive"], rows, options, plans)

    def probe(self, url):
        request = urllib.request.Request(url, headers={"Accept-Encoding": "identity", "Cache-Control": "no-cache"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, int(response.headers.get("X-Query-Count", -1)), len(response.read())
        except urllib.error.HTTPError as error:
            return error.code, int(error.headers.get("X-Query-Count", -1)), len(error.read())

    def run_wrk(self, url, script, duration, options, headers=()):
        threads = min(2, options["connections"])
        command = ["wrk", f"-t{threads}", f"-c{options['connections']}", f"-d{duration}s", "--timeout", "5s"]
        for header in headers:
            command += ["-H", header]
        output = subprocess.run([*command, "-s", script, url], capture_output=True, text=True, check=True).stdout
        match = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
        if not match:
            raise CommandError(f"wrk printed no result:\n{output}")
        return json.loads(match.group(1))

    def write_report(self, path, scale, rows, options, plans=()):
        volumes = self.volumes()
        lines = [
            f"<!-- bench:{scale} -->",
            f"## Scale {scale}",
            "",
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}; "
            f"{options['connections']} connections, {options['duration']} s per endpoint, wrk on the same machine.",
            "",
            "Data: " + ", ".join(f"{count:,} {label}" for label, count in volumes) + ".",
        ]
        if os.environ.get("BENCH_SEED_SECONDS"):
            lines.append(f"Seeding took {os.environ['BENCH_SEED_SECONDS']} s.")
        lines += [
            "",
            "Served: as a visitor gets it (anonymous pages and API reads may come from the page cache). "
            "Uncached: every request skips the cache (`Cache-Control: no-cache`), the cost of a signed-in "
            "page or a first visit. × floor: throughput over the floor's uncached throughput. "
            "SQL queries: per uncached request (X-Query-Count).",
            "",
            "| Endpoint | served req/s | × floor | p50 ms | p95 ms | p99 ms | uncached req/s | × floor | p50 ms "
            "| p95 ms | p99 ms | SQL queries | bytes | errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows:
            cells = [f"{row['label']} (`{row['path']}`)"]
            for mode in ("served", "uncached"):
                m = row[mode]
                cells += [
                    f"{m['rps']:.0f}",
                    f"{m['ratio']:.2f}",
                    f"{m['p50']:.1f}",
                    f"{m['p95']:.1f}",
                    f"{m['p99']:.1f}",
                ]
            errors = row["served"]["errors"] + row["uncached"]["errors"]
            cells += [str(row["queries"]), f"{row['bytes']:,}", str(errors)]
            lines.append("| " + " | ".join(cells) + " |")
        for title, plan in plans:
            lines += ["", f"EXPLAIN ANALYZE of the {title[0].lower() + title[1:]}:", "", "```", plan, "```"]
        lines += ["", f"<!-- /bench:{scale} -->"]
        section = "\n".join(lines)
        text = path.read_text() if path.exists() else "# Performance\n\nWritten by `make bench`.\n"
        pattern = re.compile(rf"<!-- bench:{re.escape(scale)} -->.*?<!-- /bench:{re.escape(scale)} -->", re.DOTALL)
        text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
        path.write_text(text)
        self.stdout.write(f"Wrote {path}")

    def volumes(self):
        from django.apps import apps

        counts = []
        with connection.cursor() as cursor:
            for app in PROGRAMME_APPS:
                for model in apps.get_app_config(app).get_models():
                    # The planner's estimate: exact counts of million-row tables take seconds.
                    cursor.execute(
                        "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
                    )
                    estimate = cursor.fetchone()[0]
                    if estimate > 0:
                        counts.append((str(model._meta.verbose_name_plural), estimate))
        return counts


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def machine():
    cpu = platform.processor() or platform.machine()
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
        memory = "?"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return f"{cpu}, {os.cpu_count()} cores, {memory} GiB RAM, Python {platform.python_version()}, PostgreSQL {pg}"
