"""End to end: the real spider against the sample site on a local HTTP server."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import read_jsonl, run_crawl

from newscrawl.devtools.mirror import RunningMirror


def _key(record: dict) -> tuple:
    if record["type"] == "article":
        return ("article", record["url"])
    return ("teaser", record["found_on"], record["block"], record["url"])


def _without_hash(record: dict, keys: list[str]) -> dict:
    return {k: record.get(k) for k in keys if k != "content_hash"}


def test_crawl_exports_exactly_the_gold(samples_mirror: RunningMirror, tmp_path: Path,
                                        expected: list[dict]) -> None:
    result = run_crawl(tmp_path, "-a", f"mirror={samples_mirror.url}")
    assert result.returncode == 0, result.stderr[-3000:]
    articles = read_jsonl(tmp_path / "output" / "articles.jsonl")
    teasers = read_jsonl(tmp_path / "output" / "teasers.jsonl")
    assert {r["type"] for r in articles} == {"article"}
    assert {r["type"] for r in teasers} == {"teaser"}

    got = articles + teasers
    counts = Counter(_key(r) for r in got)
    assert [k for k, n in counts.items() if n > 1] == [], "each record exactly once"
    by_key = {_key(r): r for r in got}
    gold = {_key(r): r for r in expected}
    assert set(by_key) == set(gold)
    for key, want in gold.items():
        keys = list(want)
        assert _without_hash(by_key[key], keys) == _without_hash(want, keys), key
    assert all(len(r["content_hash"]) == 64 for r in articles)
    # The mirror's host never leaks into output.
    assert "127.0.0.1" not in (tmp_path / "output" / "articles.jsonl").read_text()
    assert "127.0.0.1" not in (tmp_path / "output" / "teasers.jsonl").read_text()
    # The run ends with a one-line summary.
    summary = [line for line in result.stderr.splitlines() if "newscrawl summary" in line]
    assert summary and "articles 6, teasers 125" in summary[0]


def test_each_page_fetched_once(samples_mirror: RunningMirror, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", f"mirror={samples_mirror.url}")
    assert result.returncode == 0, result.stderr[-3000:]
    fetched = Counter(samples_mirror.requests)
    assert [path for path, n in fetched.items() if n > 1] == []
    seed = ("/binh-gia-lang-son-tap-trung-moi-nguon-luc-dau-tu-de-xoa-doi-giam-ngheo-"
            "1733016543180.htm")
    assert seed in fetched, "the sitemap-only article is discovered"
    assert "/cong-tac-dan-toc-p3.htm" in fetched, "pagination is followed to its end"


def test_dash_o_writes_both_types_to_one_file(samples_mirror: RunningMirror,
                                              tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", f"mirror={samples_mirror.url}", "-O", "all.jsonl")
    assert result.returncode == 0, result.stderr[-3000:]
    records = read_jsonl(tmp_path / "all.jsonl")
    assert Counter(r["type"] for r in records) == {"article": 6, "teaser": 125}
    assert not (tmp_path / "output" / "articles.jsonl").exists()


def test_sections_and_max_pages_limit_the_crawl(samples_mirror: RunningMirror,
                                                tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", f"mirror={samples_mirror.url}",
                       "-a", "sections=cong-tac-dan-toc", "-a", "max_pages=1")
    assert result.returncode == 0, result.stderr[-3000:]
    paths = set(samples_mirror.requests)
    assert "/cong-tac-dan-toc-p1.htm" in paths
    assert "/cong-tac-dan-toc-p2.htm" not in paths
    assert not any(p.startswith(("/thoi-su-", "/van-hoa-", "/rss/")) for p in paths)
    teasers = read_jsonl(tmp_path / "output" / "teasers.jsonl")
    assert Counter(t["block"] for t in teasers)["listing"] == 7


def test_since_stops_pagination_and_skips_old_articles(samples_mirror: RunningMirror,
                                                       tmp_path: Path,
                                                       expected: list[dict]) -> None:
    result = run_crawl(tmp_path, "-a", f"mirror={samples_mirror.url}", "-a", "since=2025-11-15")
    assert result.returncode == 0, result.stderr[-3000:]
    articles = read_jsonl(tmp_path / "output" / "articles.jsonl")
    assert articles, "recent articles are still exported"
    assert all(a["published_at"] >= "2025-11-15" for a in articles)
    recent = {r["url"] for r in expected
              if r["type"] == "article" and r["published_at"] >= "2025-11-15"}
    assert {a["url"] for a in articles} == recent
    # p2 of the listing shows only articles older than since: p3 is never requested.
    assert "/cong-tac-dan-toc-p2.htm" in samples_mirror.requests
    assert "/cong-tac-dan-toc-p3.htm" not in samples_mirror.requests


def test_start_urls_override_discovery(samples_mirror: RunningMirror, tmp_path: Path) -> None:
    url = ("https://m.baodantoc.vn/"
           "am-ap-le-mung-com-moi-cua-dong-bao-tay-o-cao-bang-1763172240117.htm?x=1")
    result = run_crawl(tmp_path, "-a", f"mirror={samples_mirror.url}", "-a", f"start_urls={url}")
    assert result.returncode == 0, result.stderr[-3000:]
    articles = read_jsonl(tmp_path / "output" / "articles.jsonl")
    assert articles[0]["url"] == (
        "https://baodantoc.vn/am-ap-le-mung-com-moi-cua-dong-bao-tay-o-cao-bang-1763172240117.htm")
    assert samples_mirror.requests[:2] == ["/robots.txt", articles[0]["url"][20:]]
    assert "/" not in samples_mirror.requests and "/sitemap.xml" not in samples_mirror.requests
    assert "/van-hoa-p1.htm" in samples_mirror.requests, "links are followed from there"


def test_start_urls_without_following(samples_mirror: RunningMirror, tmp_path: Path) -> None:
    url = "https://baodantoc.vn/am-ap-le-mung-com-moi-cua-dong-bao-tay-o-cao-bang-1763172240117.htm"
    result = run_crawl(tmp_path, "-a", f"mirror={samples_mirror.url}", "-a", f"start_urls={url}",
                       "-a", "follow=0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert samples_mirror.requests == ["/robots.txt", url[20:]]
    assert len(read_jsonl(tmp_path / "output" / "articles.jsonl")) == 1
    assert len(read_jsonl(tmp_path / "output" / "teasers.jsonl")) == 14
