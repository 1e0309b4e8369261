"""The production server (gunicorn, debug off) started by a test against the test database or another one."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def current_database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}"


def static_files_are_collected():
    """True when the hashed static files are newer than every source file: collecting again would only
    hash and compress them all once more (many seconds on a busy machine)."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected_at = manifest.stat().st_mtime
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore):
            if os.stat(storage.path(path)).st_mtime > collected_at:
                return False
    return True


@contextmanager
def production_server(workers=2, database_url=None, log_path=None, **environment):
    """Yield the base URL of gunicorn serving the portal on `database_url`, by default the test database
    (which needs a transactional test), once its health check answers 200 (so the database may still be
    starting while gunicorn boots). The server's own log goes to `log_path` (a temporary file if not
    given); it is a file, not a pipe, so a chatty server never blocks on a full pipe."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url or current_database_url(),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        **environment,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if not static_files_are_collected():
        collect = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
        )
        assert collect.returncode == 0, collect.stderr
    with open(log_path, "w+b") if log_path else tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "sharingcity/gunicorn.conf.py", "sharingcity.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60  # a busy two-core machine boots slowly
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None:
                        log.seek(0)
                        raise AssertionError(f"gunicorn stopped:\n{log.read().decode()}") from None
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)  # gunicorn's graceful_timeout is 20 s
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
