"""What a scheduled run guarantees (README "What a run guarantees"): nothing lost, nothing
twice, whatever fails. Each test is one way a run can go wrong, against a real loopback
mirror, and asserts the exported files: every article exactly once across runs."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO, read_jsonl, run_crawl

from newscrawl.devtools.demo_site import SECTIONS, demo_articles
from newscrawl.devtools.mirror import MirrorPage, RunningMirror, demo_pages, serve
from newscrawl.ops.state import CrawlState
from newscrawl.output.exports import new_run_id

ARTICLE_PATH = re.compile(r"-\d{13}\.htm$")
LISTING_PATH = re.compile(r"-p(\d+)\.htm$")


def crawl(cwd: Path, mirror: RunningMirror, *args: str) -> subprocess.CompletedProcess:
    return run_crawl(cwd, "-a", f"mirror={mirror.url}", "-s", "RETRY_TIMES=0", *args)


def exported_urls(cwd: Path) -> Counter[str]:
    """Every article in every run's own file (what downstream jobs consume)."""
    return Counter(record["url"] for path in sorted((cwd / "output").glob("articles-*.jsonl"))
                   for record in read_jsonl(path))


def assert_each_once(cwd: Path, articles: int) -> None:
    union = exported_urls(cwd)
    assert set(union) == {a.url for a in demo_articles(articles)}, (
        sorted({a.url for a in demo_articles(articles)} - set(union)))
    assert max(union.values()) == 1, [url for url, n in union.items() if n > 1]


def stderr_line(result: subprocess.CompletedProcess) -> str:
    """The one line a failed run ends with."""
    return result.stderr.strip().splitlines()[-1]


def without_sitemap(pages: dict[str, MirrorPage]) -> dict[str, MirrorPage]:
    """Listings and feeds are then the only way to new articles (the sitemap lists every
    article and would hide a pagination mistake)."""
    pages.pop("/sitemap.xml", None)
    return pages


def grow(pages: dict[str, MirrorPage], articles: int) -> None:
    """The live site now has more articles (the mirror serves them from now on)."""
    pages.clear()
    pages.update(without_sitemap(demo_pages(articles)))


def fetched(mirror: RunningMirror, since: int = 0) -> list[str]:
    return mirror.requests[since:]


