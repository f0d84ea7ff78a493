"""The crawl state on PostgreSQL (NEWSCRAWL_STATE_URL) against a private cluster started for
the session (tests/postgres_server.py): moving a state between the backends both ways, a
killed run, the schema version and migration, reset, and the one-line errors.
The behaviours shared with SQLite (re-runs, revisions, aliases, full runs, the lock) run on
both backends in test_incremental.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest
from conftest import REPO, PostgresCluster, read_jsonl, run_crawl
from postgres_server import postgres_cluster

from newscrawl.devtools.mirror import demo_pages, serve
from newscrawl.ops.state import SCHEMA_VERSION, CrawlState, StateError
from newscrawl.ops.state_db import schema_name

SPIDER = "baodantoc"


def newscrawl_cli(cwd: Path, *args: str, stdin: str | None = None
                  ) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("NEWSCRAWL_STATE_URL", None)
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", *args], cwd=cwd, env=env,
                          input=stdin, capture_output=True, text=True, timeout=120,
                          check=False)


def crawl(cwd: Path, mirror_url: str, *args: str) -> list[dict]:
    result = run_crawl(cwd, "-a", f"mirror={mirror_url}", *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(cwd / "output" / "articles.jsonl")


def export_rows(path: Path) -> list[str]:
    """An export's row lines (not its header, which names the source and the time, nor
    its end line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["newscrawl_state"] == SCHEMA_VERSION
    assert json.loads(lines[-1])["end"] is True
    return lines[1:-1]


def test_a_state_moves_from_sqlite_to_postgresql_and_back(tmp_path: Path,
                                                          postgres: PostgresCluster) -> None:
    url = postgres.new_database()
    pages = demo_pages(20)
    with serve(pages) as mirror:
        assert len(crawl(tmp_path, mirror.url)) == 20  # SQLite, the default
        exported = newscrawl_cli(tmp_path, "state", "export", "sqlite.jsonl",
                                 "--dir", ".newscrawl")
        assert exported.returncode == 0, exported.stderr
        assert "articles 20" in exported.stderr
        imported = newscrawl_cli(tmp_path, "state", "import", "sqlite.jsonl", "--url", url)
        assert imported.returncode == 0, imported.stderr
        assert "articles 20" in imported.stdout

        # A run on PostgreSQL knows what the SQLite runs exported: only new articles.
        pages.clear()
        pages.update(demo_pages(25))
        new = crawl(tmp_path, mirror.url, "-s", f"NEWSCRAWL_STATE_URL={url}")
        assert len(new) == 5
        assert crawl(tmp_path, mirror.url, "-s", f"NEWSCRAWL_STATE_URL={url}") == []

        back = tmp_path / "back"
        assert newscrawl_cli(tmp_path, "state", "export", "pg.jsonl", "--url", url
                             ).returncode == 0
        assert newscrawl_cli(tmp_path, "state", "import", "pg.jsonl", "--dir", str(back)
                             ).returncode == 0
        assert newscrawl_cli(tmp_path, "state", "export", "back.jsonl", "--dir", str(back)
                             ).returncode == 0
        assert export_rows(tmp_path / "pg.jsonl") == export_rows(tmp_path / "back.jsonl")
        # ... and the SQLite copy knows all 25.
        again = tmp_path / "again"
        again.mkdir()
        (again / ".newscrawl").symlink_to(back)
        assert crawl(again, mirror.url) == []

    rows = Counter(json.loads(line)["table"] for line in export_rows(tmp_path / "pg.jsonl"))
    assert rows["articles"] == 25
    assert rows["runs"] == 3  # the SQLite run carried over, two PostgreSQL runs
    shown = newscrawl_cli(tmp_path, "state", "show", "--url", url)
    assert shown.returncode == 0 and "articles 25" in shown.stdout
    assert schema_name(SPIDER) in shown.stdout and "@" in shown.stdout


def test_import_refuses_a_cut_file_and_a_state_in_use(tmp_path: Path,
                                                      postgres: PostgresCluster) -> None:
    url = postgres.new_database()
    with serve(demo_pages(6)) as mirror:
        crawl(tmp_path, mirror.url, "-s", f"NEWSCRAWL_STATE_URL={url}")
    assert newscrawl_cli(tmp_path, "state", "export", "full.jsonl", "--url", url
                         ).returncode == 0
    lines = (tmp_path / "full.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "cut.jsonl").write_text("".join(lines[:-3]), encoding="utf-8")

    cut = newscrawl_cli(tmp_path, "state", "import", "cut.jsonl", "--dir", "fresh")
    assert cut.returncode == 2
    assert cut.stderr.strip().splitlines() == [
        "newscrawl: error: the file is cut short (no end line, or fewer rows than it says): "
        "export it again"]
    # Nothing was imported: the whole file then goes in.
    assert newscrawl_cli(tmp_path, "state", "import", "full.jsonl", "--dir", "fresh"
                         ).returncode == 0
    full = newscrawl_cli(tmp_path, "state", "import", "full.jsonl", "--url", url)
    assert full.returncode == 2
    assert full.stderr.startswith("newscrawl: error: the state postgresql://")
    assert "is not empty (6 articles, 1 runs)" in full.stderr
    assert len(full.stderr.strip().splitlines()) == 1


def test_a_killed_run_releases_the_lock_and_nothing_is_lost(tmp_path: Path,
                                                            postgres: PostgresCluster) -> None:
    url = postgres.new_database()
    n = 40
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with serve(demo_pages(n), delay=0.05) as mirror:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", SPIDER, "-a", f"mirror={mirror.url}",
             "-s", f"NEWSCRAWL_STATE_URL={url}", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=2",
             "-s", "NEWSCRAWL_CHECKPOINT_ITEMS=3", "-s", "NEWSCRAWL_MAX_ERROR_RATE=1.0"],
            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _written(tmp_path) >= n // 3:
            assert process.poll() is None, "the crawl ended before it could be killed"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        # The server drops the killed run's session, and its advisory lock with it.
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", f"NEWSCRAWL_STATE_URL={url}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert_each_article_once(tmp_path, n)
    state = CrawlState(None, SPIDER, url=url)
    try:
        assert state.counts() == {"articles": n, "aliases": 0, "pending": 0, "given_up": 0}
    finally:
        state.close()


