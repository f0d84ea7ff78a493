"""Malformed and hostile pages at the extraction level: clean NFC text or a clear problem."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import permutations

import pytest
from conftest import SAMPLES, load_manifest

from newscrawl.extraction.htmldoc import decode_html
from newscrawl.extraction.page import parse_page

FETCHED = datetime(2025, 11, 16, 16, 0, tzinfo=UTC)
URL = "https://baodantoc.vn/bai-viet-1763172240117.htm"
TITLE = "Đồng bào Tày ở Cao Bằng mừng cơm mới"
PARAGRAPHS = ["Từ sáng sớm, bản Nà Lẹng đã rộn ràng tiếng chày giã cốm.",
              "Những bông lúa nếp được chọn từ thửa ruộng tốt nhất, cắt khi hạt còn ngậm sữa."]


def page_html(charset: str | None = "utf-8", title: str = TITLE,
              paragraphs: list[str] = PARAGRAPHS) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head>{meta}<title>x</title></head><body><h1 class='title-detail'>{title}"
            f"</h1><div class='author-detail'><span class='author'>Minh Anh</span> - "
            f"<span class='time'>08:31, 01/12/2024</span></div>"
            f"<div id='contentDetail'>{body}</div></body></html>")


def to_windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters, combining tone marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("windows-1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        out += next(_legacy_forms(base, marks), b"?")
    return bytes(out)


def _legacy_forms(base: str, marks: list[str]) -> Iterator[bytes]:
    """Base letter composed with some marks (e.g. ô), the rest (tones) combining."""
    for order in permutations(marks):
        for split in range(len(order), -1, -1):
            head = unicodedata.normalize("NFC", base + "".join(order[:split]))
            try:
                yield head.encode("windows-1258") + "".join(order[split:]).encode("windows-1258")
            except UnicodeEncodeError:
                continue


def _assert_clean(page_body: bytes | str, content_type: str = "") -> None:
    article = parse_page(page_body, URL, FETCHED, content_type).article
    assert article is not None
    assert article.title == TITLE
    assert article.body == "\n\n".join(PARAGRAPHS)
    assert unicodedata.is_normalized("NFC", article.body)
    assert article.authors == ["Minh Anh"]


def test_windows_1258_page_is_decoded() -> None:
    data = to_windows_1258(page_html("windows-1258"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    _assert_clean(data, "text/html")


def test_windows_1258_page_with_no_charset_at_all() -> None:
    _assert_clean(to_windows_1258(page_html(None)), "text/html")


def test_lying_header_charset() -> None:
    # UTF-8 bytes served as Latin-1, and Windows-1258 bytes served as UTF-8.
    _assert_clean(page_html("iso-8859-1").encode("utf-8"), "text/html; charset=iso-8859-1")
    _assert_clean(to_windows_1258(page_html("utf-8")), "text/html; charset=utf-8")


def test_missing_charset_utf8() -> None:
    _assert_clean(page_html(None).encode("utf-8"), "text/html")


def test_bom_wins() -> None:
    _assert_clean(b"\xef\xbb\xbf" + page_html("windows-1258").encode("utf-8"))


def test_nfd_text_becomes_nfc() -> None:
    nfd = page_html().replace(TITLE, unicodedata.normalize("NFD", TITLE))
    for paragraph in PARAGRAPHS:
        nfd = nfd.replace(paragraph, unicodedata.normalize("NFD", paragraph))
    assert nfd != page_html()
    _assert_clean(nfd.encode("utf-8"))


def test_unclosed_tags_and_broken_quotes() -> None:
    html = page_html().replace("</p>", "").replace("</div></body></html>", "")
    html = html.replace("<h1 class='title-detail'>", "<h1 class='title-detail' data-x=\"a\"b\">")
    _assert_clean(html)


def test_entities_and_controls() -> None:
    html = page_html().replace("Từ sáng sớm,", "Từ&nbsp;sáng&#x20;sớm,\x00\x08")
    _assert_clean(html.encode("utf-8"))


@pytest.mark.parametrize(("body", "problem"), [
    (b"", "empty page"),
    (b"   \n\t ", "empty page"),
    (bytes(range(256)) * 64, None),
    (b"<html><body><p>Trang kh\xc3\xb4ng c\xc3\xb3 b\xc3\xa0i</p></body></html>", None),
])
def test_pages_without_an_article(body: bytes, problem: str | None) -> None:
    page = parse_page(body, URL, FETCHED, "text/html")
    assert page.article is None
    assert page.problem
    if problem:
        assert page.problem == problem


def test_article_url_without_article_keeps_its_teasers() -> None:
    entry = next(e for e in load_manifest() if e["kind"] == "article")
    html = (SAMPLES / entry["path"]).read_text(encoding="utf-8")
    start, end = html.index('<h1 class="title-detail"'), html.index('<div class="box-comment"')
    page = parse_page(html[:start] + html[end:], entry["url"], FETCHED)
    assert page.article is None and page.problem
    assert {t.block for t in page.teasers} == {"related", "featured"}


def test_decode_html_prefers_valid_utf8() -> None:
    assert decode_html("Việt".encode(), "text/html; charset=windows-1252") == "Việt"
    assert decode_html(b"caf\xe9", "text/html; charset=iso-8859-1") == "café"
    assert decode_html(b"caf\xe9 \xff", "text/html; charset=bogus-charset") == "café ÿ"


def test_bad_pages_through_a_real_server(tmp_path) -> None:
    """The same hostile pages served over HTTP: the crawl exports each article cleanly."""
    from conftest import read_jsonl, run_crawl

    from newscrawl.devtools.mirror import MirrorPage, serve

    def numbered(number: int, charset: str | None = "utf-8") -> str:
        # Each page its own story: the same text under two URLs is exported once.
        return page_html(charset, title=f"{TITLE} {number}")

    nfd = unicodedata.normalize("NFD", numbered(4))
    variants = {
        "windows-1258": (to_windows_1258(numbered(0, "windows-1258")), "text/html"),
        "no-charset-1258": (to_windows_1258(numbered(1, None)), "text/html"),
        "lying-header": (to_windows_1258(numbered(2)), "text/html; charset=utf-8"),
        "latin1-header": (numbered(3, "iso-8859-1").encode(), "text/html; charset=iso-8859-1"),
        "nfd": (nfd.encode(), "text/html; charset=utf-8"),
        "unclosed": (numbered(5).replace("</p>", "").encode(), "text/html"),
    }
    pages, urls = {}, []
    for number, (name, (body, content_type)) in enumerate(variants.items()):
        path = f"/{name}-176317224{number:04d}.htm"
        pages[path] = MirrorPage(body, content_type)
        urls.append("https://baodantoc.vn" + path)
    with serve(pages) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-a",
                           "start_urls=" + ",".join(urls), "-a", "follow=0")
    assert result.returncode == 0, result.stderr[-2000:]
    articles = read_jsonl(tmp_path / "output" / "articles.jsonl")
    assert sorted(a["url"] for a in articles) == sorted(urls)
    for article in articles:
        number = urls.index(article["url"])
        assert article["title"] == f"{TITLE} {number}", article["url"]
        assert article["body"] == "\n\n".join(PARAGRAPHS), article["url"]
        assert article["authors"] == ["Minh Anh"]


def test_pictures_outside_figures_and_their_italic_captions() -> None:
    html = page_html().replace(
        f"<p>{PARAGRAPHS[1]}</p>",
        '<p><img src="/a.jpg" alt="alt a"></p><p><em>Chú thích ảnh A</em></p>'
        '<p style="text-align:center"><img src="b.jpg" alt="alt b"><br><i>Chú thích B</i></p>'
        '<div><img src="https://images.baodantoc.vn/c.jpg" alt="Ảnh C"></div>'
        f"<p>{PARAGRAPHS[1]}</p>"
        '<p><a href="https://baodantoc.vn/bai-khac-1763172240999.htm">Bài khác</a></p>')
    article = parse_page(html, URL, FETCHED).article
    assert article is not None
    assert article.body == "\n\n".join(PARAGRAPHS), "captions and link lines are not body"
    assert article.images == [
        {"url": "https://baodantoc.vn/a.jpg", "caption": "Chú thích ảnh A"},
        {"url": "https://baodantoc.vn/b.jpg", "caption": "Chú thích B"},
        {"url": "https://images.baodantoc.vn/c.jpg", "caption": "Ảnh C"},
    ]


@pytest.mark.parametrize(("signature", "authors"), [
    ('<p style="text-align:right"><strong>Hoàng Thu Trang</strong></p>', ["Hoàng Thu Trang"]),
    ('<p align="right">Bài và ảnh: Minh Anh</p>', ["Minh Anh"]),
    ("<p><b>Thu Hà (TTXVN)</b></p>", ["Thu Hà (TTXVN)"]),
    ("<p><strong>Minh Anh - Ngọc Thu</strong></p>", ["Minh Anh", "Ngọc Thu"]),
])
def test_end_signatures_become_authors(signature: str, authors: list[str]) -> None:
    html = page_html().replace("<span class='author'>Minh Anh</span> - ", "")
    html = html.replace("</div></body>", signature + "</div></body>")
    article = parse_page(html, URL, FETCHED).article
    assert article is not None
    assert article.authors == authors
    assert article.body == "\n\n".join(PARAGRAPHS)


def test_a_bold_sentence_at_the_end_stays_in_the_body() -> None:
    closing = "<p><strong>Chúc bà con một mùa vụ bội thu.</strong></p>"
    html = page_html().replace("</div></body>", closing + "</div></body>")
    article = parse_page(html, URL, FETCHED).article
    assert article is not None
    assert article.body.endswith("Chúc bà con một mùa vụ bội thu.")


def test_meta_lines_with_bars_and_dots() -> None:
    html = ("<html><body><div class='list-news'>" + "".join(
        f"<div class='item'><h3><a href='https://baodantoc.vn/bai-{i}-176317224000{i}.htm'>"
        f"Bài số {i}</a></h3><div class='meta'>Tin tức {sep} Minh Anh {sep} 5 giờ trước</div>"
        "</div>" for i, sep in enumerate(["|", "·", "-"])) + "</div></body></html>")
    page = parse_page(html, "https://baodantoc.vn/tin-tuc-p1.htm", FETCHED)
    assert [(t.section, t.authors, t.published_raw) for t in page.teasers] == [
        ("Tin tức", ["Minh Anh"], "5 giờ trước")] * 3


@pytest.mark.parametrize("label", ["iso-8859-1", "windows-1252"])
@pytest.mark.parametrize("where", ["header", "meta"])
def test_windows_1258_under_a_latin_label_is_recognised(label: str, where: str) -> None:
    html = page_html(label if where == "meta" else None)
    content_type = f"text/html; charset={label}" if where == "header" else "text/html"
    data = to_windows_1258(html)
    _assert_clean(data, content_type)
    assert parse_page(data, URL, FETCHED, content_type).dropped == {"charset": 1}


def test_a_real_latin_page_keeps_its_label() -> None:
    from newscrawl.extraction.htmldoc import charset_corrected, decode_html

    latin = ("<html><head><meta charset='iso-8859-1'></head><body><p>Café à la crème, "
             "Ångström, naïve façade, Müller über Straße.</p></body></html>").encode("latin-1")
    assert not charset_corrected(latin)
    assert "Café à la crème, Ångström" in decode_html(latin)


def test_italian_and_portuguese_latin_pages_keep_their_label() -> None:
    from newscrawl.extraction.htmldoc import charset_corrected

    for text in ("Però così lunedì può andare là, però così, città però ancora così.",
                 "Não há informações sobre as ações da população, não então não."):
        page = (f"<html><head><meta charset='iso-8859-1'></head><body><p>{text * 5}</p>"
                "</body></html>").encode("latin-1")
        assert not charset_corrected(page), text[:20]
