"""Unit tests: URL canonicalisation, date parsing, author splitting, validation."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

import jsonschema
import pytest

from newscrawl.extraction.dates import find_printed_date, iso, iso_utc, parse_date, parse_http_date
from newscrawl.extraction.page import parse_page
from newscrawl.extraction.records import Article
from newscrawl.extraction.text import clean_text, split_authors
from newscrawl.output.pipelines import record_schema
from newscrawl.sites import urls

FETCHED = datetime(2025, 11, 16, 16, 0, tzinfo=UTC)  # 23:00 in Vietnam


@pytest.mark.parametrize(("raw", "canonical"), [
    ("http://m.baodantoc.vn/a-b-1733016543180.htm?utm_source=fb#top",
     "https://baodantoc.vn/a-b-1733016543180.htm"),
    ("HTTPS://WWW.BAODANTOC.VN", "https://baodantoc.vn/"),
    ("https://baodantoc.vn/Th%c3%a1ng%2011/x-1733016543180.htm",
     "https://baodantoc.vn/Th%C3%A1ng%2011/x-1733016543180.htm"),
    ("https://baodantoc.vn/Tháng 11/x-1733016543180.htm",
     "https://baodantoc.vn/Th%C3%A1ng%2011/x-1733016543180.htm"),
    ("https://baodantoc.vn/tin-tuc-p2.htm?page=3", "https://baodantoc.vn/tin-tuc-p2.htm"),
])
def test_canonical_url(raw: str, canonical: str) -> None:
    assert urls.canonical_url(raw) == canonical


def test_canonical_url_fast_path_agrees_with_w3lib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain URLs skip w3lib; for every URL the answer (or the error) must be w3lib's."""
    rng = random.Random(2)
    alphabet = "ab.-_~/9."
    cases = ["https://a.b/..", "https://a.b/./c", "https://a.b/a/../c", "http://a.b:0080/x",
             "https://a.b:/x", "http://a.b:99999/x", "https://a.b:443/x", "http://A.b/x"]
    for _ in range(4000):
        cases.append("https://baodantoc.vn/" + "".join(
            rng.choice(alphabet) for _ in range(rng.randint(0, 12))))
        cases.append("http://" + "".join(rng.choice("h.-9") for _ in range(rng.randint(1, 5)))
                     + rng.choice(["", ":80", ":81", ":443", ":0", ":65536"]) + "/"
                     + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))))

    def answer(url: str) -> str:
        try:
            return urls.canonical_url(url)
        except ValueError as error:
            return f"ValueError: {error}"

    fast = [answer(url) for url in cases]
    monkeypatch.setattr(urls, "_PLAIN_URL", re.compile(r"(?!)"))  # w3lib for every URL
    assert fast == [answer(url) for url in cases]


def test_relative_links_resolve_against_the_page() -> None:
    assert urls.canonical_url("../x-1733016543180.htm", "https://m.baodantoc.vn/a/b.htm") == \
        "https://baodantoc.vn/x-1733016543180.htm"


def test_url_kinds() -> None:
    assert urls.article_id("https://baodantoc.vn/slug-1579504467264.htm") == "1579504467264"
    assert urls.article_id("https://baodantoc.vn/tin-tuc-p1.htm") is None
    assert urls.listing_page("https://baodantoc.vn/cong-tac-dan-toc-p12.htm") == \
        ("cong-tac-dan-toc", 12)
    assert urls.listing_page("https://example.com/cong-tac-dan-toc-p1.htm") is None
    assert not urls.is_site_url("https://images.baodantoc.vn/x.jpg")
    assert not urls.is_site_url("https://baodantoc.vn.evil.example/x")
    assert urls.is_rss_url("https://baodantoc.vn/rss/home.rss")


def test_mirror_round_trip() -> None:
    canonical = "https://baodantoc.vn/tin-tuc-p1.htm"
    fetched = urls.rebase_url(canonical, "http://127.0.0.1:8000")
    assert fetched == "http://127.0.0.1:8000/tin-tuc-p1.htm"
    assert urls.from_mirror(fetched, "http://127.0.0.1:8000") == canonical
    assert urls.rebase_url(canonical, "http://127.0.0.1:8000/copy") == \
        "http://127.0.0.1:8000/copy/tin-tuc-p1.htm"
    assert urls.from_mirror("http://127.0.0.1:8000/copy/tin-tuc-p1.htm",
                            "http://127.0.0.1:8000/copy") == canonical


