"""`make bench`: load-test the production server on loopback with wrk, at two data scales in one run.

    python -m tools.bench                  # demo volumes (scale 1), compared with scale 2
    python -m tools.bench --scale seoul    # Seoul's volumes, compared with the demo volumes

Each scale gets a database of its own on the same server (`<name>_bench_<scale>`), migrated and seeded
once (the seeding time is kept in the database's comment; `--reseed` starts it again), and a gunicorn of
its own (production settings, debug off, plus tools/bench_settings.py). Every endpoint of
tools/bench_endpoints.py is driven with wrk at both scales back to back, so noise from other work on the
machine falls on both alike, next to two floors measured in the same run: `/healthz` (one trivial query)
and a constant page of the home page's size (the template floor). The run prints a table, rewrites its
section of docs/performance.md and exits 1 when a target of docs/performance.md is missed.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
REPORT = BASE_DIR / "docs" / "performance.md"
SEOUL = "seoul"
QUERY_FLOOR = {"key": "floor-query", "label": "Floor: /healthz (one trivial query)", "path": "/healthz"}
TEMPLATE_FLOOR = {
    "key": "floor-template",
    "label": "Floor: a constant page of the home page's size",
    "path": "/_bench/template-floor",
}
# The targets (docs/performance.md).
TEMPLATE_FLOOR_SHARE = 0.5
P95_MS = 150
SCALE_SHARE = 0.8
HUB_SQL_MS = 20
SEED_SECONDS = 600
GBFS_FLOOR_SHARE = 1.0
PROBES = 10

# wrk reports percentiles through its Lua hook; the C summary has no p95.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"errors\\": %d, \\"non2xx\\": %d, "
    .. "\\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
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


class Bench:
    def __init__(self, options):
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharingcity.settings")
        django.setup()
        from django.db import connection

        self.options = options
        self.connection = connection
        self.manage = [sys.executable, str(BASE_DIR / "manage.py")]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        self.script = script

    # Databases and servers.
    def admin_cursor(self):
        import psycopg2

        params = self.connection.get_connection_params()
        params["dbname"] = "postgres"
        conn = psycopg2.connect(**params)
        conn.autocommit = True
        return conn

    def database(self, scale):
        """Create, migrate and (once) seed the scale's database; return its environment and seeding time."""
        name = f"{self.connection.settings_dict['NAME']}_bench_{scale}"
        conn = self.admin_cursor()
        with conn.cursor() as cursor:
            if self.options.reseed:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
            row = cursor.fetchone()
            if row is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
            seeded = re.search(r"seeded at scale (\S+) in (\d+) s", (row and row[0]) or "")
        env = {
            **os.environ,
            "DATABASE_URL": database_url(self.connection.settings_dict, name),
            "DJANGO_SETTINGS_MODULE": "tools.bench_settings",
            "DJANGO_DEBUG": "0",
            # The load generator is one client: rate limits would measure the limiter, not the portal.
            "API_ANON_RATE": "1000000000/hour",
            "API_KEY_RATE": "1000000000/hour",
        }
        self.say(f"Database {name}: migrating ...")
        subprocess.run([*self.manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        if seeded and seeded.group(1) == scale:
            seconds = int(seeded.group(2))
            self.say(f"Database {name}: seeded before at scale {scale} (in {seconds} s), reused.")
        else:
            self.say(f"Database {name}: seeding at scale {scale} ...")
            started = time.monotonic()
            subprocess.run([*self.manage, "seed_demo", "--scale", scale], env=env, check=True)
            seconds = round(time.monotonic() - started)
            with conn.cursor() as cursor:
                cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS 'seeded at scale {scale} in {seconds} s'")
        conn.close()
        return env, seconds

    def serve(self, stack, env):
        port = free_port()
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "sharingcity/gunicorn.conf.py", "sharingcity.wsgi"],
            cwd=BASE_DIR,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        )
        stack.callback(lambda: (server.terminate(), server.wait(timeout=30)))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit("gunicorn stopped before it served a request.")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    return base
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 90 s.")

    def prepare(self, env, large_hub):
        command = [sys.executable, "-m", "tools.bench", "--prepare"] + (["--large-hub"] if large_hub else [])
        output = subprocess.run(command, env=env, cwd=BASE_DIR, capture_output=True, text=True)
        match = re.search(r"^PREPARED (.*)$", output.stdout, re.MULTILINE)
        if output.returncode or not match:
            raise SystemExit(f"Preparing the endpoints failed:\n{output.stdout[-3000:]}{output.stderr[-3000:]}")
        return json.loads(match.group(1))

    # Measuring.
    def wrk(self, url, duration, headers):
        connections = self.options.connections
        command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s"]
        for header in headers:
            command += ["-H", header]
        output = subprocess.run([*command, "-s", self.script.name, url], capture_output=True, text=True, check=True)
        match = re.search(r"^RESULT (.*)$", output.stdout, re.MULTILINE)
        if not match:
            raise SystemExit(f"wrk printed no result:\n{output.stdout}{output.stderr}")
        result = json.loads(match.group(1))
        seconds = result["duration_us"] / 1e6
        return {
            "rps": result["requests"] / seconds,
            "p50": result["p50"] / 1000,
            "p95": result["p95"] / 1000,
            "p99": result["p99"] / 1000,
            "errors": result["errors"] + result["non2xx"],
        }

    def probe(self, url, headers):
        """A few requests one at a time: status, size, SQL queries and SQL time (median) per request."""
        found = []
        for _ in range(PROBES):
            request = urllib.request.Request(url, headers={"Accept-Encoding": "identity", **headers})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    status, head, body = response.status, response.headers, response.read()
            except urllib.error.HTTPError as error:
                status, head, body = error.code, error.headers, error.read()
            except OSError:  # a server still busy with the last load: counted, not fatal
                status, head, body = 0, {}, b""
            found.append((status, len(body), int(head.get("X-Query-Count", -1)), float(head.get("X-Query-Time", 0))))
        return {
            "status": found[-1][0],
            "bytes": found[-1][1],
            "queries": statistics.median(f[2] for f in found),
            "sql_ms": statistics.median(f[3] for f in found),
        }

    def measure(self, base, endpoint, cookie, served=True):
        duration = self.options.duration
        headers = {"Cookie": cookie} if cookie else {}
        uncached = {**headers, "Cache-Control": "no-cache"}
        as_header = [f"{k}: {v}" for k, v in uncached.items()]
        self.wrk(base + endpoint["path"], 1, as_header)  # warm every worker and its database connection
        row = self.probe(base + endpoint["path"], uncached)
        row["uncached"] = self.wrk(base + endpoint["path"], duration, as_header)
        if served and not cookie:
            plain = [f"{k}: {v}" for k, v in headers.items()]
            self.wrk(base + endpoint["path"], 1, plain)
            row["served"] = self.wrk(base + endpoint["path"], duration, plain)
        return row

    def say(self, text):
        print(text, flush=True)

    def run(self):
        options = self.options
        if not shutil.which("wrk"):
            raise SystemExit("wrk is not installed: apt-get install wrk")
        scale, other = options.scale, options.against or ("1" if options.scale != "1" else "2")
        scales = [scale, other]
        envs, seeding = {}, {}
        for s in scales:
            envs[s], seeding[s] = self.database(s)
        subprocess.run([*self.manage, "collectstatic", "--noinput", "-v", "0"], env=envs[scale], check=True)
        with ExitStack() as stack:
            bases = {s: self.serve(stack, envs[s]) for s in scales}
            prepared = {s: self.prepare(envs[s], large_hub=s == scale) for s in scales}
            results = self.drive(scales, bases, prepared)
        verdicts = self.verdicts(scales, results, prepared, seeding)
        self.write_report(scales, results, prepared, seeding, verdicts)
        missed = [v for v in verdicts if not v["ok"]]
        for verdict in verdicts:
            self.say(("PASS " if verdict["ok"] else "MISS ") + verdict["text"])
        return 1 if missed else 0

    def drive(self, scales, bases, prepared):
        keys = {s: {e["key"]: e for e in prepared[s]["endpoints"]} for s in scales}
        order = [e["key"] for e in prepared[scales[0]]["endpoints"] if e["key"] in keys[scales[1]]]
        results = {s: {} for s in scales}

        def floors(round_):
            for floor in (QUERY_FLOOR, TEMPLATE_FLOOR):
                for s in scales:
                    row = self.measure(bases[s], floor, None, served=False)
                    results[s].setdefault(floor["key"], []).append(row)
                    self.line(f"{floor['label']} ({round_}) [{s}]", row)

        floors("before")
        for key in order:
            for s in scales:
                endpoint = keys[s][key]
                cookie = prepared[s]["cookies"].get(endpoint["user"]) if endpoint["user"] else None
                row = self.measure(bases[s], endpoint, cookie, served=s == scales[0])
                results[s][key] = row
                self.line(f"{endpoint['label']} [{s}]", row)
        floors("after")
        for s in scales:
            for floor in (QUERY_FLOOR, TEMPLATE_FLOOR):
                rounds = results[s][floor["key"]]
                merged = dict(rounds[-1])
                merged["uncached"] = {
                    k: statistics.mean(r["uncached"][k] for r in rounds) for k in rounds[0]["uncached"]
                }
                results[s][floor["key"]] = merged
        return results

    def line(self, label, row):
        u = row["uncached"]
        served = f"served {row['served']['rps']:6.0f} req/s | " if "served" in row else ""
        self.say(
            f"{label[:70]:70} {served}uncached {u['rps']:6.0f} req/s p95 {u['p95']:7.1f} ms | "
            f"{row['queries']:.0f} q {row['sql_ms']:6.2f} ms SQL | {row['bytes']} B | {row['status']}"
        )

    # Targets.
    def verdicts(self, scales, results, prepared, seeding):
        scale, other = scales
        mine, theirs = results[scale], results[other]
        query_floor = mine[QUERY_FLOOR["key"]]["uncached"]["rps"]
        template_floor = mine[TEMPLATE_FLOOR["key"]]["uncached"]["rps"]
        bigger_first = self.size(scale) >= self.size(other)
        out = []

        def check(ok, text):
            out.append({"ok": bool(ok), "text": text})

        for endpoint in prepared[scale]["endpoints"]:
            key, label = endpoint["key"], endpoint["label"]
            if key not in mine or key not in theirs:
                continue
            u = mine[key]["uncached"]
            if endpoint["feed"]:
                check(
                    u["rps"] >= GBFS_FLOOR_SHARE * query_floor,
                    f"{label}: {u['rps']:.0f} req/s uncached, {u['rps'] / query_floor:.2f} × the one-query floor "
                    f"(target ≥ {GBFS_FLOOR_SHARE}; the feed's own caching)",
                )
            else:
                check(
                    u["rps"] >= TEMPLATE_FLOOR_SHARE * template_floor,
                    f"{label}: {u['rps']:.0f} req/s uncached, {u['rps'] / template_floor:.2f} × the template floor "
                    f"(target ≥ {TEMPLATE_FLOOR_SHARE})",
                )
                check(u["p95"] < P95_MS, f"{label}: p95 {u['p95']:.0f} ms uncached (target < {P95_MS} ms)")
            big, small = (mine, theirs) if bigger_first else (theirs, mine)
            share = big[key]["uncached"]["rps"] / max(small[key]["uncached"]["rps"], 1e-9)
            check(
                share >= SCALE_SHARE,
                f"{label}: {share:.2f} × its throughput at the smaller scale (target ≥ {SCALE_SHARE})",
            )
        plans = prepared[scale]["plans"]
        for key, word in (("hub-search", "공유"), ("hub-search-narrow", "냉장고")):
            ms = sum(p["ms"] for p in plans[key])
            check(ms < HUB_SQL_MS, f"Hub search for {word}: {ms:.1f} ms of SQL (target < {HUB_SQL_MS} ms)")
            check(
                any(uses_search_index(p["plan"]) for p in plans[key]),
                f"Hub search for {word}: the GIN index of pieces in the plan",
            )
        large = prepared[scale].get("hub_large")
        if large:
            ms = sum(p["ms"] for p in large["plans"])
            check(
                ms < HUB_SQL_MS and any(uses_search_index(p["plan"]) for p in large["plans"]),
                f"Hub search over {large['services']:,} services: {ms:.1f} ms of SQL, by index "
                f"(target < {HUB_SQL_MS} ms)",
            )
        if scale == SEOUL:
            seconds = seeding[scale]
            check(seconds < SEED_SECONDS, f"Seeding at Seoul scale: {seconds} s (target < {SEED_SECONDS} s)")
        return out

    @staticmethod
    def size(scale):
        return 125 if scale == SEOUL else int(scale)

    # Report.
    def write_report(self, scales, results, prepared, seeding, verdicts):
        scale, other = scales
        mine, theirs = results[scale], results[other]
        query_floor = mine[QUERY_FLOOR["key"]]["uncached"]["rps"]
        template_floor = mine[TEMPLATE_FLOOR["key"]]["uncached"]["rps"]
        info = prepared[scale]
        lines = [
            f"<!-- bench:{scale} -->",
            f"## Scale {scale}, compared with scale {other}",
            "",
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {info['machine']}; "
            f"{self.options.connections} connections, {self.options.duration} s per endpoint and scale, wrk on the "
            f"same machine. Load average at the end: {os.getloadavg()[0]:.1f}.",
            "",
            f"Data at scale {scale}: " + ", ".join(f"{count:,} {label}" for label, count in info["volumes"]) + ".",
            f"Seeding took {seeding[scale]} s at scale {scale} and {seeding[other]} s at scale {other}.",
            "",
            "| Endpoint | served req/s | uncached req/s | × query floor | × template floor | "
            f"× scale {other} | p50 ms | p95 ms | p99 ms | SQL queries | SQL ms | bytes | errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        rows = [QUERY_FLOOR, TEMPLATE_FLOOR, *info["endpoints"]]
        for endpoint in rows:
            key = endpoint["key"]
            if key not in mine:
                continue
            row, u = mine[key], mine[key]["uncached"]
            versus = theirs.get(key, {}).get("uncached", {}).get("rps")
            signed = " (signed in)" if endpoint.get("user") else ""
            cells = [
                f"{endpoint['label']}{signed} (`{endpoint['path']}`)",
                f"{row['served']['rps']:.0f}" if "served" in row else "–",
                f"{u['rps']:.0f}",
                f"{u['rps'] / query_floor:.2f}",
                f"{u['rps'] / template_floor:.2f}",
                f"{u['rps'] / versus:.2f}" if versus else "–",
                f"{u['p50']:.1f}",
                f"{u['p95']:.1f}",
                f"{u['p99']:.1f}",
                f"{row['queries']:.0f}",
                f"{row['sql_ms']:.1f}",
                f"{row['bytes']:,}",
                str(u["errors"] + row.get("served", {}).get("errors", 0)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        passed = sum(v["ok"] for v in verdicts)
        lines += ["", f"Targets: {passed} of {len(verdicts)} met.", ""]
        lines += [f"- {'✓' if v['ok'] else '✗ **missed**:'} {v['text']}" for v in verdicts]
        titles = {
            "hub-search": "the hub search (Korean, 공유)",
            "hub-search-narrow": "the hub search for a narrower word (냉장고)",
            "facility-search": "the facility search",
        }
        for key, plans in info["plans"].items():
            lines += ["", f"EXPLAIN ANALYZE of the queries of {titles[key]} at scale {scale}:"]
            lines += self.plans(plans)
        if info.get("hub_large"):
            lines += ["", f"The hub search over {info['hub_large']['services']:,} services:"]
            lines += self.plans(info["hub_large"]["plans"])
        lines += ["", f"<!-- /bench:{scale} -->"]
        section = "\n".join(lines)
        path = Path(self.options.report)
        text = path.read_text() if path.exists() else "# Performance\n\nWritten by `make bench`.\n"
        pattern = re.compile(rf"<!-- bench:{re.escape(scale)} -->.*?<!-- /bench:{re.escape(scale)} -->", re.DOTALL)
        text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
        path.write_text(text)
        self.say(f"Wrote {path}")

    @staticmethod
    def plans(plans):
        lines = []
        for plan in plans:
            lines += ["", f"{plan['ms']:.2f} ms (planning and execution):", "", "```sql", plan["sql"], "```", "```"]
            lines += [plan["plan"], "```"]
        return lines


def uses_search_index(plan):
    return "Bitmap Index Scan on hub_service_search_grams" in plan


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="1", help="Data scale: a number, or 'seoul'.")
    parser.add_argument("--against", help="The scale to compare with (default: 1, or 2 when --scale is 1).")
    parser.add_argument("--duration", type=int, default=8, help="Seconds of load per endpoint and scale.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--reseed", action="store_true", help="Drop the scales' databases and seed them again.")
    parser.add_argument("--report", default=str(REPORT))
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--large-hub", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.prepare:
        import django

        django.setup()
        from django.conf import settings

        settings.PAGE_CACHE_SECONDS = 0
        from tools.bench_prepare import main as prepare

        return prepare(options.large_hub)
    return Bench(options).run()


if __name__ == "__main__":
    sys.exit(main())
