"""The real spider against a misbehaving server on 127.0.0.1 (tests/faulty_server.py).

Every failure ends the same way: one "Failed <url>: <reason> [<kind>]" log line, one
newscrawl/errors/<kind> count listed in the summary, the crawl finishing normally and the
articles already extracted exported.
"""

from __future__ import annotations

import os
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise
from pathlib import Path

from faulty_server import (
    Crawl,
    Reply,
    article_html,
    article_path,
    crawl,
    links_html,
    redirect,
    serve_faults,
)
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler

from newscrawl.crawling.guards import looks_binary
from newscrawl.crawling.middlewares import (
    CallbackErrorMiddleware,
    redirect_target,
    retry_after_seconds,
)

SITE = "https://baodantoc.vn"


def site(path: str) -> str:
    return SITE + path


def assert_logged_once(run: Crawl, path: str) -> None:
    lines = run.failure_lines(site(path))
    assert len(lines) == 1, lines


def test_404_and_410_are_counted_once_and_never_retried(tmp_path: Path) -> None:
    good, gone, missing = article_path(1), article_path(2), article_path(3)
    forbidden = article_path(4, "cam")
    routes = {
        "/robots.txt": Reply(body=b"User-agent: *\nDisallow: /cam-\n", content_type="text/plain"),
        "/": Reply(body=links_html([good, gone, missing, forbidden])),
        good: Reply(body=article_html(1)),
        gone: Reply(410, b"<html><body>Gone</body></html>"),
        # `missing` has no route: the server answers 404
    }
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    assert server.count(gone) == 1 and server.count(missing) == 1, "404/410 are not retried"
    assert run.errors() == {"http_404": 1, "http_410": 1}
    # robots.txt is obeyed: a skip, not a failure.
    assert server.count(forbidden) == 0
    assert run.stats["newscrawl/skipped/robots_txt"] == 1
    assert_logged_once(run, gone)
    assert_logged_once(run, missing)
    assert "errors 2 (http_404: 1, http_410: 1)" in run.summary
    assert [a["url"] for a in run.records()] == [site(good)]


def test_5xx_are_retried_with_backoff_and_retry_after(tmp_path: Path) -> None:
    busy, broken, limited, flaky = (article_path(n) for n in (1, 2, 3, 4))
    unavailable = Reply(503, headers={"Retry-After": "1"})
    in_an_hour = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    routes = {
        "/": Reply(body=links_html([busy, broken, limited, flaky])),
        busy: [unavailable, unavailable, Reply(body=article_html(1))],
        broken: Reply(500),
        limited: [Reply(429, headers={"Retry-After": in_an_hour}), Reply(body=article_html(3))],
        flaky: [Reply(502), Reply(body=article_html(4))],
    }
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url, "-s", "NEWSCRAWL_RETRY_BACKOFF_BASE=0.3",
                    "-s", "NEWSCRAWL_MAX_RETRY_AFTER=1.5")
    assert run.returncode == 0, run.log[-3000:]

    # 503 + Retry-After: 1 twice, then 200: three requests at least a second apart.
    times = server.times(busy)
    assert len(times) == 3
    assert all(later - earlier >= 0.95 for earlier, later in pairwise(times)), times
    # Retry-After an hour away is capped by NEWSCRAWL_MAX_RETRY_AFTER.
    first, second = server.times(limited)
    assert 1.4 <= second - first < 5
    # No Retry-After: exponential backoff from NEWSCRAWL_RETRY_BACKOFF_BASE.
    first, second = server.times(flaky)
    assert second - first >= 0.28
    broken_times = server.times(broken)
    assert len(broken_times) == 3, "one request + RETRY_TIMES=2 retries"
    first_wait, second_wait = (b - a for a, b in pairwise(broken_times))
    assert first_wait >= 0.28 and second_wait >= 0.58, "0.3 s, then twice that"

    assert run.errors() == {"http_500": 1}
    assert_logged_once(run, broken)
    assert "(after 2 retries)" in run.failure_lines(site(broken))[0]
    assert {a["url"] for a in run.records()} == {site(busy), site(limited), site(flaky)}
    assert "Gave up retrying" not in run.log, "the spider's line is the only one"


