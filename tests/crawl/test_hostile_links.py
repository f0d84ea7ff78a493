"""One bad link, date or server never costs a page, leaks a request off-site, or stalls the
crawl (README "Security"). Each case runs the real spider against real loopback servers."""

from __future__ import annotations

import datetime as dt
import os
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO
from faulty_server import (
    Reply,
    article_html,
    article_path,
    crawl,
    links_html,
    redirect,
    serve_faults,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.extraction.dates import iso, parse_date
from newscrawl.sites.baodantoc import SITE_HOSTS
from newscrawl.sites.urls import site_url

SITE = "https://baodantoc.vn"
HOSTILE_LINKS = [
    "https://evil.example\\@baodantoc.vn/x-1763000000209.htm",
    "https://evil.example%5C@baodantoc.vn/x-1763000000210.htm",
    "https://user:pw@baodantoc.vn/x-1763000000211.htm",
    "https://baodantoc.vn:99999/x-1763000000212.htm",
    "https://baodantoc.vn:abc/x-1763000000213.htm",
    "https://baodantoc.vn＼.evil.example/x-1763000000214.htm",
    "http://127.0.0.1:1/x-1763000000215.htm",
    "https://evil.example/x-1763000000216.htm",
    "//evil.example/x-1763000000217.htm",
]


def test_hostile_links_cost_nothing_but_themselves(tmp_path: Path) -> None:
    good = [article_path(n) for n in (1, 2)]
    routes = {"/": Reply(body=links_html([*HOSTILE_LINKS, *good])),
              good[0]: Reply(body=article_html(1)), good[1]: Reply(body=article_html(2))}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    # Every teaser of the home page and both articles survive the bad links beside them.
    assert sorted(a["url"] for a in run.records()) == sorted(SITE + p for p in good)
    assert {t["url"] for t in run.records("teasers")} >= {SITE + p for p in good}
    assert set(server.paths) <= {"/robots.txt", "/", *good, "/rss/home.rss", "/sitemap.xml"}


# ----------------------------------------------------------------- nothing leaves the site


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "baodantoc.vn")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class _HostRecorder(BaseHTTPRequestHandler):
    server: _RecordingServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        self.server.hosts.append(host)
        body = self.server.pages.get(self.path.split("?")[0], b"")
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _RecordingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, pages: dict[str, bytes]) -> None:
        super().__init__(("127.0.0.1", port), _HostRecorder)
        self.pages = pages
        self.hosts: list[str] = []


@contextmanager
def _live_site_on_loopback(tmp_path: Path, pages: dict[str, bytes]
                           ) -> Iterator[list[_RecordingServer]]:
    """The "live" site on 127.0.0.1:443 and :80 (root only), recording every Host header."""
    if os.geteuid() != 0:
        pytest.skip("ports 80 and 443 need root")
    cert, key = _self_signed(tmp_path)
    servers = []
    try:
        for port in (443, 80):
            try:
                server = _RecordingServer(port, pages)
            except OSError as error:
                pytest.skip(f"cannot listen on 127.0.0.1:{port}: {error}")
            if port == 443:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(cert, key)
                server.socket = context.wrap_socket(server.socket, server_side=True)
            servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()
        yield servers
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def test_no_request_ever_reaches_another_host(tmp_path: Path) -> None:
    """Every host name resolves to 127.0.0.1 (a loopback DNS resolver), so a request sent
    anywhere would arrive here and show its Host header: only the site's may appear."""
    article = article_path(1)
    home = links_html([*HOSTILE_LINKS, article]).decode()
    # A redirect chain and a meta refresh that try to leave too.
    pages = {"/": home.encode(), article: article_html(1), "/robots.txt": b"",
             "/leave.htm": b'<html><head><meta http-equiv="refresh" content="0; '
                           b'url=https://evil.example\\@baodantoc.vn/x-1763000000299.htm">'
                           b"</head></html>"}
    pages["/"] = pages["/"].replace(b"</body>", b'<a href="/leave.htm">x</a></body>')
    with _live_site_on_loopback(tmp_path, pages) as servers:
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
                   PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "baodantoc",
             "-s", "TWISTED_DNS_RESOLVER=newscrawl.devtools.loopback.LoopbackResolver",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
             "-s", "NEWSCRAWL_MAX_ERROR_RATE=1.0", "-s", "RETRY_TIMES=0"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
        seen = {host for server in servers for host in server.hosts}
    assert result.returncode in (0, 3), result.stderr[-3000:]
    assert seen, "the crawl reached the loopback site"
    assert seen <= SITE_HOSTS, seen


