"""Tests for newscrawl.devtools.demo_site, the deterministic fake baodantoc.vn."""

from __future__ import annotations

import math
import re
import time
import unicodedata
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from itertools import pairwise

import pytest
from parsel import Selector

from newscrawl.devtools.demo_site import (
    DEFAULT_START,
    SECTIONS,
    VN_TZ,
    DemoArticle,
    SitePage,
    build_site,
    default_now,
    demo_articles,
)

SITE = "https://baodantoc.vn"
BIG = 2000
ID_URL = re.compile(r"^https://baodantoc\.vn/([a-z0-9]+(?:-[a-z0-9]+)*)-(\d{13})\.htm$")
TIME_ABS = re.compile(r"^(\d\d):(\d\d), (\d\d)/(\d\d)/(\d{4})$")
TIME_REL = re.compile(r"^(\d+) (giờ|phút) trước$")


def fold(text: str | None) -> str:
    """What the extractor does to text: NFC, white space (NBSP included) folded, stripped."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def node_text(node: Selector) -> str:
    return fold("".join(node.xpath(".//text()").getall()))


def parse_time(raw: str, now: datetime) -> datetime:
    if m := TIME_REL.match(raw):
        amount = int(m.group(1))
        return now - (timedelta(hours=amount) if m.group(2) == "giờ" else timedelta(minutes=amount))
    m = TIME_ABS.match(raw)
    assert m, raw
    hh, mm, dd, mo, yy = map(int, m.groups())
    return datetime(yy, mo, dd, hh, mm, tzinfo=VN_TZ)


def extract_body(page: Selector) -> dict:
    """Reference extraction of div#contentDetail, following the sample set's gold conventions."""
    paragraphs: list[str] = []
    images: list[tuple[str, str | None]] = []
    see_also: list[str] = []
    signature = None
    for node in page.css("div#contentDetail").xpath("./*"):
        tag = node.root.tag
        if tag == "p":
            text = node_text(node)
            style = node.attrib.get("style", "")
            if text.startswith("Xem thêm:"):
                see_also.append(node.css("a::attr(href)").get())
            elif "right" in style and text == node_text(node.xpath("./strong")):
                signature = text
            elif text:
                paragraphs.append(text)
        elif tag in ("h2", "h3"):
            paragraphs.append(node_text(node))
        elif tag == "table":
            for row in node.xpath(".//tr"):
                paragraphs.append(" | ".join(node_text(cell) for cell in row.xpath("./th|./td")))
        elif tag == "figure":
            caption = node_text(node.css("figcaption")) if node.css("figcaption") else ""
            alt = fold(node.css("img::attr(alt)").get())
            images.append((node.css("img::attr(src)").get(), caption or alt or None))
        else:  # pragma: no cover - the generator emits nothing else
            raise AssertionError(f"unexpected <{tag}> in content")
    return {"paragraphs": paragraphs, "images": images, "see_also": see_also,
            "signature": signature}


def html(site: dict[str, SitePage], path: str) -> Selector:
    page = site[path]
    assert page.content_type == "text/html; charset=utf-8"
    return Selector(text=page.body.decode("utf-8"))


def teasers(sel: Selector, item_css: str) -> list[dict]:
    out = []
    for item in sel.css(item_css):
        meta = item.css("div.meta")
        out.append({
            "url": item.css(".title a::attr(href)").get(),
            "title": node_text(item.css(".title a")),
            "section": node_text(meta.css("a.cate")) if meta else None,
            "author": node_text(meta.css("span.author")) if meta.css("span.author") else None,
            "time": node_text(meta.css("span.time")) if meta else None,
            "sapo": node_text(item.css("div.sapo")) if item.css("div.sapo") else None,
            "img": item.css("a.avatar img::attr(src)").get(),
        })
    return out


@pytest.fixture(scope="module")
def big_articles() -> list[DemoArticle]:
    return demo_articles(BIG)


@pytest.fixture(scope="module")
def big_site() -> dict[str, SitePage]:
    return build_site(BIG, per_page=20)


@pytest.fixture(scope="module")
def small_articles() -> list[DemoArticle]:
    return demo_articles(150)


@pytest.fixture(scope="module")
def small_site() -> dict[str, SitePage]:
    return build_site(150, per_page=7)


# --------------------------------------------------------------------------- determinism


def test_articles_are_deterministic_and_prefix_stable(small_articles):
    again = demo_articles(150)
    assert again == small_articles
    assert demo_articles(40) == small_articles[:40]
    assert demo_articles(170)[:150] == small_articles


def test_build_site_is_deterministic():
    first, second = build_site(40), build_site(40)
    assert first.keys() == second.keys()
    for path in first:
        assert first[path] == second[path], path


