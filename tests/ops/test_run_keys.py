"""The run's bookkeeping on disk (newscrawl.ops.runkeys) and the frontier it feeds."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import read_jsonl, run_crawl

from newscrawl.devtools.mirror import demo_pages, serve
from newscrawl.ops.runkeys import RunKeys


def test_sets_count_and_forget() -> None:
    keys = RunKeys()
    assert keys.add("requested", "https://baodantoc.vn/a-1.htm")
    assert not keys.add("requested", "https://baodantoc.vn/a-1.htm")
    assert keys.add("listed", "thoi-su", "https://baodantoc.vn/a-1.htm")
    assert not keys.add("listed", "thoi-su", "https://baodantoc.vn/a-1.htm")
    # parts are kept apart: ("ab", "c") is not ("a", "bc")
    assert keys.add("passed", "ab", "c") and keys.add("passed", "a", "bc")
    assert keys.has("requested", "https://baodantoc.vn/a-1.htm")
    assert not keys.has("done", "https://baodantoc.vn/a-1.htm")
    assert keys.count("requested") == 1 and keys.count("passed") == 2
    keys.add("done", "https://baodantoc.vn/a-1.htm")
    keys.add("requested", "https://baodantoc.vn/b-2.htm")
    assert keys.count_not_in("requested", "done") == 1
    keys.discard("requested", "https://baodantoc.vn/b-2.htm")
    assert keys.count("requested") == 1
    keys.clear("requested")
    assert keys.count("requested") == 0 and not keys.has("requested",
                                                         "https://baodantoc.vn/a-1.htm")
    keys.put("url_by_content", "0" * 64, "https://baodantoc.vn/a-1.htm")
    keys.put("url_by_content", "0" * 64, "https://baodantoc.vn/c-3.htm")
    assert keys.get("url_by_content", "0" * 64) == "https://baodantoc.vn/c-3.htm"
    assert keys.get("url_by_content", "1" * 64) is None
    keys.close()


def test_recent_keys_answer_as_the_file_does(monkeypatch) -> None:
    """The bounded memory of recent keys never disagrees with the sets on disk, whatever
    is added, forgotten or cleared, and however many keys pass through it."""
    import random

    from newscrawl.ops import runkeys

    monkeypatch.setattr(runkeys, "RECENT_KEYS", 16)
    rng = random.Random(3)
    keys, model = RunKeys(), {"requested": set(), "done": set()}
    for _ in range(5000):
        kind, url = rng.choice(list(model)), f"https://baodantoc.vn/a-{rng.randrange(60)}.htm"
        operation = rng.random()
        if operation < 0.5:
            assert keys.add(kind, url) == (url not in model[kind])
            model[kind].add(url)
        elif operation < 0.8:
            assert keys.has(kind, url) == (url in model[kind])
        elif operation < 0.98:
            keys.discard(kind, url)
            model[kind].discard(url)
        else:
            keys.clear(kind)
            model[kind].clear()
        assert keys.count(kind) == len(model[kind])
        assert len(keys._recent) <= 16
    keys.close()


def test_frontier_is_a_priority_fifo() -> None:
    keys = RunKeys()
    keys.push(["s1", "s2", "s3"], priority=-5)
    keys.push(["p1", "p2"], priority=30)
    assert keys.queued == 5
    assert keys.pop(3) == [("p1", 30), ("p2", 30), ("s1", -5)]
    keys.push(["p3"], priority=30)
    assert keys.pop(10) == [("p3", 30), ("s2", -5), ("s3", -5)]
    assert keys.pop(10) == [] and keys.queued == 0


def test_a_small_frontier_batch_still_exports_every_article_once(tmp_path: Path) -> None:
    """Sitemap-listed articles come a few at a time (NEWSCRAWL_FRONTIER_BATCH=2), fed
    from the callbacks and, once Scrapy has nothing else to do, from spider_idle."""
    with serve(demo_pages(40)) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", "NEWSCRAWL_FRONTIER_BATCH=2", "-a", "max_pages=1")
        fetched = Counter(mirror.requests)
    assert result.returncode == 0, result.stderr[-3000:]
    articles = read_jsonl(tmp_path / "output" / "articles.jsonl")
    assert len(articles) == 40
    assert len({a["url"] for a in articles}) == 40
    assert [path for path, n in fetched.items() if n > 1] == []
    report = json.loads(sorted((tmp_path / "output" / "runs").glob("*.json"))[-1].read_text())
    assert report["articles"]["exported"] == report["articles"]["new"] == 40


def test_the_frontier_neither_stalls_nor_deepens(tmp_path: Path) -> None:
    """Batches handed over by article callbacks keep depth 1 (DEPTH_LIMIT=3 drops none of
    them; a link dropped for depth does not count as requested),
    and frontier entries requested meanwhile (listings link the same articles) are
    skipped, not spent as a batch: the run closes once the work is done, not after a
    5 s idle beat per stale batch (minutes here)."""
    with serve(demo_pages(200)) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", "NEWSCRAWL_FRONTIER_BATCH=2", "-s", "DEPTH_LIMIT=3",
                           "-s", "NEWSCRAWL_MAX_LISTING_PAGES=1", timeout=100)
    assert result.returncode == 0, result.stderr[-3000:]
    articles = read_jsonl(tmp_path / "output" / "articles.jsonl")
    assert len({a["url"] for a in articles}) == len(articles) == 200
    report = json.loads(sorted((tmp_path / "output" / "runs").glob("*.json"))[-1].read_text())
    # (Related-story chains do pass DEPTH_LIMIT=3; what they link is fetched from the
    # frontier at depth 1 instead.)
    assert report["articles"]["exported"] == 200


def test_a_full_bookkeeping_file_stops_the_run_and_counts_nothing_new() -> None:
    """SQLite's own "database or disk is full" (its size capped), not a mock."""
    keys = RunKeys()
    failures: list[str] = []
    keys.on_failure = failures.append
    keys.push(["https://baodantoc.vn/a-1.htm"], priority=0)
    keys.db.execute("PRAGMA max_page_count = 3")  # the file may not grow past 3 pages
    added = [keys.add("passed", f"https://baodantoc.vn/x-{n}.htm") for n in range(2000)]
    assert failures and "full" in failures[0], failures
    assert len(failures) == 1, "said once"
    first_failed = added.index(False)
    assert first_failed > 0 and not any(added[first_failed:])  # nothing new from then on
    assert keys.has("requested", "https://baodantoc.vn/never.htm")  # so never requested
    assert keys.pop(10) == [] and keys.queued == 0