def test_timeouts_resets_and_truncated_bodies(tmp_path: Path) -> None:
    good, hanging, reset, reset_mid, truncated = (article_path(n) for n in range(1, 6))
    partial = article_html(5)[:300]
    routes = {
        "/": Reply(body=links_html([good, hanging, reset, reset_mid, truncated])),
        good: Reply(body=article_html(1)),
        hanging: Reply(fault="hang"),
        reset: Reply(fault="reset"),
        reset_mid: Reply(body=partial, fault="reset_mid_body"),
        truncated: Reply(body=article_html(5), fault="truncate"),
    }
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1")
    assert run.returncode == 0, run.log[-3000:]
    assert run.seconds < 20
    assert run.errors() == {"timeout": 1, "connection_lost": 1, "truncated": 2}
    for path in (hanging, reset, reset_mid, truncated):
        assert_logged_once(run, path)
    assert server.count(hanging) == 2, "one request + RETRY_TIMES=1 retry"
    # Twisted itself retries a request once when a kept-alive connection dies under it.
    assert 2 <= server.count(reset) <= 4
    # The good article survives; the truncated one is not exported as if it were whole.
    assert [a["url"] for a in run.records()] == [site(good)]
    assert "errors 4 (connection_lost: 1, timeout: 1, truncated: 2)" in run.summary


def test_redirects_stay_on_the_site(tmp_path: Path) -> None:
    paths = [article_path(n) for n in range(1, 11)]
    loop_a, loop_b, chain, offsite, external, other_port, mobile, moved, refresh, target \
        = paths
    with serve_faults({}, host="127.0.0.2", defaults=False) as other:
        routes = {
            "/": Reply(body=links_html([loop_a, loop_b, chain, offsite, external, other_port,
                                        mobile, moved, refresh])),
            loop_a: redirect(loop_b),
            loop_b: redirect(loop_a),
            chain: redirect("/chuyen/1"),
            offsite: redirect(f"{other.url}/stolen"),
            external: redirect("https://example.com/x"),
            other_port: redirect("http://127.0.0.1:9/x"),
            mobile: redirect(f"https://m.baodantoc.vn{target}?utm_source=x", 301),
            moved: redirect(target + "#top", 308),
            refresh: Reply(body=links_html(
                [], extra=f'<meta http-equiv="refresh" content="0;url={other.url}/meta">')),
            target: Reply(body=article_html(10)),
        }

        def endless_chain(path: str, hit: int) -> Reply | None:
            if path.startswith("/chuyen/"):
                return redirect(f"/chuyen/{int(path.rsplit('/', 1)[1]) + 1}")
            return None

        with serve_faults(routes, fallback=endless_chain) as server:
            run = crawl(tmp_path, server.url, "-s", "REDIRECT_MAX_TIMES=3")
    assert run.returncode == 0, run.log[-3000:]
    assert other.hits == [], "nothing may be requested from another host"
    # Every request the crawler made reached the mirror (none left for example.com).
    assert run.stats["downloader/request_count"] == len(server.hits)
    assert run.errors() == {"redirect_loop": 1, "too_many_redirects": 1, "offsite_redirect": 4}
    for path in (chain, offsite, external, other_port, refresh):
        assert_logged_once(run, path)
    assert any("redirect loop" in line for line in run.log.splitlines())
    assert len([p for p in server.paths if p.startswith("/chuyen/")]) == 3
    # Redirects to the mirror itself and to m.baodantoc.vn are followed, fetched from the
    # mirror under the canonical URL, once.
    assert server.count(target) == 1
    assert not any("utm_source" in p for p in server.paths)
    assert [a["url"] for a in run.records()] == [site(target)]


def test_truncated_article_is_not_exported_even_when_dataloss_is_allowed(
        tmp_path: Path) -> None:
    good, truncated = article_path(1), article_path(2)
    routes = {
        "/": Reply(body=links_html([good, truncated])),
        good: Reply(body=article_html(1)),
        truncated: Reply(body=article_html(2), fault="truncate"),
    }
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url, "-s", "DOWNLOAD_FAIL_ON_DATALOSS=False")
    assert run.returncode == 0, run.log[-3000:]
    assert server.count(truncated) == 1, "a body Scrapy accepts is not retried"
    assert run.errors() == {"truncated": 1}
    assert_logged_once(run, truncated)
    assert [a["url"] for a in run.records()] == [site(good)]