def test_article_pages_are_a_subset_of_a_bigger_build():
    for n in (15, 64):
        smaller, bigger = build_site(n), build_site(n + 20)
        small_articles = {k for k in smaller if ID_URL.match(SITE + k)}
        big_articles = {k for k in bigger if ID_URL.match(SITE + k)}
        assert len(small_articles) == n and len(big_articles) == n + 20
        assert small_articles < big_articles
        for path in small_articles:  # the article itself does not change, only its boxes
            a = html(smaller, path).css("div#contentDetail").get()
            b = html(bigger, path).css("div#contentDetail").get()
            assert a == b


def test_default_now_and_start():
    articles = demo_articles(3)
    assert articles[0].published_at - DEFAULT_START < timedelta(minutes=6)
    assert default_now(3) == articles[-1].published_at + timedelta(hours=2)
    assert default_now(0) == DEFAULT_START
    later = demo_articles(2, start=datetime(2026, 1, 1, 0, 0, 30, tzinfo=VN_TZ))
    assert later[0].published_at.second == 0 and later[0].published_at.year == 2026


# --------------------------------------------------------------------------- article records


def test_ids_are_unique_13_digits_and_urls_canonical(big_articles):
    ids = [a.article_id for a in big_articles]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)  # derived from the creation time, which grows with the index
    for i, a in enumerate(big_articles):
        assert a.index == i
        m = ID_URL.match(a.url)
        assert m, a.url
        assert (m.group(1), m.group(2)) == (a.slug, a.article_id)
        assert re.fullmatch(r"\d{13}", a.article_id)
        # ms epoch a little before publication, like the real site's ids
        created = datetime.fromtimestamp(int(a.article_id) / 1000, VN_TZ)
        assert timedelta(0) < a.published_at - created < timedelta(minutes=30)


def test_articles_spread_and_timing(big_articles):
    assert len({a.title for a in big_articles}) == BIG
    counts = {slug: 0 for slug, _ in SECTIONS}
    for a in big_articles:
        counts[a.section_slug] += 1
        assert (a.section_slug, a.section_name) in SECTIONS
    assert min(counts.values()) > BIG / len(SECTIONS) * 0.7
    gaps = [b.published_at - a.published_at for a, b in pairwise(big_articles)]
    assert all(timedelta(minutes=30) <= g <= timedelta(minutes=45) for g in gaps)
    for a in big_articles:
        assert a.published_at.utcoffset() == timedelta(hours=7)
        assert a.published_at.second == 0 and a.published_at.microsecond == 0


def test_text_fields_are_clean_nfc(big_articles):
    for a in big_articles[:300]:
        for text in [a.title, a.summary, *a.paragraphs, *a.authors, *a.tags]:
            assert text == fold(text), text
            assert text == unicodedata.normalize("NFC", text)
            assert "&" not in text or "TH&THCS" in text  # no entity left
        assert 3 <= len([p for p in a.paragraphs if " | " not in p]) <= 10
        assert 1 <= len(a.authors) <= 2
        assert len(a.images) <= 3


def test_generated_features_all_occur(small_articles):
    arts = small_articles
    assert any(" | " in p for a in arts for p in a.paragraphs)  # tables
    assert sum(1 for a in arts if a.see_also) >= len(arts) // 5
    assert sum(1 for a in arts if a.signature) >= len(arts) // 7
    assert any(len(a.authors) == 2 for a in arts)
    assert any(not a.tags for a in arts) and any(len(a.tags) >= 3 for a in arts)
    captions = [cap for a in arts for _, cap in a.images]
    assert None in captions and any(captions)
    for a in arts:
        if a.signature:
            assert a.authors == [a.signature]
            assert a.signature not in a.paragraphs
        for url in a.see_also:
            target = next(x for x in arts if x.url == url)
            assert target.index < a.index


# --------------------------------------------------------------------------- article pages


