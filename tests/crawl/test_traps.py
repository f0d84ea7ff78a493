"""Crawler traps served by a real local server: every crawl ends, with bounded requests."""

from __future__ import annotations

import re
from pathlib import Path

from faulty_server import (
    Reply,
    article_html,
    article_path,
    crawl,
    links_html,
    listing_html,
    rss_xml,
    serve_faults,
    sitemap_xml,
)

SITE = "https://baodantoc.vn"
ARTICLE = re.compile(r"^/[a-z-]+-(\d+)-\d{13}\.htm$")


def any_article(path: str, hit: int) -> Reply | None:
    """Every article-shaped path is a valid article (the server makes them up)."""
    match = ARTICLE.match(path.split("?")[0])
    return Reply(body=article_html(int(match.group(1)))) if match else None


def test_pagination_that_cycles_back_ends(tmp_path: Path) -> None:
    pages = {n: [article_path(10 * n + i) for i in range(3)] for n in (1, 2, 3)}
    routes = {
        "/": Reply(body=links_html(["/vong-lap-p1.htm"])),
        "/vong-lap-p1.htm": Reply(body=listing_html(pages[1], "/vong-lap-p2.htm")),
        "/vong-lap-p2.htm": Reply(body=listing_html(pages[2], "/vong-lap-p3.htm")),
        "/vong-lap-p3.htm": Reply(body=listing_html(pages[3], "/vong-lap-p1.htm?page=4")),
    }
    with serve_faults(routes, fallback=any_article) as server:
        run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    listings = [p for p in server.paths if p.startswith("/vong-lap-")]
    assert listings == ["/vong-lap-p1.htm", "/vong-lap-p2.htm", "/vong-lap-p3.htm"]
    assert len(run.records()) == 9
    assert run.errors() == {}


def test_endless_pagination_repeating_itself_stops(tmp_path: Path) -> None:
    same = [article_path(n) for n in range(1, 4)]

    def endless(path: str, hit: int) -> Reply | None:
        match = re.match(r"^/vo-tan-p(\d+)\.htm$", path)
        if match:
            return Reply(body=listing_html(same, f"/vo-tan-p{int(match.group(1)) + 1}.htm"))
        return any_article(path, hit)

    with serve_faults({"/": Reply(body=links_html(["/vo-tan-p1.htm"]))},
                      fallback=endless) as server:
        run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    listings = [p for p in server.paths if p.startswith("/vo-tan-")]
    assert listings == ["/vo-tan-p1.htm", "/vo-tan-p2.htm"], "p2 shows nothing new: stop"
    assert run.stats["newscrawl/traps/listing_no_new_articles"] == 1
    assert "Stop paginating vo-tan at page 2" in run.log
    assert len(run.records()) == 3


def test_endless_pagination_is_capped_but_not_by_depth(tmp_path: Path) -> None:
    def endless(path: str, hit: int) -> Reply | None:
        match = re.match(r"^/vo-han-p(\d+)\.htm$", path)
        if match:
            n = int(match.group(1))
            fresh = [article_path(100 * n + i) for i in range(2)]
            return Reply(body=listing_html(fresh, f"/vo-han-p{n + 1}.htm"))
        return any_article(path, hit)

    with serve_faults({"/": Reply(body=links_html(["/vo-han-p1.htm"]))},
                      fallback=endless) as server:
        # Depth 2 is home -> p1 -> article: "next" pages must not count as depth.
        run = crawl(tmp_path, server.url, "-s", "NEWSCRAWL_MAX_LISTING_PAGES=5",
                    "-s", "DEPTH_LIMIT=2")
        listings = [p for p in server.paths if p.startswith("/vo-han-")]
        first_records = run.records()
        # The section read to the cap counts as complete: the next run stops at the first
        # page of known articles instead of walking to the cap again (an archive deeper
        # than the cap would otherwise cost hundreds of pages a run, every run).
        first_hits = len(server.hits)
        again = crawl(tmp_path, server.url, "-s", "NEWSCRAWL_MAX_LISTING_PAGES=5",
                      "-s", "DEPTH_LIMIT=2")
        listings_again = [p for p in server.paths[first_hits:] if p.startswith("/vo-han-")]
    assert run.returncode == 0, run.log[-3000:]
    assert listings == [f"/vo-han-p{n}.htm" for n in range(1, 6)]
    assert run.stats["newscrawl/traps/listing_page_cap"] == 1
    assert len(first_records) == 10, "the articles of all 5 pages"
    assert again.returncode == 0, again.log[-3000:]
    assert listings_again == ["/vo-han-p1.htm"]


def test_calendars_tags_and_endless_chains_are_bounded(tmp_path: Path) -> None:
    def generated(path: str, hit: int) -> Reply | None:
        if match := re.match(r"^/lich/(\d+)\.htm", path):  # a calendar: next day, forever
            return Reply(body=links_html([f"/lich/{int(match.group(1)) + 1}.htm"]))
        if path.startswith("/tag/"):
            page = int(path.rsplit("=", 1)[-1]) if "=" in path else 1
            return Reply(body=links_html([f"/tag/x?page={page + 1}"]))
        if match := re.match(r"^/ngay-(\d+)-p1\.htm$", path):  # a new "section" each day
            return Reply(body=links_html([f"/ngay-{int(match.group(1)) + 1}-p1.htm"]))
        if match := ARTICLE.match(path):  # each article links to a brand new one
            n = int(match.group(1))
            return Reply(body=article_html(n, links=[article_path(n + 1, "chuoi")]))
        return None

    routes = {"/": Reply(body=links_html([
        "/lich/20251116.htm", "/tag/x?page=1", "/tim-kiem.htm?q=a", "/ngay-20251116-p1.htm",
        article_path(1, "chuoi")]))}
    with serve_faults(routes, fallback=generated) as server:
        run = crawl(tmp_path, server.url, "-s", "DEPTH_LIMIT=5")
    assert run.returncode == 0, run.log[-3000:]
    paths = server.paths
    assert not any(p.startswith(("/lich/", "/tag/", "/tim-kiem")) for p in paths), \
        "URLs of no known shape are never followed"
    # Endless chains of known shapes stop at DEPTH_LIMIT (home is depth 0).
    assert len([p for p in paths if p.startswith("/ngay-")]) == 5
    assert len([p for p in paths if p.startswith("/chuoi-")]) == 5
    assert run.stats["newscrawl/traps/depth_limit"] == 2
    assert len(paths) <= 4 + 10


def test_one_article_under_many_urls_is_fetched_and_exported_once(tmp_path: Path) -> None:
    path = article_path(7)
    variants = [path, path + "?utm_source=fb", path + "?a=2", path + "#binh-luan",
                f"https://m.baodantoc.vn{path}?utm=1", f"http://www.baodantoc.vn{path}",
                f"{SITE}{path}?b=3#x"]
    routes = {
        "/": Reply(body=links_html(variants)),
        "/rss/home.rss": Reply(body=rss_xml([f"{SITE}{path}?from=rss"]),
                               content_type="application/rss+xml"),
        "/sitemap.xml": Reply(body=sitemap_xml([f"https://m.baodantoc.vn{path}?s=1"]),
                              content_type="application/xml"),
        path: Reply(body=article_html(7, links=variants)),
    }
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    assert [p for p in server.paths if "1763000000007" in p] == [path]
    assert [a["url"] for a in run.records()] == [SITE + path]
    assert "duplicate" not in run.log