def assert_each_article_once(cwd: Path, n: int) -> None:
    """The runs' own files hold n articles, each exactly once."""
    exported = Counter(record["url"] for path in (cwd / "output").glob("articles-*.jsonl")
                       for record in read_jsonl(path))
    assert len(exported) == n and set(exported.values()) == {1}, exported.most_common(3)


def _written(cwd: Path) -> int:
    return sum(len(path.read_bytes().splitlines())
               for path in (cwd / "output").glob("articles-*.jsonl"))


def test_the_schema_is_versioned_and_migrated(postgres: PostgresCluster) -> None:
    url = postgres.new_database()
    CrawlState(None, SPIDER, url=url).close()
    schema = schema_name(SPIDER)
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"SET search_path TO {schema}")
        assert db.execute("SELECT version FROM schema_version").fetchall() == [
            (SCHEMA_VERSION,)]
        # A state made before v4: no runs.node column.
        db.execute("ALTER TABLE runs DROP COLUMN node")
        db.execute("UPDATE schema_version SET version = 3")
    state = CrawlState(None, SPIDER, url=url, node="node-a")
    try:
        state.start_run("r1", [])
        assert state.unfinished_runs() == [("r1", [])]
    finally:
        state.close()
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"SET search_path TO {schema}")
        assert db.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT node FROM runs").fetchall() == [("node-a",)]
    # Another machine leaves node-a's unfinished run to node-a (its files are there), and
    # goes on trusting the sections earlier runs read to their end.
    state = CrawlState(None, SPIDER, url=url, node="node-b")
    try:
        state.mark_section_completed("van-hoa")
        assert state.unfinished_runs() == []
    finally:
        state.close()
    for node, trusted in (("node-b", {"van-hoa"}), ("node-a", set())):
        state = CrawlState(None, SPIDER, url=url, node=node)
        try:
            assert state.trusted_completed_sections() == trusted, node
        finally:
            state.close()
    # A schema a newer newscrawl wrote is refused, not misread.
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"UPDATE {schema}.schema_version SET version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StateError, match=f"has schema version {SCHEMA_VERSION + 1}, newer "
                                         f"than this newscrawl's \\({SCHEMA_VERSION}\\)"):
        CrawlState(None, SPIDER, url=url)


def test_reset_moves_the_schema_aside(tmp_path: Path, postgres: PostgresCluster) -> None:
    url = postgres.new_database()
    with serve(demo_pages(5)) as mirror:
        assert len(crawl(tmp_path, mirror.url, "-s", f"NEWSCRAWL_STATE_URL={url}")) == 5
        reset = newscrawl_cli(tmp_path, "state", "reset", "--url", url)
        assert reset.returncode == 0, reset.stderr
        assert f"schema {schema_name(SPIDER)} -> {schema_name(SPIDER)}_reset_" in reset.stdout
        assert len(crawl(tmp_path, mirror.url, "-s", f"NEWSCRAWL_STATE_URL={url}")) == 5
    with psycopg.connect(url) as db:
        schemas = [row[0] for row in db.execute(
            "SELECT schema_name FROM information_schema.schemata "
            "WHERE schema_name LIKE 'newscrawl_%' ORDER BY 1")]
    assert len(schemas) == 2 and schemas[0] == schema_name(SPIDER)


