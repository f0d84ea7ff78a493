"""Scheduled runs: incremental state, revisions, aliases, full runs, the lock, the report,
torn-line repair and monitors, each against a real local mirror."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, SAMPLES, StateStore, read_jsonl, run_crawl

from newscrawl.devtools.demo_site import SECTIONS, demo_articles
from newscrawl.devtools.mirror import (
    MirrorPage,
    RunningMirror,
    demo_pages,
    pages_from_manifest,
    serve,
)
from newscrawl.ops.state import CrawlState

ARTICLE_PATH = re.compile(r"-\d{13}\.htm$")


def run_files(cwd: Path, kind: str = "articles") -> list[Path]:
    return sorted((cwd / "output").glob(f"{kind}-*.jsonl"))


def latest_report(cwd: Path) -> dict:
    reports = sorted((cwd / "output" / "runs").glob("*.json"))
    return json.loads(reports[-1].read_text(encoding="utf-8"))


def crawl(cwd: Path, mirror: RunningMirror, *args: str,
          store: StateStore | None = None) -> tuple[list[str], list[dict]]:
    """One run (with the state in `store`, default the SQLite file under `cwd`); returns the
    paths it requested and the articles it exported."""
    before = len(mirror.requests)
    result = run_crawl(cwd, "-a", f"mirror={mirror.url}", *(store.args if store else ()), *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return mirror.requests[before:], read_jsonl(cwd / "output" / "articles.jsonl")


def test_reruns_fetch_and_export_only_what_is_new(tmp_path: Path,
                                                   state_store: StateStore) -> None:
    pages = demo_pages(30)
    with serve(pages) as mirror:
        first, exported = crawl(tmp_path, mirror, store=state_store)
        assert len(exported) == 30
        assert all(a["revision"] == 1 for a in exported)

        second, exported = crawl(tmp_path, mirror, store=state_store)
        assert exported == []
        assert not [p for p in second if ARTICLE_PATH.search(p)], "no article page fetched"
        listings = [p for p in second if re.search(r"-p\d+\.htm$", p)]
        assert len(listings) <= len(SECTIONS), listings  # one listing page per section
        assert latest_report(tmp_path)["articles"]["known_not_fetched"] >= 30

        pages.clear()
        pages.update(demo_pages(35))  # five new articles appear on the live site
        third, exported = crawl(tmp_path, mirror, store=state_store)
        new = {a.url for a in demo_articles(35)[30:]}
        assert {a["url"] for a in exported} == new
        assert sorted(p for p in third if ARTICLE_PATH.search(p)) == sorted(
            u.removeprefix("https://baodantoc.vn") for u in new)

    # Each run's own file holds its delta; their union holds every article once.
    files = run_files(tmp_path)
    assert [len(read_jsonl(f)) for f in files] == [30, 0, 5]
    union = Counter(a["url"] for f in files for a in read_jsonl(f))
    assert len(union) == 35 and max(union.values()) == 1
    assert (tmp_path / ".newscrawl").exists() == (state_store.url is None)
    state = state_store.open()
    try:
        assert state.counts()["articles"] == 35
        assert all(state.section_completed(slug) for slug, _ in SECTIONS)
    finally:
        state.close()


def test_changed_content_is_exported_again_with_a_revision(tmp_path: Path,
                                                           state_store: StateStore) -> None:
    pages = demo_pages(12)
    article = demo_articles(12)[5]
    with serve(pages) as mirror:
        crawl(tmp_path, mirror, store=state_store)
        page = pages[article.path]
        changed = page.body.replace(article.paragraphs[0].encode()[:40],
                                    "Cập nhật: ".encode() + article.paragraphs[0].encode()[:40])
        assert changed != page.body
        pages[article.path] = MirrorPage(changed, page.content_type, page.date)
        # An unchanged page fetched again is not exported again ...
        _, exported = crawl(tmp_path, mirror, "-a", f"start_urls={demo_articles(12)[4].url}",
                            "-a", "follow=0", store=state_store)
        assert exported == []
        # ... a changed one is, as revision 2, stamped with when the change was seen.
        _, exported = crawl(tmp_path, mirror, "-a", f"start_urls={article.url}",
                            "-a", "follow=0", store=state_store)
    assert len(exported) == 1
    assert exported[0]["revision"] == 2
    assert exported[0]["modified_at"] and exported[0]["modified_at"].endswith("+07:00")
    assert exported[0]["body"].startswith("Cập nhật: ")
    assert latest_report(tmp_path)["articles"]["updated"] == 1


def test_same_story_under_two_urls_is_exported_once(tmp_path: Path,
                                                    state_store: StateStore) -> None:
    pages = demo_pages(8)
    article = demo_articles(8)[3]
    copy_path = article.path.replace(article.article_id, "1999999999999")
    pages[copy_path] = pages[article.path]
    copy_url = "https://baodantoc.vn" + copy_path
    with serve(pages) as mirror:
        _, exported = crawl(tmp_path, mirror, "-a",
                            f"start_urls={article.url},{copy_url}", "-a", "follow=0",
                            store=state_store)
    # Whichever URL came first is the article; the other is remembered as its alias.
    assert len(exported) == 1 and exported[0]["url"] in (article.url, copy_url)
    assert latest_report(tmp_path)["articles"]["same_story_other_url"] == 1
    state = state_store.open()
    try:
        assert state.is_known(copy_url) and state.is_known(article.url)
        assert state.counts() == {"articles": 1, "aliases": 1, "pending": 0, "given_up": 0}
    finally:
        state.close()


def test_full_run_ignores_the_state(tmp_path: Path, state_store: StateStore) -> None:
    with serve(demo_pages(10)) as mirror:
        crawl(tmp_path, mirror, store=state_store)
        requests, exported = crawl(tmp_path, mirror, "-a", "full=1", store=state_store)
    assert len(exported) == 10
    assert all(a["revision"] == 1 for a in exported)
    assert len([p for p in requests if ARTICLE_PATH.search(p)]) == 10


def test_a_concurrent_run_is_refused(tmp_path: Path, state_store: StateStore) -> None:
    holder = state_store.open()
    try:
        with serve(demo_pages(5)) as mirror:
            result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", *state_store.args)
            assert mirror.requests == []
    finally:
        holder.close()
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("newscrawl: refused to start: another newscrawl run is using the "
                           "state"), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    if state_store.url:
        assert "(PostgreSQL advisory lock)" in line
    assert not (tmp_path / "output" / "articles.jsonl").exists()


def test_a_killed_runs_torn_line_is_repaired_and_its_records_kept(tmp_path: Path) -> None:
    articles = demo_articles(11)
    pages = demo_pages(10)
    with serve(pages) as mirror:
        crawl(tmp_path, mirror)
        # Simulate a run killed mid-write: it exported article 11 (a whole line) and was
        # writing another when it died, before recording either in the state.
        pages.clear()
        pages.update(demo_pages(11))
        killed = tmp_path / "output" / "articles-19990101T000000Z-dead.jsonl"
        line = json.dumps({"type": "article", "url": articles[10].url,
                           "content_hash": "f" * 64, "revision": 1}, ensure_ascii=False)
        killed.write_text(line + '\n{"type": "article", "url": "https://baodan',
                          encoding="utf-8")
        state = CrawlState(tmp_path / ".newscrawl", "baodantoc")
        state.start_run("19990101T000000Z-dead", [str(killed)])
        state.close()
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert killed.read_text(encoding="utf-8") == line + "\n"
    assert "removed a torn last line" in result.stderr
    # Article 11 was already in the killed run's output: not exported a second time.
    assert read_jsonl(tmp_path / "output" / "articles.jsonl") == []


def test_monitors_fail_the_run_and_say_why(tmp_path: Path) -> None:
    with serve(pages_from_manifest(SAMPLES)) as mirror:
        # The sample site's 39 missing pages of 51 break the default 10% error rate.
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", "NEWSCRAWL_MAX_ERROR_RATE=0.1")
    assert result.returncode == 3
    summary = next(line for line in result.stderr.splitlines() if "newscrawl summary" in line)
    assert "MONITORS FAILED" in summary and "error rate 76.5% (39 of 51)" in summary
    report = latest_report(tmp_path)
    assert report["monitors"]["failed"] == 1
    assert report["articles"]["exported"] == 6, "the output is still written"


def test_zero_articles_fails_the_run(tmp_path: Path) -> None:
    with serve({"/robots.txt": MirrorPage(b"User-agent: *\nAllow: /\n", "text/plain")}) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}")
    assert result.returncode == 3
    assert "zero articles" in result.stderr


def test_healthy_run_report(tmp_path: Path) -> None:
    with serve(demo_pages(25)) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", "NEWSCRAWL_MAX_ERROR_RATE=0.1")
    assert result.returncode == 0, result.stderr[-3000:]
    report = latest_report(tmp_path)
    run_id = report["run_id"]
    assert (tmp_path / "output" / f"articles-{run_id}.jsonl").is_file()
    assert report["articles"] == {"exported": 25, "new": 25, "updated": 0, "unchanged": 0,
                                  "known_not_fetched": 0, "same_story_other_url": 0}
    assert report["teasers"] == len(read_jsonl(tmp_path / "output" / "teasers.jsonl"))
    assert report["errors"] == {} and report["invalid_dropped"] == 0
    assert report["monitors"] == {"passed": 5, "failed": 0, "failures": []}
    assert report["extraction_layers"] == {"site": 25}
    assert report["layouts"] == {"desktop-2025": 25}
    assert report["fields_by_layer"]["body"] == {"site": 25}
    assert report["fields_by_layer"]["authors"] == {"site": 21, "signature": 4}  # signed
    assert report["finish_reason"] == "finished"
    assert report["pages_fetched"] == report["requests"]
    assert "monitors passed (5)" in result.stderr


def test_invalid_records_are_dropped_with_their_reason() -> None:
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from newscrawl.extraction.records import Article
    from newscrawl.output.pipelines import ValidationPipeline

    crawler = get_crawler(settings_dict={})
    pipeline = ValidationPipeline.from_crawler(crawler)
    good = Article(url="https://baodantoc.vn/x-1733016543180.htm", article_id="1733016543180",
                   title="Tiêu đề", summary=None, body="Một hai ba",
                   fetched_at="2025-11-16T16:00:00Z")
    assert pipeline.process_item(good) is good
    bad = Article(url="http://127.0.0.1:8000/x-1.htm", article_id="1", title="Tiêu đề",
                  summary=None, body="Một hai ba", fetched_at="yesterday")
    with pytest.raises(DropItem) as dropped:
        pipeline.process_item(bad)
    assert "fetched_at" in str(dropped.value) and "url" in str(dropped.value)
    stats = crawler.stats.get_stats()
    assert stats["spidermon/validation/items/dropped"] == 1
    assert any(k.endswith("/fetched_at") for k in stats
               if k.startswith("spidermon/validation/fields/errors/"))


def test_readme_publishes_the_shipped_schema() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    schema = REPO / "newscrawl" / "output" / "schemas" / "records.schema.json"
    shipped = schema.read_text(encoding="utf-8")
    block = readme.split("records.schema.json</code>)</summary>", 1)[1]
    published = block.split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(published) == json.loads(shipped)