@pytest.mark.parametrize(("text", "expected"), [
    ("08:31, 01/12/2024", "2024-12-01T08:31:00+07:00"),
    ("Thúy Hồng - 08:31, 01/12/2024", "2024-12-01T08:31:00+07:00"),
    ("01/12/2024 08:31", "2024-12-01T08:31:00+07:00"),
    ("Thứ Hai, 01/12/2024 - 08:31", "2024-12-01T08:31:00+07:00"),
    ("Sun, 16 Nov 2025 22:20:00 +0700", "2025-11-16T22:20:00+07:00"),
    ("Sun, 16 Nov 2025 15:20:00 GMT", "2025-11-16T22:20:00+07:00"),
    ("2024-12-01T01:31:00Z", "2024-12-01T08:31:00+07:00"),
    ("2024-12-01T08:31:00", "2024-12-01T08:31:00+07:00"),
    # Relative times against the fetch (16:00Z = 23:00 in Vietnam), seconds dropped.
    ("5 giờ trước", "2025-11-16T18:00:00+07:00"),
    ("30 phút trước", "2025-11-16T22:30:00+07:00"),
    ("2 ngày trước", "2025-11-14T23:00:00+07:00"),
    ("Hôm qua, 14:05", "2025-11-15T14:05:00+07:00"),
    ("Hôm nay, 09:00", "2025-11-16T09:00:00+07:00"),
    ("1 tháng 12, 2024", "2024-12-01T00:00:00+07:00"),  # dateparser fallback
])
def test_parse_date(text: str, expected: str) -> None:
    assert iso(parse_date(text, FETCHED)) == expected


def test_hom_qua_uses_the_local_date() -> None:
    # 18:30Z on the 15th is already the 16th in Vietnam: "yesterday" is the 15th.
    fetched = datetime(2025, 11, 15, 18, 30, tzinfo=UTC)
    assert iso(parse_date("Hôm qua, 08:00", fetched)) == "2025-11-15T08:00:00+07:00"


def test_relative_time_keeps_minutes_drops_seconds() -> None:
    fetched = datetime(2025, 11, 16, 15, 55, 42, tzinfo=UTC)
    assert iso(parse_date("2 giờ trước", fetched)) == "2025-11-16T20:55:00+07:00"


def test_unparseable_dates() -> None:
    assert parse_date("", FETCHED) is None
    assert parse_date("không rõ", FETCHED) is None
    assert parse_date("31/02/2024", FETCHED) is None


def test_http_date_and_formats() -> None:
    moment = parse_http_date(b"Sun, 16 Nov 2025 16:00:00 GMT")
    assert moment == FETCHED
    assert iso_utc(moment) == "2025-11-16T16:00:00Z"
    assert parse_http_date("garbage") is None


def test_stale_header_clock_is_never_the_publish_date() -> None:
    html = """<html><body><span id="dateNow">Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27</span>
    <h1 class="title-detail">Tiêu đề</h1><div class="author-detail"><span class="author">A</span>
    - <span class="time">08:31, 01/12/2024</span></div>
    <div id="contentDetail"><p>Nội dung bài viết.</p></div></body></html>"""
    article = parse_page(html, "https://baodantoc.vn/t-1733016543180.htm", FETCHED).article
    assert article is not None
    assert article.published_at == "2024-12-01T08:31:00+07:00"
    assert article.published_raw == "08:31, 01/12/2024"


