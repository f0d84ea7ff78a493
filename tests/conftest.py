"""Shared fixtures: the hand-made samples of ../shared (CI has them beside the checkout)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from postgres_server import PostgresCluster, postgres_cluster, server_binaries

from newscrawl.devtools.mirror import RunningMirror, pages_from_manifest, serve
from newscrawl.ops.state import CrawlState

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples" / "baodantoc"


def load_manifest() -> list[dict]:
    return json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))


def load_expected() -> list[dict]:
    with (SAMPLES / "expected.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def fetched_at(entry: dict) -> datetime:
    return datetime.fromisoformat(entry["fetched_at"].replace("Z", "+00:00"))


@pytest.fixture(scope="session")
def manifest() -> list[dict]:
    if not SAMPLES.is_dir():
        pytest.fail(f"sample set missing: {SAMPLES} (../shared must sit beside the checkout)")
    return load_manifest()


@pytest.fixture(scope="session")
def expected() -> list[dict]:
    return load_expected()


def run_crawl(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`scrapy crawl baodantoc ARGS` in `cwd` (so output/ lands there), politeness off."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("NEWSCRAWL_STATE_URL", None)  # a developer's own state is never used by tests
    # The sample site links to many pages it does not hold: its 404s are expected, so
    # the error-rate monitor is relaxed here (tests of the monitors set their own).
    command = [sys.executable, "-m", "scrapy", "crawl", "baodantoc",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
               "-s", "NEWSCRAWL_MAX_ERROR_RATE=1.0", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture()
def samples_mirror() -> Iterator[RunningMirror]:
    """The sample site on a real loopback HTTP server, each page with its manifest Date."""
    with serve(pages_from_manifest(SAMPLES)) as mirror:
        yield mirror


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A private PostgreSQL cluster for the session (tests/postgres_server.py). Where the
    server is not installed the tests needing it are skipped, except in CI (CI=true),
    whose .ci/run installs it: there they fail."""
    if server_binaries() is None:
        message = "PostgreSQL server not installed (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with postgres_cluster() as cluster:
        yield cluster


@dataclass
class StateStore:
    """Where a test's crawl state lives: the default SQLite file under `cwd`, or a fresh
    PostgreSQL database; `args` are the crawl arguments selecting it."""

    cwd: Path
    url: str | None = None

    @property
    def args(self) -> list[str]:
        return ["-s", f"NEWSCRAWL_STATE_URL={self.url}"] if self.url else []

    def open(self) -> CrawlState:
        return CrawlState(self.cwd / ".newscrawl", "baodantoc", url=self.url)


@pytest.fixture(params=["sqlite", "postgres"])
def state_store(request: pytest.FixtureRequest, tmp_path: Path) -> StateStore:
    """Each test using it runs once per state backend."""
    if request.param == "postgres":
        return StateStore(tmp_path, request.getfixturevalue("postgres").new_database())
    return StateStore(tmp_path)
