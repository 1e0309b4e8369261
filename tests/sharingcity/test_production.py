"""The production configuration runs: gunicorn with debug off, static files hashed and served by whitenoise."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, dict(response.headers), response.read()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_portal_with_debug_off_and_long_cached_static_files():
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
    )
    assert collect.returncode == 0, collect.stderr
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "sharingcity/gunicorn.conf.py", "sharingcity.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, body = fetch(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert status == 200 and b'"database": "ok"' in body

        status, headers, body = fetch(f"{base}/")
        assert status == 200
        assert "Content-Security-Policy" in headers
        stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
        assert stylesheet, "the page should link the content-hashed stylesheet"
        status, headers, _ = fetch(base + stylesheet.group(1).decode())
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=20)