@pytest.mark.parametrize(("byline", "names"), [
    ("T.Nhân - H.Trường", ["T.Nhân", "H.Trường"]),
    ("Thúy Hồng", ["Thúy Hồng"]),
    ("Thu Hà – Đức Thắng", ["Thu Hà", "Đức Thắng"]),
    ("Bài và ảnh: Minh Anh, Ngọc Thu", ["Minh Anh", "Ngọc Thu"]),
    ("Minh Anh và Ngọc Thu", ["Minh Anh", "Ngọc Thu"]),
    ("By Jane Roe and John Doe", ["Jane Roe", "John Doe"]),
    ("Byron Smith", ["Byron Smith"]),
    ("  ", []),
])
def test_split_authors(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names


def test_clean_text() -> None:
    nfd = "Vie\u0302\u0323t Nam"  # decomposed diacritics
    assert clean_text(nfd) == "Việt Nam"
    assert clean_text("a&nbsp;b\u00a0 c\u200b  d &amp; e") == "a b c d & e"


def _schema_errors(record: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(record_schema())
    return [error.message for error in validator.iter_errors(record)]


def test_schema_rejects_half_empty_records() -> None:
    article = Article(url="https://baodantoc.vn/x-1733016543180.htm", article_id="1733016543180",
                      title="T", summary=None, body="Một hai ba", fetched_at="2025-11-16T16:00:00Z")
    assert _schema_errors(article.to_dict()) == []
    assert _schema_errors(dict(article.to_dict(), title=""))
    assert _schema_errors(dict(article.to_dict(), published_at="yesterday"))
    assert _schema_errors(dict(article.to_dict(), url="http://127.0.0.1:8000/x-1.htm"))
    record = article.to_dict()
    del record["body"]
    assert _schema_errors(record)


def test_schema_accepts_every_gold_record(expected: list[dict]) -> None:
    for record in expected:
        if record["type"] == "article":
            record = dict(record, content_hash="0" * 64)
        assert _schema_errors(record) == [], record["url"]


@pytest.mark.parametrize(("line", "printed"), [
    ("Thúy Hồng 08:31, 01/12/2024", "08:31, 01/12/2024"),
    ("Thứ Hai, 01/12/2024 - 08:31 (GMT+7)", "01/12/2024 - 08:31 (GMT+7)"),
    ("Ngọc Ánh · 5 giờ trước", "5 giờ trước"),
    ("Minh Anh", None),
])
def test_find_printed_date(line: str, printed: str | None) -> None:
    assert find_printed_date(line) == printed


def test_clean_texts_are_remembered_for_one_page_only() -> None:
    """Cleaning again what was cleaned gives it back as it is; a page's texts are
    forgotten when the page is done, so nothing carries over to the next page."""
    from conftest import SAMPLES

    from newscrawl.extraction import text

    rng = random.Random(5)
    pieces = ["Dân tộc", "  ", "\u00a0", "&amp;", "&amp;lt;", "&lt;", "e\u0301", "\u200b",
              "\n", "Tin", "AT&T", "&"]
    for _ in range(1000):  # never forgotten in between: the memory must not change answers
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert clean_text(raw) == (text._clean(raw) if raw else "")
    text.forget_clean_texts()
    double = clean_text("a &amp;lt;b")  # its "&lt;" is text, so it is not remembered
    assert double == "a &lt;b" and clean_text(double) == "a <b" == text._clean(double)
    page = (SAMPLES / "site").glob("*-[0-9]*.htm")
    path = next(iter(page))
    parse_page(path.read_bytes(), f"https://baodantoc.vn/{path.name}")
    assert text._CLEANED == {}


@pytest.mark.parametrize(("text", "expected"), [
    ("5 giờ trước", "2025-11-16T18:00:00+07:00"),
    ("3 Phút trước", "2025-11-16T22:57:00+07:00"),
    ("2 ngày trước", "2025-11-14T23:00:00+07:00"),
    ("Hôm qua", "2025-11-15T00:00:00+07:00"),
    ("hôm nay, 10:05", "2025-11-16T10:05:00+07:00"),
    ("HÔM KIA 08:30", "2025-11-14T08:30:00+07:00"),
    ("vừa xong", "2025-11-16T23:00:00+07:00"),
    ("Mới đây", "2025-11-16T23:00:00+07:00"),
    ("Vừa mới", "2025-11-16T23:00:00+07:00"),
    ("08:31, 15/11/2025", "2025-11-15T08:31:00+07:00"),
])
def test_every_relative_phrase_is_read_against_the_fetch(text: str, expected: str) -> None:
    """Each kind of relative phrase gets past the cheap look for relative cues."""
    fetched = datetime(2025, 11, 16, 16, 0, tzinfo=UTC)
    assert iso(parse_date(text, fetched)) == expected


def test_every_relative_word_holds_a_cue() -> None:
    """A word added to the relative reader's vocabulary without one of the cues would be
    skipped by the cheap look before it (and read as no date at all)."""
    from newscrawl.extraction import dates

    words = [*dates._DAY_WORDS, *dates._JUST_NOW]
    assert words and all(any(cue in word for cue in dates._RELATIVE_CUES) for word in words)
    assert dates._RELATIVE.pattern.endswith(r"\s*trước")  # "<n> <unit> trước"
