"""Remote outputs through Scrapy's feed storages: each run's articles and its report copied
to a real FTP server on 127.0.0.1 (pyftpdlib), beside the local files; a report that
cannot be stored fails the run with one line, the records kept."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import read_jsonl, run_crawl
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

from newscrawl.devtools.mirror import demo_pages, serve

USER, PASSWORD = "crawler", "s3cret-pass"


@pytest.fixture()
def ftp_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(ftp://user:password@127.0.0.1:port, its root directory)."""
    root = tmp_path / "ftp-root"
    root.mkdir()
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, str(root), perm="elradfmwMT")
    handler = type("Handler", (FTPHandler,), {"authorizer": authorizer})
    server = FTPServer(("127.0.0.1", 0), handler)
    port = server.socket.getsockname()[1]
    thread = threading.Thread(target=server.serve_forever,
                              kwargs={"timeout": 0.2, "blocking": True}, daemon=True)
    thread.start()
    try:
        yield f"ftp://{USER}:{PASSWORD}@127.0.0.1:{port}", root
    finally:
        server.close_all()
        thread.join(timeout=5)


def _extra_feed(base: str) -> str:
    return json.dumps({f"{base}/runs/articles-%(run_id)s.jsonl": {
        "format": "jsonlines", "item_classes": ["newscrawl.extraction.records.Article"]}})


def test_each_runs_articles_and_report_go_to_the_ftp_server_too(
        tmp_path: Path, ftp_server: tuple[str, Path]) -> None:
    base, root = ftp_server
    with serve(demo_pages(8)) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", f"NEWSCRAWL_EXTRA_FEEDS={_extra_feed(base)}",
                           "-s", f"NEWSCRAWL_REPORT_URI={base}/reports/%(name)s-%(run_id)s.json")
    assert result.returncode == 0, result.stderr[-3000:]
    assert PASSWORD not in result.stderr
    local_run = next((tmp_path / "output").glob("articles-*.jsonl"))
    run_id = local_run.name.removeprefix("articles-").removesuffix(".jsonl")
    remote = read_jsonl(root / "runs" / f"articles-{run_id}.jsonl")
    assert len(remote) == 8 and remote == read_jsonl(local_run)
    report = (tmp_path / "output" / "runs" / f"{run_id}.json").read_bytes()
    assert (root / "reports" / f"baodantoc-{run_id}.json").read_bytes() == report
    assert json.loads(report)["articles"]["new"] == 8


def test_a_report_that_cannot_be_stored_fails_the_run_and_keeps_the_records(
        tmp_path: Path) -> None:
    with socket.socket() as closed:  # nothing listens there: the upload fails
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    uri = f"ftp://{USER}:{PASSWORD}@127.0.0.1:{port}/reports/%(run_id)s.json"
    with serve(demo_pages(6)) as mirror:
        failed = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", f"NEWSCRAWL_REPORT_URI={uri}")
        again = run_crawl(tmp_path, "-a", f"mirror={mirror.url}")
    assert failed.returncode == 4
    line = failed.stderr.strip().splitlines()[-1]
    assert line.startswith(f"newscrawl: run report not stored: ftp://{USER}:***@127.0.0.1:"
                           f"{port}/reports/"), line
    assert line.endswith("(the records were written)")
    assert PASSWORD not in failed.stderr and "Traceback" not in failed.stderr
    first_run, second_run = sorted((tmp_path / "output").glob("articles-*.jsonl"))
    assert len(read_jsonl(first_run)) == 6
    # The state kept them: the next run has nothing new to export.
    assert again.returncode == 0, again.stderr[-2000:]
    assert read_jsonl(second_run) == []


def test_a_failed_remote_feed_gets_its_articles_on_the_next_run(
        tmp_path: Path, ftp_server: tuple[str, Path]) -> None:
    """The remote copy never got run 1's articles: they stay pending (not read back from
    the local copy), and run 2 sends them to every feed."""
    base, root = ftp_server
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead = f"ftp://{USER}:{PASSWORD}@127.0.0.1:{closed.getsockname()[1]}"
    with serve(demo_pages(6)) as mirror:
        failed = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", f"NEWSCRAWL_EXTRA_FEEDS={_extra_feed(dead)}")
        assert failed.returncode == 4, failed.stderr[-2000:]
        second = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", f"NEWSCRAWL_EXTRA_FEEDS={_extra_feed(base)}")
    assert second.returncode == 0, second.stderr[-2000:]
    remote = [record for path in (root / "runs").glob("articles-*.jsonl")
              for record in read_jsonl(path)]
    assert len(remote) == 6 and len({r["url"] for r in remote}) == 6


@pytest.mark.parametrize("setting, message", [
    ("NEWSCRAWL_EXTRA_FEEDS=notjson", "-s NEWSCRAWL_EXTRA_FEEDS='notjson': not a JSON object"),
    ("NEWSCRAWL_REPORT_URI=file:///tmp/%(when)s.json",
     "-s NEWSCRAWL_REPORT_URI='file:///tmp/%(when)s.json': only %(run_id)s, %(name)s and "
     "%(time)s can be filled in"),
])
def test_a_bad_remote_output_setting_is_one_usage_line(tmp_path: Path, setting: str,
                                                       message: str) -> None:
    result = run_crawl(tmp_path, "-a", "mirror=http://127.0.0.1:1", "-s", setting)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == f"newscrawl: usage error: {message}"
    assert "Traceback" not in result.stderr
