"""Hostile XML in feeds and sitemaps: no entity expanded, no file read, nothing fetched.

Billion laughs, external entities (a local file, an http URL on a second loopback server
that must see no request) and gzip bombs are refused, logged and counted, and the crawl
goes on: valid feeds, a sitemap index and its .xml.gz sub-sitemaps still work.
"""

from __future__ import annotations

import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

from faulty_server import (
    Reply,
    article_html,
    article_path,
    crawl,
    gzipped,
    links_html,
    rss_xml,
    serve_faults,
    sitemap_xml,
)
from scrapy.utils.sitemap import Sitemap

from newscrawl.crawling.guards import SitemapTooLarge, declares_entities, gunzip_capped
from newscrawl.extraction import parse_feed

SITE = "https://baodantoc.vn"
RSS = "application/rss+xml"
PASSWD = Path("/etc/passwd").read_text().splitlines()[0]  # "root:x:0:0:…"


def billion_laughs(root: str) -> str:
    """A DTD whose entity lol9 expands to 10**9 'lol's (3 GB)."""
    lines = ['<!ENTITY lol "lol">']
    lines += [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
              for i in range(1, 10)]
    return f"<!DOCTYPE {root} [{''.join(lines)}]>"


def xxe_file(root: str) -> str:
    return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def xxe_http(root: str, server: str) -> str:
    return (f'<!DOCTYPE {root} [<!ENTITY % remote SYSTEM "{server}/evil.dtd"> %remote; '
            f'<!ENTITY xxe SYSTEM "{server}/xxe">]>')


def external_dtd(root: str, server: str) -> str:
    """No entity declared here, so not refused: the parsers must just not fetch it."""
    return f'<!DOCTYPE {root} SYSTEM "{server}/evil.dtd">'


def feed(article: str, prolog: str, entity: str | None = None) -> Reply:
    body = rss_xml([SITE + article], prolog=prolog)
    if entity:
        body = body.replace(b"<title>Tin 0</title>", f"<title>Tin &{entity};</title>".encode())
    return Reply(body=body, content_type=RSS)