# ----------------------------------------------------------------- properties


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["", SITE + "/", SITE + "/a/b.htm"]))
def test_link_canonicalisation_never_raises_and_stays_on_the_site(href: str,
                                                                   base: str) -> None:
    url = site_url(href, base or None)
    assert url is None or url.startswith("https://baodantoc.vn/")


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"https?://[a-z.:@\\%0-9＼]{0,30}/[a-z0-9-]{0,20}", fullmatch=True))
def test_url_shaped_strings_never_lead_elsewhere(href: str) -> None:
    url = site_url(href)
    assert url is None or url.startswith("https://baodantoc.vn/")


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_any_date_text_never_raises(text: str) -> None:
    moment = parse_date(text, dt.datetime(2025, 11, 16, tzinfo=dt.UTC))
    assert moment is None or iso(moment) is not None


@pytest.mark.parametrize("text", ["99999999 ngày trước", "Fri, 31 Dec 9999 23:59:59 -1200",
                                  "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_overflowing_dates_are_unreadable_not_errors(text: str) -> None:
    assert parse_date(text, dt.datetime(2025, 11, 16, tzinfo=dt.UTC)) is None


# ----------------------------------------------------------------- pages and servers


def test_dates_out_of_range_cost_the_value_not_the_feed(tmp_path: Path) -> None:
    good = article_path(1)
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f'<item><title>Bài một</title><link>{SITE}{good}</link>'
            "<pubDate>Fri, 31 Dec 9999 23:59:59 -1200</pubDate></item>"
            f'<item><title>Bài hai</title><link>{SITE}{article_path(2)}</link>'
            "<pubDate>Sun, 16 Nov 2025 08:00:00 +0700</pubDate></item>"
            "</channel></rss>").encode()
    routes = {"/": Reply(body=links_html([])),
              "/rss/home.rss": Reply(body=feed, content_type="application/rss+xml"),
              good: Reply(body=article_html(1), headers={
                  "Date": "Fri, 31 Dec 9999 23:59:59 GMT"}),
              article_path(2): Reply(body=article_html(2))}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    teasers = {t["url"]: t for t in run.records("teasers") if t["block"] == "rss"}
    assert teasers[SITE + good]["published_at"] is None
    assert teasers[SITE + article_path(2)]["published_at"] == "2025-11-16T08:00:00+07:00"
    assert len(run.records()) == 2, "both articles, whatever the Date header said"
    assert run.stats["newscrawl/fixed/date_header"] >= 1


def test_deep_unclosed_markup_keeps_the_article(tmp_path: Path) -> None:
    deep = article_html(1).replace(b"<body>", b"<body>" + b"<div><span>" * 300)
    routes = {"/": Reply(body=links_html([article_path(1)])), article_path(1): Reply(body=deep)}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert [a["url"] for a in run.records()] == [SITE + article_path(1)]


def test_a_redirect_to_another_spelling_of_the_same_page_is_followed(tmp_path: Path) -> None:
    path = article_path(1)
    routes = {"/": Reply(body=links_html([path])),
              path: lambda raw, hit: (Reply(body=article_html(1)) if "?" in raw
                                      else redirect(f"{path}?utm=1"))}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    assert [a["url"] for a in run.records()] == [SITE + path]
    assert "redirect_loop" not in run.errors()


def test_an_rss_url_serving_html_is_a_counted_failure(tmp_path: Path) -> None:
    routes = {"/": Reply(body=links_html([])),
              "/rss/home.rss": Reply(body="<html><body><h1>Trang chủ</h1></body></html>".encode())}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert run.errors().get("not_a_feed") == 1


def test_sections_that_link_to_new_sections_are_bounded(tmp_path: Path) -> None:
    def generated(path: str, hit: int) -> Reply | None:
        if path.startswith("/ngay-") and path.endswith("-p1.htm"):
            n = int(path.split("-")[1])
            return Reply(body=links_html([f"/ngay-{n + 1}-p1.htm", f"/ngay-{n + 2}-p1.htm"]))
        return None

    routes = {"/": Reply(body=links_html(["/ngay-1-p1.htm"]))}
    with serve_faults(routes, fallback=generated) as server:
        run = crawl(tmp_path, server.url, "-s", "NEWSCRAWL_MAX_SECTIONS=10",
                    "-s", "DEPTH_LIMIT=1000")
    assert len([p for p in server.paths if p.startswith("/ngay-")]) == 10
    assert run.stats["newscrawl/traps/section_cap"] >= 1


def test_retry_after_waits_hold_no_downloader_slot(tmp_path: Path) -> None:
    busy = [article_path(n, "ban") for n in range(1, 9)]
    healthy = [article_path(n, "khoe") for n in range(10, 30)]
    routes: dict = {"/": Reply(body=links_html([*busy, *healthy]))}
    for n, path in enumerate(busy, 1):
        routes[path] = [Reply(503, headers={"Retry-After": "4"}), Reply(body=article_html(n))]
    for n, path in enumerate(healthy, 10):
        routes[path] = Reply(body=article_html(n))
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url, "-s", "CONCURRENT_REQUESTS=2",
                    "-s", "NEWSCRAWL_MAX_RETRY_AFTER=10")
        first_busy = min(server.times(path)[0] for path in busy)
        last_healthy = max(server.times(path)[0] for path in healthy)
    assert run.returncode == 0, run.log[-3000:]
    assert len(run.records()) == 28, "the busy pages too, on their retry"
    # The 20 healthy pages did not wait behind eight 4-second waits.
    assert last_healthy - first_busy < 3, (last_healthy - first_busy)