def test_oversized_pages_are_cut_off(tmp_path: Path) -> None:
    good, announced, streamed, bomb = (article_path(n) for n in range(1, 5))
    twenty_mb = 20 * 1024 * 1024
    deflater = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1024 * 1024)
    gzip_bomb = b"".join(deflater.compress(zeros) for _ in range(20)) + deflater.flush()
    routes = {
        "/": Reply(body=links_html([good, announced, streamed, bomb])),
        good: Reply(body=article_html(1)),
        announced: Reply(body=b"<html>" + b" " * twenty_mb),
        streamed: Reply(body=b"<html><body>", stream_bytes=twenty_mb),
        bomb: Reply(body=gzip_bomb, headers={"Content-Encoding": "gzip"}),
    }
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    assert run.errors() == {"too_large": 3}
    for path in (announced, streamed, bomb):
        assert_logged_once(run, path)
        assert server.count(path) == 1, "too large is final, not retried"
    scrapy_lines = [line for line in run.log.splitlines()
                    if "max size" in line and "[too_large]" not in line]
    assert scrapy_lines == [], "Scrapy's duplicate warnings are filtered"
    assert [a["url"] for a in run.records()] == [site(good)]


def test_unusable_bodies_are_counted(tmp_path: Path) -> None:
    good, binary, empty, no_article = (article_path(n) for n in range(1, 5))
    routes = {
        "/": Reply(body=links_html([good, binary, empty, no_article, "/chuyen-muc-p1.htm"])),
        good: Reply(body=article_html(1)),
        binary: Reply(body=b"\x89PNG\r\n\x1a\n" + os.urandom(4000)),
        empty: Reply(body=b""),
        no_article: Reply(body=links_html([good])),
        "/chuyen-muc-p1.htm": Reply(body=bytes(range(256)) * 8),
    }
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    assert run.errors() == {"binary": 2, "empty_page": 1, "extraction": 1}
    for path in (binary, empty, no_article, "/chuyen-muc-p1.htm"):
        assert_logged_once(run, path)
    assert "errors 4 (binary: 2, empty_page: 1, extraction: 1)" in run.summary
    assert "Traceback" not in run.log
    assert [a["url"] for a in run.records()] == [site(good)]


# --------------------------------------------------------------------------- helpers


def test_a_callback_that_raises_is_counted_not_fatal() -> None:
    crawler = get_crawler(settings_dict={"LOG_LEVEL": "CRITICAL"})
    middleware = CallbackErrorMiddleware.from_crawler(crawler)
    response = HtmlResponse(SITE + "/x.htm", body=b"<html></html>")
    assert middleware.process_spider_exception(response, ValueError("boom")) == []
    assert crawler.stats.get_value("newscrawl/errors/callback") == 1
    http_error = HttpError(response.replace(status=500))
    assert middleware.process_spider_exception(response, http_error) is None, \
        "HTTP errors are the errback's"


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT",
                               now=datetime(2015, 10, 21, 7, 27, tzinfo=UTC).timestamp()) == 60
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


def test_redirect_targets() -> None:
    mirror = "http://127.0.0.1:8000"
    assert redirect_target("https://m.baodantoc.vn/a-1.htm?x=1#f", mirror) == \
        "http://127.0.0.1:8000/a-1.htm"
    assert redirect_target("http://127.0.0.1:8000/b.htm?y=2", mirror) == \
        "http://127.0.0.1:8000/b.htm"
    assert redirect_target("http://127.0.0.1:8001/b.htm", mirror) is None
    assert redirect_target("http://127.0.0.2:8000/b.htm", mirror) is None
    assert redirect_target("https://example.com/", None) is None
    assert redirect_target("http://www.baodantoc.vn/c.htm", None) == "https://baodantoc.vn/c.htm"


def test_binary_detection() -> None:
    assert looks_binary(b"\x1f\x8b\x08rest")
    assert looks_binary(bytes(range(256)))
    assert not looks_binary("<html><body>Đồng bào</body></html>".encode())
    assert not looks_binary("<html>Đồng bào</html>".encode("utf-16"))
    assert not looks_binary("<html>Đồng bào</html>".encode("windows-1258", "replace"))