def gzip_bomb(inflated: int) -> bytes:
    """A gzip file of `inflated` bytes of blanks inside <urlset>, built without holding them."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    blanks = b" " * (1024 * 1024)
    parts = [deflater.compress(b"<urlset>")]
    parts += [deflater.compress(blanks) for _ in range(inflated // len(blanks))]
    return b"".join(parts) + deflater.flush()


def outputs(run_dir: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (run_dir / "output").glob("*.jsonl"))


def test_hostile_feeds_are_refused(tmp_path: Path) -> None:
    articles = [article_path(n) for n in range(1, 6)]
    with serve_faults({}, host="127.0.0.2", defaults=False) as other:
        routes = {
            "/": Reply(body=links_html(["/rss/a.rss", "/rss/b.rss", "/rss/c.rss",
                                        "/rss/d.rss"])),
            "/rss/home.rss": feed(articles[0], billion_laughs("rss"), "lol9"),
            "/rss/a.rss": feed(articles[1], xxe_file("rss"), "xxe"),
            "/rss/b.rss": feed(articles[2], xxe_http("rss", other.url), "xxe"),
            "/rss/c.rss": feed(articles[3], external_dtd("rss", other.url)),
            "/rss/d.rss": feed(articles[4], ""),
        }
        routes.update({path: Reply(body=article_html(n + 1)) for n, path in enumerate(articles)})
        with serve_faults(routes) as server:
            run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    assert run.seconds < 20
    assert other.hits == [], "no DTD or entity fetched from another server"
    assert run.errors() == {"xml_entities": 3}
    for path in ("/rss/home.rss", "/rss/a.rss", "/rss/b.rss"):
        assert len(run.failure_lines(SITE + path)) == 1
    assert PASSWD not in outputs(tmp_path) and PASSWD not in run.log
    assert "lollollol" not in outputs(tmp_path)
    # The two harmless feeds still give their teasers, and their articles are crawled.
    teasers = run.records("teasers")
    assert {t["found_on"] for t in teasers if t["block"] == "rss"} == {
        SITE + "/rss/c.rss", SITE + "/rss/d.rss"}
    assert {a["url"] for a in run.records()} == {SITE + articles[3], SITE + articles[4]}
    assert server.count(articles[0]) == 0, "nothing is taken from a refused feed"


def test_sitemap_index_gzip_and_hostile_sitemaps(tmp_path: Path) -> None:
    indexed, plain, refused = article_path(1), article_path(2), article_path(3)
    with serve_faults({}, host="127.0.0.2", defaults=False) as other:
        routes = {
            "/": Reply(body=links_html([])),
            "/sitemap.xml": Reply(body=sitemap_xml(
                [SITE + p for p in ("/sitemap-1.xml.gz", "/sitemap-2.xml", "/bom.xml.gz",
                                    "/bom-ce.xml", "/xxe.xml", "/lol.xml")], index=True)),
            "/sitemap-1.xml.gz": Reply(body=gzipped(sitemap_xml([SITE + indexed])),
                                       content_type="application/x-gzip"),
            "/sitemap-2.xml": Reply(body=sitemap_xml(
                [f"https://m.baodantoc.vn{plain}?a=1"], prolog=external_dtd("urlset", other.url))),
            # 64 MB inflated: past NEWSCRAWL_SITEMAP_MAX_BYTES (50 MB) ...
            "/bom.xml.gz": Reply(body=gzip_bomb(64 * 1024 * 1024),
                                 content_type="application/x-gzip"),
            # ... and as Content-Encoding, past DOWNLOAD_MAXSIZE (10 MB).
            "/bom-ce.xml": Reply(body=gzip_bomb(64 * 1024 * 1024),
                                 headers={"Content-Encoding": "gzip"}),
            "/xxe.xml": Reply(body=sitemap_xml([SITE + refused],
                                               prolog=xxe_http("urlset", other.url))),
            "/lol.xml": Reply(body=sitemap_xml([SITE + refused], prolog=billion_laughs("urlset"))),
            indexed: Reply(body=article_html(1)),
            plain: Reply(body=article_html(2)),
            refused: Reply(body=article_html(3)),
        }
        with serve_faults(routes) as server:
            run = crawl(tmp_path, server.url)
    assert run.returncode == 0, run.log[-3000:]
    assert run.seconds < 20
    assert other.hits == []
    assert run.errors() == {"too_large": 2, "xml_entities": 2}
    for path in ("/bom.xml.gz", "/bom-ce.xml", "/xxe.xml", "/lol.xml"):
        assert len(run.failure_lines(SITE + path)) == 1
    assert "inflates past 52428800 bytes" in run.log
    assert {a["url"] for a in run.records()} == {SITE + indexed, SITE + plain}
    assert server.count(refused) == 0
    assert run.stats["newscrawl/pages/sitemap"] == 6, "all but the one cut off in download"


# --------------------------------------------------------------------------- parsers


def test_feed_parser_expands_and_fetches_nothing() -> None:
    fetched = datetime(2025, 11, 16, tzinfo=UTC)
    with serve_faults({}, host="127.0.0.2", defaults=False) as other:
        started = time.monotonic()
        for prolog, entity in ((billion_laughs("rss"), "lol9"), (xxe_file("rss"), "xxe"),
                               (xxe_http("rss", other.url), "xxe"),
                               (external_dtd("rss", other.url), None)):
            body = feed(article_path(1), prolog, entity).body
            page = parse_feed(body, SITE + "/rss/home.rss", fetched)
            text = " ".join(t.title for t in page.teasers)
            assert "lollol" not in text and PASSWD not in text
        assert time.monotonic() - started < 2
    assert other.hits == []


def test_sitemap_parser_expands_and_fetches_nothing() -> None:
    with serve_faults({}, host="127.0.0.2", defaults=False) as other:
        for prolog in (billion_laughs("urlset"), xxe_file("urlset"),
                       xxe_http("urlset", other.url)):
            body = sitemap_xml(["&xxe;", "&lol9;"], prolog=prolog)
            locs = [entry["loc"] for entry in Sitemap(body)]
            assert all(len(loc) < 100 and PASSWD not in loc for loc in locs), locs
    assert other.hits == []


def test_entity_declarations_are_detected() -> None:
    assert declares_entities(rss_xml([], prolog=billion_laughs("rss")))
    assert declares_entities(rss_xml([], prolog=xxe_file("rss")).decode().encode("utf-16"))
    assert not declares_entities(rss_xml([], prolog=external_dtd("rss", "http://x")))
    # Text that merely mentions <!ENTITY after the root element is not a declaration.
    assert not declares_entities(b"<rss><description>&lt;!ENTITY&gt; <!ENTITY</description>")


def test_gunzip_stops_at_the_cap() -> None:
    assert gunzip_capped(gzipped(b"<urlset/>") * 2, 100) == b"<urlset/><urlset/>"
    try:
        gunzip_capped(gzip_bomb(8 * 1024 * 1024), 1024 * 1024)
    except SitemapTooLarge:
        pass
    else:
        raise AssertionError("a gzip bomb must be refused")