def test_bad_field_values_cost_the_value_not_the_record(tmp_path: Path) -> None:
    page = article_html(1).replace(
        b"</body>", b'<img src="https://images.baodantoc.vn/uploads/x\x01y.jpg"></body>')
    routes = {"/": Reply(body=links_html([article_path(1)])), article_path(1): Reply(body=page)}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert [a["url"] for a in run.records()] == [SITE + article_path(1)]


@pytest.mark.parametrize(("mirror", "url", "allowed"), [
    (None, "https://baodantoc.vn/x-1763000000209.htm", True),
    (None, "https://m.baodantoc.vn/x-1763000000209.htm", True),
    (None, "https://evil.example\\@baodantoc.vn/x-1763000000209.htm", False),
    (None, "http://127.0.0.1:8000/x-1763000000209.htm", False),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000/x-1763000000209.htm", True),
    ("http://127.0.0.1:8000", "https://baodantoc.vn/x-1763000000209.htm", False),
])
def test_the_last_check_before_download(mirror: str | None, url: str, allowed: bool) -> None:
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from newscrawl.crawling.middlewares import OffsiteRequest, OnlySiteHosts
    from newscrawl.crawling.spider import BaodantocSpider

    crawler = get_crawler(BaodantocSpider)
    crawler.spider = BaodantocSpider(**({"mirror": mirror} if mirror else {}))
    middleware = OnlySiteHosts.from_crawler(crawler)
    request = Request(url, dont_filter=True)  # what dont_filter says does not matter
    if allowed:
        assert middleware.process_request(request) is None
    else:
        with pytest.raises(OffsiteRequest):
            middleware.process_request(request)


@pytest.mark.parametrize(("body", "encoding", "redirected"), [
    ('<meta http-equiv="refresh" content="0;url=/x-1763000000209.htm">', "utf-8", True),
    ('<META HTTP-EQUIV="REFRESH" CONTENT="0; URL=/x-1763000000209.htm">', "utf-8", True),
    ('<meta http-equiv="refresh" content="0;url=/x-1763000000209.htm">', "utf-16", True),
    ('<meta charset="windows-1258"><meta http-equiv="Refresh" content="0;url=/x-1763000000209'
     '.htm"><p>Dân</p>', "cp1258", True),
    ("<p>Không có chuyển hướng</p>" * 50, "utf-8", False),
    # bytes that do not spell the word, in charsets that write it otherwise
    ('<meta http-equiv="ref\x1b(Bresh" content="0;url=/x-1763000000209.htm">', "iso-2022-jp",
     True),
    ('<meta http-equiv="refresh" content="0;url=/x-1763000000209.htm">', "cp500", True),
])
def test_meta_refresh_is_seen_whatever_the_spelling_and_charset(
        body: str, encoding: str, redirected: bool) -> None:
    """The first look at the bytes (no "refresh" there: not decoded) never hides one."""
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from newscrawl.crawling.middlewares import SiteMetaRefreshMiddleware
    from newscrawl.crawling.spider import BaodantocSpider

    crawler = get_crawler(BaodantocSpider)
    crawler.spider = BaodantocSpider.from_crawler(crawler)
    middleware = SiteMetaRefreshMiddleware.from_crawler(crawler)
    request = Request("https://baodantoc.vn/a-1763000000100.htm")
    html = f"<html><head>{body}</head><body></body></html>"
    response = HtmlResponse(request.url, body=html.encode(encoding), request=request,
                            headers={"Content-Type": f"text/html; charset={encoding}"})
    result = middleware.process_response(request, response)
    if redirected:
        assert isinstance(result, Request)
        assert result.url == "https://baodantoc.vn/x-1763000000209.htm"
    else:
        assert result is response


