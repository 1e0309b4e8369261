"""With a read replica configured, safe reads go to it and everything that must be current goes to the
primary. Shown against two real PostgreSQL servers: a primary and a streaming replica of it."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sharingcity import devdb

BASE_DIR = Path(__file__).resolve().parents[2]


def as_owner(args):
    result = devdb._run_as_owner([str(arg) for arg in args])
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def primary_and_replica():
    bin_dir = devdb.find_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="sc-repl-"))  # short, so the socket paths fit
    primary, replica = root / "primary", root / "replica"
    # Sockets outside the data folders: a base backup would copy the primary's socket lock file.
    primary_socket, replica_socket = root / "ps", root / "rs"
    primary_socket.mkdir()
    replica_socket.mkdir()
    if os.geteuid() == 0:
        for path in (root, primary_socket, replica_socket):
            shutil.chown(path, "postgres", "postgres")
    as_owner([bin_dir / "initdb", "-D", primary, "-U", "sharingcity", "--auth=trust", "--locale=C.UTF-8", "--no-sync"])
    options = "-c listen_addresses='' -c unix_socket_directories='{}' -c fsync=off -c wal_level=replica"
    as_owner(
        [
            bin_dir / "pg_ctl",
            "-D",
            primary,
            "-l",
            root / "primary.log",
            "-o",
            options.format(primary_socket),
            "-w",
            "-t",
            "20",
            "start",
        ]
    )
    try:
        as_owner(
            [
                bin_dir / "psql",
                "-h",
                primary_socket,
                "-U",
                "sharingcity",
                "-d",
                "postgres",
                "-c",
                "CREATE DATABASE portal",
            ]
        )
        as_owner(
            [
                bin_dir / "pg_basebackup",
                "-h",
                primary_socket,
                "-U",
                "sharingcity",
                "-D",
                replica,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ]
        )
        as_owner(
            [
                bin_dir / "pg_ctl",
                "-D",
                replica,
                "-l",
                root / "replica.log",
                "-o",
                options.format(replica_socket),
                "-w",
                "start",
            ]
        )
        yield (
            f"postgres://sharingcity@/portal?host={primary_socket}",
            f"postgres://sharingcity@/portal?host={replica_socket}",
        )
    finally:
        for data in (replica, primary):
            if (data / "postmaster.pid").exists():
                devdb._run_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


def test_safe_reads_go_to_the_replica_and_everything_else_to_the_primary(primary_and_replica):
    primary_url, replica_url = primary_and_replica
    env = {
        **os.environ,
        "DATABASE_URL": primary_url,
        "DATABASE_REPLICA_URL": replica_url,
        "DJANGO_PAGE_CACHE_SECONDS": "0",
    }
    env.pop("DJANGO_TEST_DB_NAME", None)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stderr
    probe = subprocess.run(
        [sys.executable, "tests/sharingcity/replica_probe.py"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    result = json.loads(probe.stdout.strip().splitlines()[-1])

    assert result["write_reached_replica"], "streaming replication did not deliver the write"
    assert result["page_read"]["replica"] > 0 and result["page_read"]["primary"] == 0, result
    assert result["pinned_after_write"]
    assert result["read_after_write"]["replica"] == 0 and result["read_after_write"]["primary"] > 0, result
    assert result["read_in_transaction"]["replica"] == 0, result
    assert result["read_outside_request"]["replica"] == 0, result