def test_article_pages_match_records(small_site, small_articles):
    section_names = dict(SECTIONS)
    for a in small_articles:
        page = html(small_site, a.path)
        body = extract_body(page)
        assert body["paragraphs"] == a.paragraphs, a.url
        assert body["images"] == a.images
        assert body["see_also"] == a.see_also
        assert body["signature"] == a.signature
        assert node_text(page.css("h1.title-detail")) == a.title
        assert node_text(page.css("div.sapo-detail")) == a.summary
        assert page.css('link[rel="canonical"]::attr(href)').get() == a.url
        crumb = page.css("div.breadcrumb a.cate-name")
        assert node_text(crumb) == a.section_name == section_names[a.section_slug]
        assert crumb.attrib["href"] == f"{SITE}/{a.section_slug}-p1.htm"
        byline = page.css("div.author-detail")
        time_text = node_text(byline.css("span.time"))
        assert time_text == a.published_at.strftime("%H:%M, %d/%m/%Y")
        assert parse_time(time_text, a.published_at) == a.published_at
        if a.signature:
            assert not byline.css("span.author")
        else:
            assert node_text(byline.css("span.author")).split(" - ") == a.authors
        assert [node_text(t) for t in page.css("div.detail-tags a")] == a.tags
        # boilerplate that must never end up in a record
        assert node_text(page.css("div#divAnalytic")) == "Analytic"
        assert node_text(page.css("span#dateNow")).startswith("Thứ Sáu, ngày 23 tháng 08 năm 2019")
        comment = node_text(page.css("div.box-comment"))
        assert "Ý kiến độc giả" in comment and "Mã bảo mật" in comment
        assert "Vui lòng nhập Mã bảo mật" in page.css("script").getall()[-1]


def test_article_boxes(small_site, small_articles):
    by_url = {a.url: a for a in small_articles}
    newest = [a.url for a in small_articles[::-1]]
    now = default_now(len(small_articles))
    for a in small_articles:
        page = html(small_site, a.path)
        related = teasers(page, "div.box-related div.item-related")
        assert 1 <= len(related) <= 3
        for t in related:
            other = by_url[t["url"]]
            assert other.section_slug == a.section_slug and other.url != a.url
            assert t["section"] is None and t["time"] is None  # no meta line
            assert t["title"] == other.title and t["sapo"] == other.summary
            assert t["img"] == other.thumbnail
        featured = teasers(page, "div.box-featured div.item-featured")
        assert [t["url"] for t in featured] == [u for u in newest if u != a.url][:6]
        for t in featured:
            other = by_url[t["url"]]
            assert t["section"] == other.section_name
            assert (t["author"] or None) == (" - ".join(other.byline_authors) or None)
            resolved = parse_time(t["time"], now)
            assert timedelta(0) <= resolved - other.published_at < timedelta(hours=1)


# --------------------------------------------------------------------------- listings


@pytest.mark.parametrize("n_articles, per_page", [(BIG, 20), (37, 5), (150, 7)])
def test_listing_pagination_covers_each_section_once(n_articles, per_page, big_site, small_site):
    if (n_articles, per_page) == (BIG, 20):
        site = big_site
    elif (n_articles, per_page) == (150, 7):
        site = small_site
    else:
        site = build_site(n_articles, per_page=per_page)
    articles = demo_articles(n_articles)
    now = default_now(n_articles)
    for slug, name in SECTIONS:
        expected = [a for a in articles[::-1] if a.section_slug == slug]
        pages = max(1, math.ceil(len(expected) / per_page))
        seen: list[str] = []
        url, count, prev = f"{SITE}/{slug}-p1.htm", 0, None
        while url:
            count += 1
            assert url == f"{SITE}/{slug}-p{count}.htm"
            page = html(site, url[len(SITE):])
            assert page.css('div.pagination a[rel="prev"]::attr(href)').get() == prev
            assert node_text(page.css("div.breadcrumb a.cate-name")) == name
            items = teasers(page, "div.list-news > div.item-news")
            last = len(expected) - per_page * (pages - 1)
            assert len(items) == (per_page if count < pages else last)
            for t in items:
                assert t["section"] == name and t["sapo"]
                a = next(x for x in expected if x.url == t["url"])
                assert t["title"] == a.title
                resolved = parse_time(t["time"], now)
                assert timedelta(0) <= resolved - a.published_at < timedelta(hours=1)
            seen += [t["url"] for t in items]
            prev, url = url, page.css('div.pagination a[rel="next"]::attr(href)').get()
        assert count == pages
        assert f"/{slug}-p{pages + 1}.htm" not in site
        assert seen == [a.url for a in expected]  # every article once, newest first


# --------------------------------------------------------------------------- home, rss, sitemap