def test_an_unknown_section_is_warned_about_and_fails_the_run_by_name(tmp_path: Path) -> None:
    with serve_faults({"/": Reply(body=links_html(["/tin-tuc-p1.htm"]))}) as server:
        run = crawl(tmp_path, server.url, "-a", "sections=nosuch")
    assert run.returncode == 3
    assert "Unknown section nosuch (known: thoi-su, tin-tuc" in run.log
    last = run.log.strip().splitlines()[-1]
    assert last.startswith("newscrawl: monitors failed: ")
    assert ("Sections/every requested section gave a listing: no listing page for the "
            "requested section nosuch") in last


# ----------------------------------------------------------------- found by attacking it


def test_robots_txt_is_obeyed_after_a_503(tmp_path: Path) -> None:
    secret, good = article_path(1, "bi-mat"), article_path(2)
    routes = {"/robots.txt": [Reply(503, headers={"Retry-After": "1"}),
                              Reply(body=b"User-agent: *\nDisallow: /bi-mat\n",
                                    content_type="text/plain")],
              "/": Reply(body=links_html([secret, good])), secret: Reply(body=article_html(1)),
              good: Reply(body=article_html(2))}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert server.count(secret) == 0
    assert [a["url"] for a in run.records()] == [SITE + good]
    assert "Traceback" not in run.log


def test_a_retry_after_in_other_digits_is_ignored_not_fatal(tmp_path: Path) -> None:
    path = article_path(1)
    routes = {"/": Reply(body=links_html([path])),
              path: [Reply(503, headers={"Retry-After": "²"}), Reply(body=article_html(1))]}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert [a["url"] for a in run.records()] == [SITE + path]


def test_one_bad_feed_item_costs_only_its_summary(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Bài {n}</title><link>{SITE}{article_path(n)}</link>"
        f"<description>{description}</description></item>"
        for n, description in ((1, "Tóm tắt một"), (2, "&lt;html&gt;&lt;/html&gt;"),
                               (3, "<![CDATA[<html><head></head></html>]]>")))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    routes = {"/": Reply(body=links_html([])),
              "/rss/home.rss": Reply(body=feed, content_type="application/rss+xml")}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert len([t for t in run.records("teasers") if t["block"] == "rss"]) == 3


@pytest.mark.parametrize("markup", ["closed", "unclosed"])
def test_thousands_of_nested_elements_keep_the_article(tmp_path: Path, markup: str) -> None:
    page = article_html(1).decode()
    if markup == "closed":  # 1,000 nested blocks between two paragraphs
        page = page.replace("</p>", "</p>" + "<div>" * 1000 + "x" + "</div>" * 1000, 1)
    else:  # 3,000 unclosed elements before the content
        page = page.replace("<body>", "<body>" + "<div><span><b>" * 1000, 1)
    routes = {"/": Reply(body=links_html([article_path(1)])),
              article_path(1): Reply(body=page.encode())}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert [a["url"] for a in run.records()] == [SITE + article_path(1)]


def test_a_charset_that_is_no_charset_is_ignored(tmp_path: Path) -> None:
    routes = {"/": Reply(body=links_html([article_path(1)])),
              article_path(1): Reply(body=article_html(1),
                                     content_type="text/html; charset=undefined")}
    with serve_faults(routes) as server:
        run = crawl(tmp_path, server.url)
    assert [a["url"] for a in run.records()] == [SITE + article_path(1)]


def test_a_same_page_redirect_cannot_change_port_or_scheme() -> None:
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from newscrawl.crawling.middlewares import OffsiteRedirect, SiteRedirectMiddleware
    from newscrawl.crawling.spider import BaodantocSpider

    crawler = get_crawler(BaodantocSpider)
    crawler.spider = BaodantocSpider()
    middleware = SiteRedirectMiddleware.from_crawler(crawler)
    url = SITE + article_path(1)
    request = Request(url, meta={"canonical_url": url}, dont_filter=True)
    for location in (f"http://baodantoc.vn:8081{article_path(1)}?utm=1",
                     f"https://u:p@m.baodantoc.vn{article_path(1)}?a=1"):
        response = HtmlResponse(url, status=302, headers={"Location": location},
                                request=request)
        with pytest.raises(Exception) as refused:  # noqa: PT011 (which refusal varies)
            middleware.process_response(request, response)
        assert isinstance(refused.value, OffsiteRedirect) or "host" in str(refused.value)
