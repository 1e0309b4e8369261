"""A private PostgreSQL cluster for development and tests, used when DATABASE_URL is unset.

The cluster lives in the git-ignored `.pgdata/` folder of the checkout and listens only on a
Unix socket, so several checkouts never fight over a port. As root it runs as the `postgres`
system user, because initdb refuses to run as root. The same functions run other clusters in
other folders (`Cluster`), e.g. a throw-away one that a test stops and starts.

    python -m sharingcity.devdb start|stop|status|url
"""

import fcntl
import glob
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA_ROOT = BASE_DIR / ".pgdata"
DB_NAME = "sharingcity"
DB_USER = "sharingcity"
# A Unix socket path may hold at most 107 bytes; ".s.PGSQL.5432" takes 14 of them.
MAX_SOCKET_DIR = 90
INSTALL_HINT = (
    "PostgreSQL is not installed: install it with `apt-get install postgresql` "
    "or point DATABASE_URL at a PostgreSQL 15 server."
)


class DevDbError(RuntimeError):
    pass


def socket_dir(root: Path = PGDATA_ROOT) -> Path:
    """Where the socket lives: inside the cluster's folder, or a short temporary folder when the path is long."""
    inside = root / "run"
    if len(str(inside)) <= MAX_SOCKET_DIR:
        return inside
    digest = hashlib.sha1(str(root.parent).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"sc-pg-{digest}"


@dataclass(frozen=True)
class Cluster:
    """A cluster kept in `root` (its data, log and lock), listening only on a socket in `socket_dir(root)`."""

    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "postgres.log"

    @property
    def socket(self) -> Path:
        return socket_dir(self.root)

    @property
    def url(self) -> str:
        return f"postgres://{DB_USER}@/{DB_NAME}?host={self.socket}"


PRIVATE = Cluster(PGDATA_ROOT)


def database_settings() -> dict:
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DB_NAME,
        "USER": DB_USER,
        "HOST": str(PRIVATE.socket),
        "PORT": "",
    }


def find_bin_dir() -> Path:
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        # Debian links pg_ctl into PATH; its siblings (psql, postgres) live beside the real file.
        return Path(on_path).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    if not candidates:
        raise DevDbError(INSTALL_HINT)
    return Path(candidates[-1]).parent


def _run_as_owner(args, **kwargs):
    """Run a PostgreSQL program as the cluster owner: ourselves, or `postgres` when we are root."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=False, capture_output=True, text=True, **kwargs)


def _prepare_dirs(cluster: Cluster):
    cluster.root.mkdir(exist_ok=True)
    sock = cluster.socket
    sock.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        try:
            pg = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise DevDbError("Running as root needs the `postgres` system user (apt-get install postgresql).") from exc
        for path in (cluster.root, sock):
            os.chown(path, pg.pw_uid, pg.pw_gid)
        # The postgres user must be able to reach the checkout.
        check = _run_as_owner(["test", "-w", str(cluster.root)])
        if check.returncode != 0:
            raise DevDbError(
                f"The postgres user cannot write to {cluster.root}; move the checkout to a "
                "world-readable path or set DATABASE_URL."
            )


def is_running(bin_dir=None, cluster: Cluster = PRIVATE) -> bool:
    bin_dir = bin_dir or find_bin_dir()
    if not (cluster.data_dir / "PG_VERSION").exists():
        return False
    return _run_as_owner([str(bin_dir / "pg_ctl"), "-D", str(cluster.data_dir), "status"]).returncode == 0


def start(cluster: Cluster = PRIVATE) -> None:
    """Initialise the cluster the first time, start it unless it runs, and create the portal's database."""
    bin_dir = find_bin_dir()
    cluster.root.mkdir(exist_ok=True)
    with open(cluster.root / ".lock", "w") as lock:
        # Two `make` commands may start at once; only one initialises and starts the cluster.
        fcntl.flock(lock, fcntl.LOCK_EX)
        _prepare_dirs(cluster)
        if not (cluster.data_dir / "PG_VERSION").exists():
            result = _run_as_owner(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(cluster.data_dir),
                    "-U",
                    DB_USER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",  # like fsync=off below: a throw-away cluster need not wait for the disk
                ]
            )
            if result.returncode != 0:
                raise DevDbError(f"initdb failed:\n{result.stdout}{result.stderr}")
        if not is_running(bin_dir, cluster):
            options = (
                f"-c listen_addresses='' -c unix_socket_directories='{cluster.socket}' "
                "-c unix_socket_permissions=0777 -c max_connections=200 "
                # A throw-away development cluster: durability is not worth the wait.
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            data, log_file = str(cluster.data_dir), str(cluster.log_file)
            result = _run_as_owner([str(bin_dir / "pg_ctl"), "-D", data, "-l", log_file, "-o", options, "-w", "start"])
            if result.returncode != 0:
                log = cluster.log_file.read_text()[-2000:] if cluster.log_file.exists() else ""
                raise DevDbError(f"PostgreSQL did not start:\n{result.stdout}{result.stderr}\n{log}")
        _ensure_database(bin_dir, cluster)


def _ensure_database(bin_dir: Path, cluster: Cluster) -> None:
    psql = [str(bin_dir / "psql"), "-h", str(cluster.socket), "-U", DB_USER, "-d", "postgres", "-tAc"]
    for _ in range(50):
        found = subprocess.run(
            [*psql, f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'"], capture_output=True, text=True
        )
        if found.returncode == 0:
            break
        time.sleep(0.1)
    else:
        raise DevDbError(f"Cannot connect to the development cluster: {found.stderr}")
    if found.stdout.strip() != "1":
        subprocess.run([*psql, f"CREATE DATABASE {DB_NAME}"], check=True, capture_output=True)


def stop(cluster: Cluster = PRIVATE) -> None:
    """Stop the cluster in "fast" mode: open transactions are rolled back, sessions are cut off."""
    bin_dir = find_bin_dir()
    if is_running(bin_dir, cluster):
        _run_as_owner([str(bin_dir / "pg_ctl"), "-D", str(cluster.data_dir), "-m", "fast", "-w", "stop"])


def main(argv):
    command = argv[1] if len(argv) > 1 else "start"
    if os.environ.get("DATABASE_URL") and command == "start":
        print("DATABASE_URL is set: using that server.")
        return 0
    try:
        if command == "start":
            start()
            print(f"PostgreSQL is running on socket {PRIVATE.socket}")
        elif command == "stop":
            stop()
            print("PostgreSQL stopped.")
        elif command == "status":
            print("running" if is_running() else "stopped")
        else:
            print("usage: python -m sharingcity.devdb start|stop|status", file=sys.stderr)
            return 2
    except DevDbError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
