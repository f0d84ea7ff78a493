"""Markup nobody here wrote a selector for: each category of issue 10 in three markups, the
site's current template (site layer), an older or mobile template of the site (no <h1>, no
known class: metadata and generic layers on the site's own URL) and another site's page.
Every page is our own, written here with its gold values."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_shared_rules import FETCHED, STORY

from newscrawl.extraction import parse_page
from newscrawl.extraction.generic import extract_body_from_html

SITE_URL = "https://baodantoc.vn/le-hoi-1763000000001.htm"
OTHER_URL = "https://tin.example.org/2020/01/le-hoi.html"
HEADLINE = "Lễ hội mừng lúa mới ở vùng cao"
CAPTION = "Bà con đón khách tại lễ hội mừng lúa mới"
Markup = Callable[[str, str], tuple[str, str]]


def site_template(body: str, byline: str = "") -> tuple[str, str]:
    return (f'<html lang="vi"><head><title>{HEADLINE} - Báo Dân tộc và Phát triển</title>'
            f'</head><body><h1 class="title-detail">{HEADLINE}</h1>'
            f'<div class="author-detail">{byline}</div><div id="contentDetail">{body}</div>'
            "</body></html>", SITE_URL)


def older_site_template(body: str, byline: str = "") -> tuple[str, str]:
    return (f"<html><head><title>{HEADLINE} - Báo Dân tộc và Phát triển</title></head>"
            f'<body><div class="khung-tin"><div class="tieu-de-tin">{HEADLINE}</div>'
            f'<div class="dong-phu">{byline}</div><div class="than-tin">{body}</div></div>'
            "</body></html>", SITE_URL)


def other_site(body: str, byline: str = "") -> tuple[str, str]:
    return (f'<html lang="vi"><head><title>{HEADLINE} | Tin Vùng Cao</title></head><body>'
            f'<header><a href="/">Trang chủ</a></header><article><h1>{HEADLINE}</h1>'
            f'<div class="thong-tin">{byline}</div><div class="bai-viet">{body}</div>'
            "</article><footer>© 2020 Tin Vùng Cao</footer></body></html>", OTHER_URL)


MARKUPS = pytest.mark.parametrize("markup", [site_template, older_site_template, other_site],
                                  ids=["site template", "older site template", "other site"])


def around(element: str) -> str:
    return f"<p>{STORY[0]}</p>{element}<p>{STORY[1]}</p><p>{STORY[2]}</p>"


LAZY_IMAGES = {
    "data-src": '<img src="/img/blank.gif" data-src="/anh/le-hoi.jpg">',
    "data-original": '<img src="/img/blank.png" data-original="/anh/le-hoi.jpg">',
    "data-lazy-src": '<img src="data:image/gif;base64,R0lGOD" data-lazy-src="/anh/le-hoi.jpg">',
    "srcset, largest": '<img src="/anh/nho.jpg" srcset="/anh/nho.jpg 300w, /anh/le-hoi.jpg 1200w">',
    "data-srcset": '<img src="data:image/gif;base64,R0lGOD" '
                   'data-srcset="/anh/nho.jpg 1x, /anh/le-hoi.jpg 2x">',
    "picture": '<picture><source srcset="/anh/le-hoi.jpg 1200w, /anh/nho.jpg 300w">'
               '<img src="/anh/nho.jpg"></picture>',
    "noscript fallback": '<img class="lazy" src="data:image/gif;base64,R0lGOD">'
                         '<noscript><img src="/anh/le-hoi.jpg"></noscript>',
    "noscript only": '<noscript><img src="/anh/le-hoi.jpg"></noscript>',
    "noscript beside a loaded image": '<img data-src="/anh/le-hoi.jpg">'
                                      '<noscript><img src="/anh/le-hoi.jpg"></noscript>',
}


@MARKUPS
@pytest.mark.parametrize("name", list(LAZY_IMAGES))
def test_lazy_and_responsive_images_give_the_real_picture_once(markup: Markup, name: str
                                                               ) -> None:
    article = parse_page(*markup(around(LAZY_IMAGES[name]), ""), FETCHED).article
    assert article is not None
    assert [image["url"].rsplit("/", 1)[-1] for image in article.images] == ["le-hoi.jpg"]
    assert article.body.split("\n\n") == STORY


CAPTIONS = {
    "figcaption": f'<figure><img src="/anh/le-hoi.jpg"><figcaption>{CAPTION}</figcaption>'
                  "</figure>",
    "caption-classed paragraph after": f'<p><img src="/anh/le-hoi.jpg"></p>'
                                      f'<p class="img-chuthich">{CAPTION}</p>',
    "caption-classed div after": f'<div><img src="/anh/le-hoi.jpg"></div>'
                                 f'<div class="photo-desc">{CAPTION}</div>',
    "italic paragraph after": f'<p><img src="/anh/le-hoi.jpg"></p><p><em>{CAPTION}</em></p>',
    "italic in the picture's paragraph": f'<p><img src="/anh/le-hoi.jpg"><br><i>{CAPTION}</i>'
                                         "</p>",
    "table layout": f'<table class="bang-x"><tr><td><img src="/anh/le-hoi.jpg"></td></tr>'
                    f"<tr><td>{CAPTION}</td></tr></table>",
    "centred table layout": f'<table align="center"><tbody><tr><td><img src="/anh/le-hoi.jpg">'
                            f'</td></tr><tr><td><p style="text-align:center">{CAPTION}</p>'
                            "</td></tr></tbody></table>",
    "picture and text in one wrapper": f'<div class="khung-y"><img src="/anh/le-hoi.jpg">'
                                       f"<div>{CAPTION}</div></div>",
}


@MARKUPS
@pytest.mark.parametrize("name", list(CAPTIONS))
def test_captions_go_to_the_image_never_to_the_body(markup: Markup, name: str) -> None:
    article = parse_page(*markup(around(CAPTIONS[name]), ""), FETCHED).article
    assert article is not None
    assert [(image["url"].rsplit("/", 1)[-1], image["caption"]) for image in article.images] \
        == [("le-hoi.jpg", CAPTION)]
    assert article.body.split("\n\n") == STORY


@MARKUPS
def test_a_plain_paragraph_after_a_picture_stays_in_the_body(markup: Markup) -> None:
    sentence = ("Năm nay lễ hội kéo dài ba ngày, với sự tham gia của hơn hai nghìn người dân "
                "đến từ các bản lân cận và nhiều đoàn khách trong nước.")
    body = (f'<p>{STORY[0]}</p><p><img src="/anh/le-hoi.jpg"></p><p>{sentence}</p>'
            f"<p>{STORY[1]}</p><p>{STORY[2]}</p>")
    article = parse_page(*markup(body, ""), FETCHED).article
    assert article is not None
    assert article.body.split("\n\n") == [STORY[0], sentence, STORY[1], STORY[2]]
    assert [image["caption"] for image in article.images] == [None]


DECORATION = {
    "icon by size": '<img src="/anh/fb.png" width="16" height="16">',
    "avatar by class": '<img class="author-avatar" src="/anh/tac-gia.jpg">',
    "logo by file name": '<img src="/static/logo_bao.png">',
    "tracking pixel": '<img src="https://px.example.net/t.gif" width="1" height="1">',
    "size in px": '<img src="/anh/nut.png" style="" width="48px">',
}


@MARKUPS
@pytest.mark.parametrize("name", list(DECORATION))
def test_decoration_is_left_out(markup: Markup, name: str) -> None:
    body = around(f'{DECORATION[name]}<figure><img src="/anh/le-hoi.jpg" width="800">'
                  f"<figcaption>{CAPTION}</figcaption></figure>")
    article = parse_page(*markup(body, ""), FETCHED).article
    assert article is not None
    assert [image["url"].rsplit("/", 1)[-1] for image in article.images] == ["le-hoi.jpg"]


PRINTED_TIMES = [
    "Thứ Hai, 20/01/2020 14:29",
    "20/01/2020 - 14:29",
    "14:29 20/01/2020",
    "Thứ hai, ngày 20/01/2020 - 14:29",
    "20/01/2020 | 14:29 GMT+7",
    "Cập nhật lúc 14:29 ngày 20/01/2020",
    "20/01/2020 14:29 (GMT+7)",
    '<time datetime="2020-01-20T14:29:00+07:00">20/01</time>',
]


@MARKUPS
@pytest.mark.parametrize("printed", PRINTED_TIMES)
def test_the_forms_vietnamese_sites_print_dates_in(markup: Markup, printed: str) -> None:
    """On the site, a printed time is Vietnam time; on another site only a time with its
    offset (or an ISO <time>) is read, never guessed."""
    byline = f'<span class="ten">Minh Anh</span> <span class="luc">{printed}</span>'
    html, url = markup(around(""), byline)
    article = parse_page(html, url, FETCHED).article
    assert article is not None
    assert article.title == HEADLINE
    assert article.authors == ["Minh Anh"]
    zoned = "GMT" in printed or "datetime" in printed
    expected = "2020-01-20T14:29:00+07:00" if url == SITE_URL or zoned else None
    assert article.published_at == expected


@MARKUPS
@pytest.mark.parametrize("line", [
    "Thứ Hai Minh Anh 20/01/2020 14:29",
    "<span>Thứ Hai</span> <b>Minh Anh</b> <span>20/01/2020 - 14:29</span>",
    "Minh Anh - Thứ hai, ngày 20/01/2020 - 14:29",
], ids=["one text", "one element each", "dashed"])
def test_a_weekday_beside_the_byline_is_not_the_author(markup: Markup, line: str) -> None:
    html, url = markup(around(""), line)
    article = parse_page(html, url, FETCHED).article
    assert article is not None
    assert article.authors == ["Minh Anh"]


@MARKUPS
def test_the_title_never_keeps_the_site_name(markup: Markup) -> None:
    html, url = markup(around(""), "")
    html = html.replace(f"<h1>{HEADLINE}</h1>", "")  # another site's redesign: no <h1>
    article = parse_page(html, url, FETCHED).article
    assert article is not None and article.title == HEADLINE


def test_the_generic_extractor_reads_noscript_fallbacks_from_raw_html() -> None:
    html, url = other_site(around(LAZY_IMAGES["noscript fallback"]))
    result = extract_body_from_html(html, url)
    assert [src.rsplit("/", 1)[-1] for src, _ in result.images] == ["le-hoi.jpg"]
    assert result.paragraphs == STORY


# ---------------------------------------------------------------- what a hostile review found

@MARKUPS
@pytest.mark.parametrize(("headline", "chrome"), [
    ("Hà Nội - Thành phố vì hòa bình",
     "<footer>Địa chỉ: 12 Lê Thánh Tông, Hà Nội © 2020</footer>"),
    ("Thể thao - Những khoảnh khắc ấn tượng nhất năm 2024",
     '<header><nav><a href="/the-thao">Thể thao</a></nav></header>'),
], ids=["a footer address", "a menu link"])
def test_a_headline_part_the_chrome_mentions_stays(markup: Markup, headline: str,
                                                   chrome: str) -> None:
    html, url = markup(around(""), "")
    html = html.replace(HEADLINE, headline).replace("</body>", f"{chrome}</body>")
    article = parse_page(html, url, FETCHED).article
    assert article is not None and article.title == headline


@MARKUPS
@pytest.mark.parametrize(("line", "authors"), [
    ("Tác giả: Minh Anh - 20/01/2020 14:29", ["Minh Anh"]),
    ("Bài và ảnh: Minh Anh | 20/01/2020 14:29", ["Minh Anh"]),
    ("Minh Anh/TTXVN - 20/01/2020 14:29", ["Minh Anh", "TTXVN"]),
    ("Văn Thành Châu - Hoàng Lê | 20/01/2020 14:29", ["Văn Thành Châu", "Hoàng Lê"]),
])
def test_byline_labels_and_joined_names(markup: Markup, line: str, authors: list[str]) -> None:
    article = parse_page(*markup(around(""), line), FETCHED).article
    assert article is not None and article.authors == authors


SHORT_STORY = ("Sáng nay, hàng trăm người dân bản Nà Lẹng đã cùng nhau dọn dẹp con đường "
               "liên thôn, chuẩn bị đón lễ hội mừng lúa mới diễn ra vào cuối tuần này.")


@MARKUPS
@pytest.mark.parametrize("body", [
    f'<div><img src="/anh/le-hoi.jpg"><br>{SHORT_STORY}</div>',
    f'<div class="row"><div class="col-4"><img src="/anh/le-hoi.jpg"></div>'
    f'<div class="col-8">{SHORT_STORY} {SHORT_STORY}</div></div>',
    f'<div><img class="emoji" src="/e/1f600.png"> {SHORT_STORY}</div>',
    f'<div>{SHORT_STORY}<img src="/px/t.gif" width="1" height="1"></div>',
], ids=["photo story", "two columns", "emoji", "tracking pixel"])
def test_text_beside_a_picture_is_the_story_not_a_caption(markup: Markup, body: str) -> None:
    article = parse_page(*markup(body, ""), FETCHED).article
    assert article is not None
    assert SHORT_STORY in article.body
    assert all(SHORT_STORY not in (image["caption"] or "") for image in article.images)


@MARKUPS
@pytest.mark.parametrize("image", [
    '<figure><img src="/uploads/google-pixel-9-pro.jpg"><figcaption>Điện thoại mới'
    "</figcaption></figure>",
    '<figure><img src="/uploads/logo-contest-winner.jpg"></figure>',
    '<p><img src="/uploads/icon-of-the-seas.jpg"></p>',
    '<p><img class="icon-zoom" src="/uploads/anh.jpg"></p>',
    '<p><img src="/uploads/avatar-3-lua-va-tro-tan.jpg" width="800"></p>',
], ids=["pixel in a name", "logo in a name", "icon in a name", "zoom icon class",
        "large avatar name"])
def test_story_photos_with_chrome_words_in_their_names_stay(markup: Markup, image: str
                                                            ) -> None:
    article = parse_page(*markup(around(image), ""), FETCHED).article
    assert article is not None and len(article.images) == 1


@MARKUPS
@pytest.mark.parametrize("stamp", ["2020-01-20", "{{ post.date }}"])
def test_a_time_element_without_a_time_leaves_the_printed_time(markup: Markup, stamp: str
                                                              ) -> None:
    line = (f'<span class="ten">Minh Anh</span> <span class="luc">'
            f'<time datetime="{stamp}">20/01/2020 14:29 (GMT+7)</time></span>')
    article = parse_page(*markup(around(""), line), FETCHED).article
    assert article is not None and article.published_at == "2020-01-20T14:29:00+07:00"


def test_without_headings_the_breadcrumb_and_header_clock_are_not_the_byline() -> None:
    html = (f"<html><head><title>{HEADLINE} - Báo Dân tộc và Phát triển</title></head><body>"
            f'<div class="hdr"><div class="bc"><a href="/">Trang chủ</a> » <span>{HEADLINE}'
            '</span></div><div class="clock">Chủ nhật, 16/11/2025 08:00 GMT+7</div></div>'
            f'<div class="tieu-de">{HEADLINE}</div><div class="dong">Minh Anh - 20/01/2020 '
            f"14:29 GMT+7</div><div>{around('')}</div></body></html>")
    article = parse_page(html, SITE_URL, FETCHED).article
    assert article is not None
    assert (article.authors, article.published_at) == (["Minh Anh"], "2020-01-20T14:29:00+07:00")


@MARKUPS
@pytest.mark.parametrize("images", [
    '<noscript><img src="/anh/le-hoi.jpg"></noscript><img data-src="/anh/le-hoi.jpg">',
    '<img data-src="/anh/le-hoi.jpg"><br><noscript><img src="/anh/le-hoi.jpg"></noscript>',
    '<img class="lazy" src="/images/loading.gif"><noscript><img src="/anh/le-hoi.jpg">'
    "</noscript>",
    '<picture><source media="(max-width:600px)" srcset="/anh/le-hoi-m.jpg">'
    '<img src="/anh/le-hoi.jpg"></picture>',
], ids=["noscript first", "br between", "named placeholder", "small-screen source"])
def test_one_picture_however_it_is_loaded(markup: Markup, images: str) -> None:
    article = parse_page(*markup(around(f"<p>{images}</p>"), ""), FETCHED).article
    assert article is not None
    assert [image["url"].rsplit("/", 1)[-1] for image in article.images] == ["le-hoi.jpg"]


@MARKUPS
def test_every_picture_of_a_wrapper_counts(markup: Markup) -> None:
    gallery = ('<div><img src="/anh/a.jpg"><img src="/anh/b.jpg"><img src="/anh/c.jpg">'
               "</div>")
    article = parse_page(*markup(around(gallery), ""), FETCHED).article
    assert article is not None
    assert [image["url"].rsplit("/", 1)[-1] for image in article.images] == \
        ["a.jpg", "b.jpg", "c.jpg"]