@contextmanager
def small_filesystem(path: Path, size: str = "64k", *, read_only: bool = False
                     ) -> Iterator[Path]:
    """A real tmpfs (root only): a full disk, or a read-only output directory."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(path)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


# ---------------------------------------------------------------- 1. output that fails


def _assert_output_failure_then_recovery(tmp_path: Path, mirror: RunningMirror,
                                         result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 4, result.stderr[-2000:]
    line = stderr_line(result)
    assert line.startswith("newscrawl: output not written: "), line
    assert "Traceback" not in result.stderr
    good = crawl(tmp_path, mirror)
    assert good.returncode == 0, good.stderr[-2000:]


def test_full_disk_fails_the_run_and_the_next_run_exports_the_rest(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "output", "48k"), serve(demo_pages(30)) as mirror:
        result = crawl(tmp_path, mirror)
        assert result.returncode == 4, result.stderr[-2000:]
        assert "No space left on device" in stderr_line(result)
        report_dir = tmp_path / "output" / "runs"
        written_before = exported_urls(tmp_path)
        assert sum(written_before.values()) < 30, "the disk filled before the end"
        # Make room (a later run on a fixed disk) and run again.
        for path in (tmp_path / "output").glob("teasers*"):
            path.unlink()
        subprocess.run(["mount", "-o", "remount,size=8m", str(tmp_path / "output")],
                       check=True)
        good = crawl(tmp_path, mirror)
        assert good.returncode == 0, good.stderr[-2000:]
        assert_each_once(tmp_path, 30)
        assert report_dir.is_dir()


def test_read_only_output_fails_before_crawling(tmp_path: Path) -> None:
    with serve(demo_pages(10)) as mirror:
        with small_filesystem(tmp_path / "output", read_only=True):
            result = crawl(tmp_path, mirror)
            assert not [p for p in mirror.requests if ARTICLE_PATH.search(p)]
        assert result.returncode == 4, result.stderr[-2000:]
        assert "Read-only file system" in stderr_line(result)
        _assert_output_failure_then_recovery(tmp_path, mirror, result)
    assert_each_once(tmp_path, 10)


def test_dev_full_feed_fails_the_run_and_records_nothing(tmp_path: Path) -> None:
    with serve(demo_pages(10)) as mirror:
        result = crawl(tmp_path, mirror, "-s",
                       'FEEDS={"/dev/full": {"format": "jsonlines"}}')
        _assert_output_failure_then_recovery(tmp_path, mirror, result)
    assert "/dev/full" in stderr_line(result)
    assert_each_once(tmp_path, 10)


def test_unknown_feed_format_is_a_usage_error(tmp_path: Path) -> None:
    with serve(demo_pages(5)) as mirror:
        result = crawl(tmp_path, mirror, "-s", 'FEEDS={"out.xyz": {"format": "xyz"}}')
        assert mirror.requests == []
    assert result.returncode == 2
    assert stderr_line(result).startswith("newscrawl: usage error: feed out.xyz: unknown "
                                          "format 'xyz'")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / ".newscrawl").exists() or not list(
        (tmp_path / "output").glob("*.jsonl"))


def test_failed_remote_feed_keeps_its_articles_pending(tmp_path: Path) -> None:
    import socket

    with socket.socket() as closed:  # a port nothing listens on: the upload fails
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    feeds = json.dumps({f"ftp://user:pass@127.0.0.1:{port}/articles.jsonl": {
        "format": "jsonlines", "item_classes": ["newscrawl.extraction.records.Article"]}})
    with serve(demo_pages(10)) as mirror:
        result = crawl(tmp_path, mirror, "-s", f"FEEDS={feeds}")
        assert result.returncode == 4, result.stderr[-2000:]
        assert f"ftp://user:***@127.0.0.1:{port}/articles.jsonl" in stderr_line(result)
        assert "pass@" not in result.stderr, "credentials are not logged"
        report = json.loads(next((tmp_path / "output" / "runs").glob("*.json")).read_text())
        assert report["output"]["ok"] is False
        assert report["output"]["records_not_written"] == 10
        good = crawl(tmp_path, mirror)
        assert good.returncode == 0, good.stderr[-2000:]
    assert_each_once(tmp_path, 10)


def test_closed_stdout_pipe_fails_the_run(tmp_path: Path) -> None:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with serve(demo_pages(30), delay=0.01) as mirror:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "baodantoc", "-a",
             f"mirror={mirror.url}", "-o", "-:jsonlines", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSCRAWL_MAX_ERROR_RATE=1.0",
             "-s", "NEWSCRAWL_CHECKPOINT_ITEMS=1"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()  # `| head -1`
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 4, stderr[-2000:]
        assert json.loads(first)["type"] in ("article", "teaser")
        assert stderr.strip().splitlines()[-1].startswith(
            "newscrawl: output not written: stdout:: Broken pipe")
        assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
        state = CrawlState(tmp_path / ".newscrawl", "baodantoc")
        try:
            assert state.counts()["articles"] < 30, "articles after the break stay owed"
        finally:
            state.close()
        good = crawl(tmp_path, mirror)
    assert good.returncode == 0
    assert len(read_jsonl(tmp_path / "output" / "articles.jsonl")) > 0


# ---------------------------------------------------------------- 2-5. discovery


def test_pagination_judges_by_the_state_at_the_start_of_the_run(tmp_path: Path) -> None:
    pages = without_sitemap(demo_pages(12))
    with serve(pages) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
        # 48 new articles: 8 per section, so each section's page 1 (5 items) and part of
        # page 2 are new. The feeds list them too, and are read before the listings.
        grow(pages, 60)
        before = len(mirror.requests)
        result = crawl(tmp_path, mirror)
        assert result.returncode == 0, result.stderr[-2000:]
        second_pages = {p for p in fetched(mirror, before)
                        if (m := LISTING_PATH.search(p)) and m.group(1) == "2"}
    assert second_pages == {f"/{slug}-p2.htm" for slug, _ in SECTIONS}
    assert_each_once(tmp_path, 60)


def test_a_failed_article_is_fetched_by_the_next_run_and_given_up_after_three(
        tmp_path: Path) -> None:
    articles = demo_articles(14)
    pages = without_sitemap(demo_pages(12))
    with serve(pages) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
        grow(pages, 14)
        flaky, gone = articles[12], articles[13]
        good_page = pages[flaky.path]
        pages[flaky.path] = MirrorPage(b"busy", status=503)
        pages[gone.path] = MirrorPage(b"gone", status=404)
        assert crawl(tmp_path, mirror).returncode == 0
        assert flaky.url not in exported_urls(tmp_path)

        pages[flaky.path] = good_page  # the server recovered
        before = len(mirror.requests)
        assert crawl(tmp_path, mirror).returncode == 0
        assert flaky.url in exported_urls(tmp_path)
        assert flaky.path in fetched(mirror, before)[:3], "pending articles come first"

        result = crawl(tmp_path, mirror)  # the third failed run of `gone`
        assert "Gave up on " + gone.url in result.stderr
        report = json.loads(sorted((tmp_path / "output" / "runs").glob("*.json"))[-1]
                            .read_text())
        assert report["pending"]["given_up_this_run"] == 1
        before = len(mirror.requests)
        crawl(tmp_path, mirror)
        assert gone.path not in fetched(mirror, before), "given up: not fetched again"
    union = exported_urls(tmp_path)
    assert set(union) == {a.url for a in articles[:13]} and max(union.values()) == 1


def test_a_bot_wall_listing_page_does_not_end_the_section(tmp_path: Path) -> None:
    pages = without_sitemap(demo_pages(60))
    slug = SECTIONS[0][0]
    real = pages[f"/{slug}-p2.htm"]
    pages[f"/{slug}-p2.htm"] = MirrorPage(
        b"<html><head><title>Checking your browser</title></head><body><h1>Just a moment"
        b"</h1><p>Please enable JavaScript.</p></body></html>")
    with serve(pages) as mirror:
        result = crawl(tmp_path, mirror)
        assert "[not_a_listing]" in result.stderr
        report = json.loads(next((tmp_path / "output" / "runs").glob("*.json")).read_text())
        assert report["errors"].get("not_a_listing") == 1
        state = CrawlState(tmp_path / ".newscrawl", "baodantoc")
        try:
            assert not state.section_completed(slug)
        finally:
            state.close()
        pages[f"/{slug}-p2.htm"] = real
        assert crawl(tmp_path, mirror).returncode == 0
    assert_each_once(tmp_path, 60)


def test_sitemap_lastmod_refetches_an_article_also_linked_from_the_home_page(
        tmp_path: Path) -> None:
    pages = demo_pages(10)
    article = demo_articles(10)[-1]  # the newest: on the home page and in the feeds
    with serve(pages) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
        page = pages[article.path]
        first = article.paragraphs[0]
        pages[article.path] = MirrorPage(page.body.replace(first.encode(),
                                                           ("Cập nhật. " + first).encode()),
                                         page.content_type, page.date)
        sitemap = pages["/sitemap.xml"]
        pages["/sitemap.xml"] = MirrorPage(re.sub(
            rb"(<loc>" + re.escape(article.url.encode()) + rb"</loc>\s*<lastmod>)[^<]+",
            rb"\g<1>2099-01-01T00:00:00+07:00", sitemap.body), sitemap.content_type)
        before = len(mirror.requests)
        result = crawl(tmp_path, mirror)
        assert result.returncode == 0, result.stderr[-2000:]
        assert fetched(mirror, before).count(article.path) == 1
    latest = read_jsonl(tmp_path / "output" / "articles.jsonl")
    assert [(a["url"], a["revision"]) for a in latest] == [(article.url, 2)]


# ---------------------------------------------------------------- 6, 9. kill and resume


def _start(cwd: Path, mirror_url: str, *settings: str) -> subprocess.Popen:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, "-m", "scrapy", "crawl", "baodantoc", "-a",
               f"mirror={mirror_url}", "-s", "JOBDIR=job", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=2",
               "-s", "NEWSCRAWL_MAX_ERROR_RATE=1.0", "-s", "LOG_FILE=first-run.log",
               *settings]
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _lines(cwd: Path) -> int:
    return sum(len(f.read_bytes().splitlines()) for f in (cwd / "output").glob("articles-*"))


@pytest.mark.parametrize("incremental", ["1", "0"], ids=["state", "no-state"])
def test_a_killed_and_resumed_job_fetches_no_more_than_a_fresh_crawl(
        tmp_path: Path, incremental: str) -> None:
    n = 60
    with serve(demo_pages(n)) as mirror:
        fresh = tmp_path / "fresh"
        fresh.mkdir()
        assert crawl(fresh, mirror, "-s", f"NEWSCRAWL_INCREMENTAL={incremental}"
                     ).returncode == 0
        fresh_fetches = len(mirror.requests)

    with serve(demo_pages(n), delay=0.05) as mirror:
        process = _start(tmp_path, mirror.url, "-s", f"NEWSCRAWL_INCREMENTAL={incremental}")
        deadline = time.monotonic() + 60
        while _lines(tmp_path) < n // 3 and time.monotonic() < deadline:
            assert process.poll() is None, "the crawl ended before it could be killed"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        killed_fetches = len(mirror.requests)
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-s", "JOBDIR=job",
                           "-s", f"NEWSCRAWL_INCREMENTAL={incremental}")
        resumed_fetches = len(mirror.requests) - killed_fetches
    assert result.returncode == 0, result.stderr[-3000:]
    assert_each_once(tmp_path, n)
    # What was in flight at the kill (2 concurrent requests) may be fetched again.
    assert resumed_fetches <= fresh_fetches + 2, (resumed_fetches, fresh_fetches)
    assert "Dropped:" not in result.stderr, "duplicate drops are DEBUG lines"
    assert len(result.stderr) < 60_000


def test_dropped_duplicates_are_debug_lines_without_the_item(tmp_path: Path) -> None:
    article = demo_articles(10)[0]
    with serve(demo_pages(10)) as mirror:
        crawl(tmp_path, mirror)
        result = crawl(tmp_path, mirror, "-s", "LOG_LEVEL=DEBUG", "-a",
                       f"start_urls={article.url}", "-a", "follow=0")
    dropped = [line for line in result.stderr.splitlines() if "Dropped:" in line]
    assert dropped and all("DEBUG" in line for line in dropped)
    assert not any("'body':" in line for line in dropped)


# ---------------------------------------------------------------- 7, 8. state integrity


@pytest.mark.parametrize("damage", ["empty", "garbage", "cut"])
def test_a_damaged_state_stops_the_run_before_any_request(tmp_path: Path,
                                                          damage: str) -> None:
    with serve(demo_pages(5)) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
        path = tmp_path / ".newscrawl" / "baodantoc.sqlite3"
        db = sqlite3.connect(path)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        data = path.read_bytes()
        path.write_bytes({"empty": b"", "garbage": b"not a database\n" * 10,
                          "cut": data[: len(data) // 2]}[damage])
        before = len(mirror.requests)
        result = crawl(tmp_path, mirror)
        assert len(mirror.requests) == before, "nothing fetched"
    assert result.returncode == 1
    line = stderr_line(result)
    assert line.startswith("newscrawl: refused to start: crawl state "
                           ".newscrawl/baodantoc.sqlite3 is "), line
    assert "newscrawl state reset" in line
    assert "Traceback" not in result.stderr


def test_state_reset_moves_the_state_aside(tmp_path: Path) -> None:
    with serve(demo_pages(5)) as mirror:
        crawl(tmp_path, mirror)
        (tmp_path / ".newscrawl" / "baodantoc.sqlite3").write_bytes(b"")
        reset = subprocess.run([sys.executable, "-m", "newscrawl.cli", "state", "reset",
                                "--dir", str(tmp_path / ".newscrawl")],
                               capture_output=True, text=True, check=False)
        assert reset.returncode == 0, reset.stderr
        assert "Moved aside" in reset.stdout
        assert crawl(tmp_path, mirror).returncode == 0
    assert len(read_jsonl(tmp_path / "output" / "articles.jsonl")) == 5


def test_deleted_outputs_are_reported_with_the_way_to_re_export(tmp_path: Path) -> None:
    with serve(demo_pages(8)) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
        for path in (tmp_path / "output").glob("*.jsonl"):
            path.unlink()
        result = crawl(tmp_path, mirror)
        assert "output files of 1 earlier runs are gone" in result.stderr
        assert "-a full=1" in result.stderr
        report = json.loads(sorted((tmp_path / "output" / "runs").glob("*.json"))[-1]
                            .read_text())
        assert report["missing_earlier_outputs"]["articles"] == 8
        assert crawl(tmp_path, mirror, "-a", "full=1").returncode == 0
        assert len(read_jsonl(tmp_path / "output" / "articles.jsonl")) == 8
        quiet = crawl(tmp_path, mirror)
    assert "are gone" not in quiet.stderr


# ---------------------------------------------------------------- 10. other commands


def test_commands_that_are_not_a_crawl_touch_no_output_state_or_report(
        tmp_path: Path) -> None:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    output = tmp_path / "output"
    output.mkdir()
    (output / "articles.jsonl").write_text('{"kept": true}\n', encoding="utf-8")
    article = demo_articles(8)[0]
    with serve(demo_pages(8)) as mirror:
        commands = [
            ["parse", "--spider", "baodantoc", "-a", f"mirror={mirror.url}",
             mirror.url + article.path],
            ["check", "baodantoc", "-s", f"NEWSCRAWL_MIRROR={mirror.url}"],
            ["list"],
            ["bench", "-s", "CLOSESPIDER_TIMEOUT=1", "-s", "LOGSTATS_INTERVAL=1"],
        ]
        for command in commands:
            result = subprocess.run([sys.executable, "-m", "scrapy", *command], cwd=tmp_path,
                                    env=env, capture_output=True, text=True, timeout=120,
                                    check=False)
            assert result.returncode == 0, (command, result.stderr[-2000:])
    assert (output / "articles.jsonl").read_text(encoding="utf-8") == '{"kept": true}\n'
    assert sorted(p.name for p in output.iterdir()) == ["articles.jsonl"]
    assert not (tmp_path / ".newscrawl").exists()


# ---------------------------------------------------------------- 11. exit statuses


def test_failed_monitors_say_why_on_stderr_even_with_a_log_file(tmp_path: Path) -> None:
    with serve({"/robots.txt": MirrorPage(b"User-agent: *\nAllow: /\n", "text/plain")}) as m:
        result = crawl(tmp_path, m, "-s", "LOG_FILE=run.log")
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        "newscrawl: monitors failed: Articles/the site answered and article pages gave "
        "articles: zero articles: no home, listing, feed or article page was fetched"]


def test_an_interrupted_run_exits_5_and_resumes(tmp_path: Path) -> None:
    with serve(demo_pages(40), delay=0.05) as mirror:
        process = _start(tmp_path, mirror.url)
        deadline = time.monotonic() + 60
        while _lines(tmp_path) < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 5
        log = (tmp_path / "first-run.log").read_text(encoding="utf-8")
        assert "newscrawl summary (shutdown)" in log
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-s", "JOBDIR=job")
    assert result.returncode == 0, result.stderr[-2000:]
    assert_each_once(tmp_path, 40)


def test_a_concurrent_run_is_refused_in_one_line(tmp_path: Path) -> None:
    holder = CrawlState(tmp_path / ".newscrawl", "baodantoc")
    try:
        with serve(demo_pages(3)) as mirror:
            result = crawl(tmp_path, mirror)
    finally:
        holder.close()
    assert result.returncode == 1
    assert stderr_line(result).startswith("newscrawl: refused to start: another newscrawl run")
    assert "Traceback" not in result.stderr


def test_bad_spider_argument_exits_2_in_one_line(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", "max_pages=0")
    assert result.returncode == 2
    assert stderr_line(result).startswith(
        "newscrawl: usage error: -a max_pages='0': Input should be greater than or equal to 1; "
        "accepted: listing pages per section")
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- 12. run ids


def test_run_ids_sort_in_start_order() -> None:
    ids = [new_run_id() for _ in range(2000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert re.fullmatch(r"\d{8}T\d{9}Z-[0-9a-f]{4}", ids[0])


# ---------------------------------------------------------------- 13. drift on small runs


def _drop_authors(pages: dict[str, MirrorPage], articles: list) -> None:
    for article in articles:
        page = pages[article.path]
        body = page.body
        for author in article.authors:
            body = body.replace(author.encode(), b"")
        pages[article.path] = MirrorPage(body, page.content_type, page.date)


def test_a_small_run_fails_when_a_field_disappears(tmp_path: Path) -> None:
    with serve(demo_pages(30)) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
    pages = demo_pages(33)
    _drop_authors(pages, demo_articles(33)[30:])
    with serve(pages) as mirror:
        result = crawl(tmp_path, mirror)
    assert len(read_jsonl(tmp_path / "output" / "articles.jsonl")) == 3
    assert result.returncode == 3, result.stderr[-2000:]
    assert "authors 0% in this run against 100% before" in stderr_line(result)


def test_a_small_healthy_run_passes_the_drift_monitors(tmp_path: Path) -> None:
    with serve(demo_pages(30)) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
    with serve(demo_pages(33)) as mirror:
        result = crawl(tmp_path, mirror)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(read_jsonl(tmp_path / "output" / "articles.jsonl")) == 3


# ---------------------------------------------------------------- found by attacking it


def test_a_listing_page_redirected_to_a_fetched_page_leaves_its_section_incomplete(
        tmp_path: Path) -> None:
    pages = without_sitemap(demo_pages(30))
    with serve(pages) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
        grow(pages, 120)
        real = {f"/{slug}-p2.htm": pages[f"/{slug}-p2.htm"] for slug, _ in SECTIONS}
        for path in real:
            pages[path] = MirrorPage(b"", status=301, location="/")  # home: fetched already
        result = crawl(tmp_path, mirror)
        assert result.stderr.count("[not_a_listing]") == len(SECTIONS), result.stderr[-3000:]
        state = CrawlState(tmp_path / ".newscrawl", "baodantoc")
        try:
            assert not any(state.section_completed(slug) for slug, _ in SECTIONS)
        finally:
            state.close()
        pages.update(real)
        assert crawl(tmp_path, mirror).returncode == 0
    assert_each_once(tmp_path, 120)


def test_a_run_stopped_by_since_leaves_the_rest_to_the_next_run(tmp_path: Path) -> None:
    pages = without_sitemap(demo_pages(30))
    with serve(pages) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
        grow(pages, 120)
        middle = demo_articles(120)[75].published_at.date().isoformat()
        assert crawl(tmp_path, mirror, "-a", f"since={middle}").returncode == 0
        assert crawl(tmp_path, mirror).returncode == 0
    assert_each_once(tmp_path, 120)


def test_a_run_killed_while_paginating_leaves_the_section_to_the_next_run(
        tmp_path: Path) -> None:
    pages = without_sitemap(demo_pages(30))
    with serve(pages) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
    slow = f"/{SECTIONS[0][0]}-p2.htm"
    with serve(without_sitemap(demo_pages(120)), delay=0.02) as mirror:
        process = _start(tmp_path, mirror.url, "-s", "JOBDIR=", "-s",
                         "CONCURRENT_REQUESTS=4")
        deadline = time.monotonic() + 60
        while slow not in mirror.requests and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert crawl(tmp_path, mirror).returncode == 0
    assert_each_once(tmp_path, 120)


def test_a_state_locked_past_the_timeout_stops_the_run_in_one_line(tmp_path: Path) -> None:
    import threading

    with serve(demo_pages(10)) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
    pages = demo_pages(40)
    with serve(pages, delay=0.05) as mirror:
        state_file = tmp_path / ".newscrawl" / "baodantoc.sqlite3"
        locked = threading.Event()

        def hold_the_lock() -> None:
            while _lines(tmp_path) <= 10:
                time.sleep(0.01)
            db = sqlite3.connect(state_file, isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
            locked.set()
            time.sleep(6)
            db.execute("ROLLBACK")
            db.close()

        holder = threading.Thread(target=hold_the_lock, daemon=True)
        holder.start()
        result = crawl(tmp_path, mirror, "-s", "NEWSCRAWL_STATE_TIMEOUT=0.3",
                       "-s", "NEWSCRAWL_CHECKPOINT_SECONDS=0.2")
        holder.join(timeout=30)
        assert locked.is_set()
        assert result.returncode == 6, result.stderr[-2000:]
        line = stderr_line(result)
        assert line.startswith("newscrawl: crawl state .newscrawl/baodantoc.sqlite3 could not "
                               "be written (database is locked)"), line
        assert "Traceback" not in result.stderr
        assert crawl(tmp_path, mirror).returncode == 0
    assert_each_once(tmp_path, 40)


def test_a_full_state_disk_is_not_called_damage(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / ".newscrawl", "512k") as state_dir, \
            serve(demo_pages(10)) as mirror:
        assert crawl(tmp_path, mirror).returncode == 0
        filler = state_dir / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k"],
                       capture_output=True, check=False)
        with serve(demo_pages(30)) as bigger:
            result = crawl(tmp_path, bigger)
            assert result.returncode in (1, 6), result.stderr[-2000:]
            assert "damaged" not in result.stderr and "state reset" not in stderr_line(result)
            assert "Traceback" not in result.stderr
            filler.unlink()
            assert crawl(tmp_path, bigger).returncode == 0
    union = exported_urls(tmp_path)
    assert set(union) == {a.url for a in demo_articles(30)} and max(union.values()) == 1


def test_a_short_write_on_a_full_disk_raises_instead_of_tearing_a_line(tmp_path: Path) -> None:
    from newscrawl.output.exports import _WholeWrites

    with small_filesystem(tmp_path / "tiny", "8k") as tiny:
        file = _WholeWrites(tiny / "feed.jsonl", "wb")
        with pytest.raises(OSError) as raised:
            file.write(b"x" * 20_000 + b"\n")
        file.close()
    assert "No space left" in str(raised.value)


@pytest.mark.parametrize("feed_format", ["csv", "json"])
def test_a_killed_run_with_another_feed_format_exports_each_article_once(
        tmp_path: Path, feed_format: str) -> None:
    from newscrawl.output.exports import read_back

    feed = tmp_path / f"out.{feed_format}"
    feeds = "FEEDS=" + json.dumps({str(feed): {
        "format": feed_format, "item_classes": ["newscrawl.extraction.records.Article"]}})
    with serve(demo_pages(40), delay=0.05) as mirror:
        process = _start(tmp_path, mirror.url, "-s", "JOBDIR=", "-s", feeds,
                         "-s", "NEWSCRAWL_CHECKPOINT_SECONDS=600")
        deadline = time.monotonic() + 60
        while (not feed.exists() or len(list(read_back(feed, feed_format))) < 15) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert 10 < len(list(read_back(feed, feed_format))) < 40, "killed in the middle"
        for _ in range(2):
            assert crawl(tmp_path, mirror, "-s", feeds).returncode == 0
    urls = Counter(r["url"] for r in read_back(feed, feed_format) if r.get("type") == "article")
    assert set(urls) == {a.url for a in demo_articles(40)}
    assert max(urls.values()) == 1, [u for u, n in urls.items() if n > 1]


@pytest.mark.parametrize(("arguments", "message"), [
    (["-a", "max_pages=abc"], "-a max_pages='abc': Input should be a valid integer"),
    (["-a", "sectoins=tin-tuc"], "unknown spider argument -a sectoins='tin-tuc'"),
    (["-a", "full=maybe"], "-a full='maybe': Input should be a valid boolean"),
    (["-a", "follow=nah"], "-a follow='nah': Input should be a valid boolean"),
    (["-a", "mirror=http://"], "-a mirror='http://': not an http(s) base URL with a host"),
    (["-a", "start_urls=https://evil.example/x-1763000000209.htm"], "not a URL on baodantoc.vn"),
    (["-o", "outfile"], "Unrecognized output format"),
    (["-s", "JOBDIR=/dev/full"], "JOBDIR /dev/full is not a directory"),
    (["-s", "NEWSCRAWL_CHECKPOINT_ITEMS=abc"], "-s NEWSCRAWL_CHECKPOINT_ITEMS='abc'"),
    (["-s", "NEWSCRAWL_MAX_FUTURE_DAYS=abc"], "-s NEWSCRAWL_MAX_FUTURE_DAYS='abc': not a number"),
    (["-s", "NEWSCRAWL_MAX_SECTIONS=abc"], "not a whole number"),
    (["-s", "NEWSCRAWL_MAX_ERROR_RATE=x"], "-s NEWSCRAWL_MAX_ERROR_RATE='x'"),
    (["-s", "NEWSCRAWL_EARLIEST_DATE=garbage"], "not an ISO date"),
    (["-s", "LOG_LEVEL=FOO"], "not a log level"),
    (["-s", "DOWNLOAD_MAXSIZE=abc"], "-s DOWNLOAD_MAXSIZE='abc': not a whole number"),
])
def test_usage_errors_exit_2_in_one_line(tmp_path: Path, arguments: list[str],
                                         message: str) -> None:
    result = run_crawl(tmp_path, *arguments)
    assert result.returncode == 2, result.stderr[-2000:]
    assert stderr_line(result).startswith("newscrawl: usage error: ")
    assert message in stderr_line(result)
    assert "Traceback" not in result.stderr