@pytest.mark.parametrize("later", [None, timedelta(hours=20)])
def test_home_page(later, small_site, small_articles):
    now = default_now(len(small_articles))
    site = small_site
    if later is not None:
        now += later
        site = build_site(len(small_articles), per_page=7, now=now)
    by_url = {a.url: a for a in small_articles}
    page = html(site, "/")
    items = teasers(page, ".home-focus .focus-main, .home-focus .item, .box-latest .item-news, "
                          ".box-cate .item-first, .box-cate .item-sub")
    urls = [t["url"] for t in items]
    assert len(urls) == len(set(urls)) == 4 + 8 + 3 * len(SECTIONS)
    assert urls[:12] == [a.url for a in small_articles[::-1][:12]]
    kinds = set()
    for t in items:
        a = by_url[t["url"]]
        assert t["title"] == a.title and t["section"] == a.section_name
        assert t["sapo"] in (None, a.summary)
        assert (t["author"] or None) == (" - ".join(a.byline_authors) or None)
        resolved = parse_time(t["time"], now)
        kinds.add(TIME_REL.match(t["time"]).group(2) if TIME_REL.match(t["time"]) else "abs")
        if TIME_REL.match(t["time"]):
            assert now - a.published_at < timedelta(hours=24)
            assert timedelta(0) <= resolved - a.published_at < timedelta(hours=1)
        else:
            assert resolved == a.published_at and now - a.published_at >= timedelta(hours=24)
    assert kinds == ({"giờ"} if later is None else {"giờ", "abs"})
    boxes = page.css(".box-cate")
    assert [b.attrib["data-cate"] for b in boxes] == [slug for slug, _ in SECTIONS]
    minutes = build_site(5, now=demo_articles(5)[-1].published_at + timedelta(minutes=12))
    assert "12 phút trước" in minutes["/"].body.decode("utf-8")


def test_rss(small_site, small_articles):
    page = small_site["/rss/home.rss"]
    assert page.content_type == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(page.body)
    assert root.tag == "rss" and root.attrib["version"] == "2.0"
    items = root.findall("./channel/item")
    assert len(items) == 10
    for item, a in zip(items, small_articles[::-1], strict=False):
        assert item.findtext("title") == a.title
        assert item.findtext("link") == item.findtext("guid") == a.url
        assert parsedate_to_datetime(item.findtext("pubDate")) == a.published_at
        assert item.findtext("pubDate").endswith("+0700")
        description = Selector(text=item.findtext("description"))
        assert description.css("img::attr(src)").get() == a.thumbnail
        assert fold("".join(description.xpath("//body/text()").getall())) == a.summary
    assert b"<![CDATA[" in page.body


def test_sitemap_and_robots(big_site, big_articles):
    page = big_site["/sitemap.xml"]
    assert page.content_type == "application/xml; charset=utf-8"
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.fromstring(page.body).findall("sm:url/sm:loc", ns)]
    assert len(locs) == len(set(locs)) == 1 + len(SECTIONS) + BIG
    assert locs[0] == f"{SITE}/"
    assert set(locs[1:1 + len(SECTIONS)]) == {f"{SITE}/{slug}-p1.htm" for slug, _ in SECTIONS}
    assert set(locs) >= {a.url for a in big_articles}
    robots = big_site["/robots.txt"]
    assert robots.content_type == "text/plain; charset=utf-8"
    assert b"Sitemap: https://baodantoc.vn/sitemap.xml" in robots.body
    assert b"Disallow: /Comment/" in robots.body


def test_site_keys_and_internal_links_resolve():
    site = build_site(23, per_page=4)
    articles = demo_articles(23)
    expected = {"/", "/rss/home.rss", "/rss.htm", "/sitemap.xml", "/robots.txt"}
    expected |= {f"/rss/{slug}.rss" for slug, _ in SECTIONS}
    expected |= {a.path for a in articles}
    for slug, _ in SECTIONS:
        count = sum(1 for a in articles if a.section_slug == slug)
        expected |= {f"/{slug}-p{p}.htm" for p in range(1, max(1, math.ceil(count / 4)) + 1)}
    assert set(site) == expected
    link = re.compile(r'href="https://baodantoc\.vn(/[^"?#]*?(?:-p\d+|-\d{13})\.htm)"')
    for path, page in site.items():
        for target in link.findall(page.body.decode("utf-8")):
            assert target in site, (path, target)


def test_tiny_sites():
    empty = build_site(0)
    assert set(empty) == {"/", "/rss/home.rss", "/rss.htm", "/sitemap.xml", "/robots.txt"} | {
        f"/{slug}-p1.htm" for slug, _ in SECTIONS
    } | {f"/rss/{slug}.rss" for slug, _ in SECTIONS}
    assert ET.fromstring(empty["/rss/home.rss"].body).findall("./channel/item") == []
    one = build_site(1)
    (article,) = demo_articles(1)
    page = html(one, article.path)
    assert not page.css("div.box-related") and not page.css("div.box-featured")
    with pytest.raises(ValueError):
        build_site(3, per_page=0)


def test_build_site_2000_is_fast():
    started = time.perf_counter()
    site = build_site(BIG)
    elapsed = time.perf_counter() - started
    assert len([k for k in site if ID_URL.match(SITE + k)]) == BIG
    assert elapsed < 10, f"build_site({BIG}) took {elapsed:.1f}s"