@pytest.mark.parametrize("url, message", [
    ("postgresql://newscrawl@127.0.0.1:1/none",
     "newscrawl: refused to start: crawl state postgresql://newscrawl@127.0.0.1:1/none "
     "(schema newscrawl_baodantoc) cannot be used now ("),
    ("mysql://me@127.0.0.1/db",
     "newscrawl: refused to start: NEWSCRAWL_STATE_URL 'mysql://me@127.0.0.1/db' is not a "
     "postgresql://user@host:port/database URL"),
    ("postgresql://me:secret@127.0.0.1:1/db",
     "newscrawl: refused to start: crawl state postgresql://me:***@127.0.0.1:1/db"),
], ids=["unreachable", "not-postgres", "password-hidden"])
def test_an_unusable_url_is_one_line_before_any_request(tmp_path: Path, url: str,
                                                        message: str) -> None:
    with serve(demo_pages(3)) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", f"NEWSCRAWL_STATE_URL={url}")
        assert mirror.requests == []
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(message), lines[-3:]
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_the_database_lost_mid_run_stops_it_with_one_line(tmp_path: Path) -> None:
    """The server dies under a running crawl: exit 6 and one line, no traceback; once it is
    back, the next run exports the rest, each article once."""
    n = 40
    with postgres_cluster() as cluster, serve(demo_pages(n), delay=0.1) as mirror:
        url = cluster.new_database()
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
                   PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", SPIDER, "-a", f"mirror={mirror.url}",
             "-s", f"NEWSCRAWL_STATE_URL={url}", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=2",
             "-s", "NEWSCRAWL_CHECKPOINT_ITEMS=3", "-s", "NEWSCRAWL_MAX_ERROR_RATE=1.0"],
            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _written(tmp_path) < n // 4:
            assert process.poll() is None, "the crawl ended before the server was stopped"
            time.sleep(0.02)
        assert cluster.stop().returncode == 0
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 6, stderr[-3000:]
        assert "Traceback" not in stderr, stderr[-3000:]
        line = stderr.strip().splitlines()[-1]
        assert line.startswith(f"newscrawl: crawl state postgresql://newscrawl@127.0.0.1:"
                               f"{cluster.port}/"), line
        assert "could not be" in line and line.endswith("the next run picks up what this "
                                                        "one wrote"), line
        assert cluster.start().returncode == 0
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", f"NEWSCRAWL_STATE_URL={url}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert_each_article_once(tmp_path, n)


def test_a_least_privileged_role_uses_a_schema_made_for_it(tmp_path: Path,
                                                          postgres: PostgresCluster) -> None:
    admin_url = postgres.new_database()
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute("DO $$ BEGIN CREATE ROLE crawler LOGIN; EXCEPTION WHEN duplicate_object "
                   "THEN NULL; END $$")
        db.execute(f"CREATE SCHEMA {schema_name(SPIDER)} AUTHORIZATION crawler")
        db.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    url = admin_url.replace("newscrawl@", "crawler:pw-not-needed@")
    with serve(demo_pages(4)) as mirror:
        assert len(crawl(tmp_path, mirror.url, "-s", f"NEWSCRAWL_STATE_URL={url}")) == 4
    shown = newscrawl_cli(tmp_path, "state", "show", "--url", url)
    assert shown.returncode == 0, shown.stderr
    assert "articles 4" in shown.stdout and "pw-not-needed" not in shown.stdout


def test_passwords_never_show_and_multi_host_urls_work(tmp_path: Path,
                                                       postgres: PostgresCluster) -> None:
    url = postgres.new_database()
    host = f"127.0.0.1:{postgres.port}"
    secret_url = url.replace("newscrawl@", "newscrawl:Hush-h4sh@").replace(
        host, f"{host},{host}")
    for action in ("reset", "show"):
        result = newscrawl_cli(tmp_path, "state", action, "--url", secret_url)
        assert "Hush-h4sh" not in result.stdout + result.stderr, result
        assert "Traceback" not in result.stderr
    assert "newscrawl:***@" in newscrawl_cli(tmp_path, "state", "reset", "--url",
                                             secret_url).stdout
    query_url = f"{url}?password=Qu3ry-secret"
    with serve(demo_pages(3)) as mirror:
        assert len(crawl(tmp_path, mirror.url, "-s", f"NEWSCRAWL_STATE_URL={query_url}")) == 3
        unreachable = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-s",
                                "NEWSCRAWL_STATE_URL=postgresql://u:p%zzHush@127.0.0.1:1/db")
    assert unreachable.returncode == 1 and "Hush" not in unreachable.stderr
    shown = newscrawl_cli(tmp_path, "state", "show", "--url", query_url)
    assert shown.returncode == 0 and "password=***" in shown.stdout
    assert "Qu3ry-secret" not in shown.stdout


@pytest.mark.parametrize("row, message", [
    ("[1, 2]", "line 2 is not an object"),
    ('{"table": "teasers", "row": ["zz"]}', "line 2: teasers.key is not hex"),
    ('{"table": "teasers", "row": [5]}', "line 2: teasers.key is not hex"),
    ('{"table": "sections", "row": [["x"], null]}', "line 2: sections.slug is not a single"),
    ('{"table": "nope", "row": [1]}', "line 2 is not a row of a known table"),
])
def test_a_damaged_export_is_one_line(tmp_path: Path, row: str, message: str) -> None:
    (tmp_path / "bad.jsonl").write_text(
        f'{{"newscrawl_state": 4}}\n{row}\n{{"end": true, "rows": 1}}\n', encoding="utf-8")
    result = newscrawl_cli(tmp_path, "state", "import", "bad.jsonl", "--dir", "fresh")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"newscrawl: error: {message}"] or \
        result.stderr.startswith(f"newscrawl: error: {message}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
