"""A private PostgreSQL cluster for tests: `initdb` in a temp directory, `pg_ctl start` on a
free 127.0.0.1 port, stopped and removed afterwards. Nothing of the machine's own clusters
is touched.

The server binaries come from PATH or Debian's /usr/lib/postgresql/<version>/bin (the
`postgresql` package, which .ci/run installs). PostgreSQL refuses to run as root: as root
the cluster runs as the `postgres` user the package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"
SUPERUSER = "newscrawl"


def server_binaries() -> Path | None:
    """The directory holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parent.parent.name))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@dataclass
class PostgresCluster:
    bindir: Path
    home: Path
    port: int
    run_as: list[str]

    @property
    def data(self) -> Path:
        return self.home / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@{LOOPBACK}:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.data),
                               *args], capture_output=True, text=True, timeout=120,
                              check=False)

    def start(self) -> subprocess.CompletedProcess:
        """Start (or restart) the server on its port."""
        options = (f"-p {self.port} -c listen_addresses={LOOPBACK} "
                   f"-c unix_socket_directories={self.home} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        return self.pg_ctl("-o", options, "-l", str(self.home / "server.log"),
                           "-w", "-t", "60", "start")

    def stop(self) -> subprocess.CompletedProcess:
        """Stop the server at once, as a crash or a lost database host would."""
        return self.pg_ctl("-m", "immediate", "-w", "stop")

    def log(self) -> str:
        path = self.home / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


@contextlib.contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    bindir = server_binaries()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found: "
                                "apt-get install postgresql")
    home = Path(tempfile.mkdtemp(prefix="newscrawl-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(home, account.pw_uid, account.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    cluster = PostgresCluster(bindir, home, 0, run_as)
    try:
        made = subprocess.run(
            [*run_as, str(bindir / "initdb"), "-D", str(cluster.data), "-U", SUPERUSER,
             "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
            capture_output=True, text=True, timeout=180, check=False)
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed: {made.stderr[-2000:]}")
        for _attempt in range(3):  # another process may take the free port first
            cluster.port = _free_port()
            started = cluster.start()
            if started.returncode == 0:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"pg_ctl start failed: {started.stderr}\n{cluster.log()}")
        yield cluster
    finally:
        with contextlib.suppress(Exception):
            cluster.stop()
        shutil.rmtree(home, ignore_errors=True)
