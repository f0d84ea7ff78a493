"""Field validators shared by every layer: a title never carries the site's name, an author
is never a weekday, a month, a date, the site or the section. Each in two markups: the
site's own template and another site's page read by the metadata/generic layers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.extraction import parse_page
from newscrawl.extraction.fields import is_plausible_author, strip_site_name

FETCHED = datetime(2025, 11, 20, tzinfo=UTC)
TEXT = ("Đồng bào dân tộc thiểu số ở vùng cao đã tổ chức lễ hội mừng lúa mới với nhiều "
        "hoạt động văn hóa truyền thống đặc sắc, thu hút đông đảo người dân và du khách.")
HEADLINE = "Lễ hội mừng lúa mới ở vùng cao"


def site_page(title_tag: str, author: str) -> tuple[str, str]:
    html = (f"<html lang='vi'><head><title>{title_tag}</title></head><body>"
            f"<h1 class='title-detail'>{HEADLINE}</h1><div class='author-detail'>"
            f"<span class='author'>{author}</span><span class='time'>20/01/2020 14:29</span>"
            f"</div><div id='contentDetail'><p>{TEXT}</p><p>{TEXT}</p></div></body></html>")
    return html, "https://baodantoc.vn/le-hoi-1763000000001.htm"


def other_page(title_tag: str, author: str) -> tuple[str, str]:
    html = (f"<html lang='vi'><head><title>{title_tag}</title>"
            "<meta property='og:site_name' content='Tin Vùng Cao'>"
            f"<meta name='author' content='{author}'></head><body><main><article>"
            f"<p>{TEXT}</p><p>{TEXT}</p><p>{TEXT}</p></article></main></body></html>")
    return html, "https://tinvungcao.example/le-hoi.html"


@pytest.mark.parametrize(("page", "title_tag"), [
    (site_page, f"{HEADLINE} - Báo Dân tộc và Phát triển"),
    (other_page, f"{HEADLINE} | Tin Vùng Cao"),
    (other_page, f"Tin Vùng Cao - {HEADLINE}"),
], ids=["site template", "other site, suffix", "other site, prefix"])
def test_a_title_never_carries_the_site_name(page, title_tag: str) -> None:  # noqa: ANN001
    html, url = page(title_tag, "Minh Anh")
    if page is site_page:
        html = html.replace(f"<h1 class='title-detail'>{HEADLINE}</h1>", "")  # a redesign
    article = parse_page(html, url, FETCHED).article
    assert article is not None and article.title == HEADLINE


@pytest.mark.parametrize("page", [site_page, other_page], ids=["site template", "other site"])
@pytest.mark.parametrize("not_a_name", ["Thứ Hai", "Chủ nhật", "Tháng Mười Hai",
                                        "20/01/2020 14:29", "Báo Dân tộc và Phát triển"])
def test_an_author_is_never_a_weekday_month_date_or_the_site(page, not_a_name: str) -> None:  # noqa: ANN001
    html, url = page(f"{HEADLINE}", not_a_name)
    article = parse_page(html, url, FETCHED).article
    assert article is not None and not_a_name not in article.authors


@pytest.mark.parametrize("page", [site_page, other_page], ids=["site template", "other site"])
def test_real_names_stay(page) -> None:  # noqa: ANN001
    html, url = page(HEADLINE, "Minh Anh")
    article = parse_page(html, url, FETCHED).article
    assert article is not None and article.authors == ["Minh Anh"]


def test_the_validators() -> None:
    assert strip_site_name("A - B - Báo Dân tộc và Phát triển", ["Báo Dân tộc và Phát triển"]) \
        == "A - B"
    assert strip_site_name("Trận chung kết - hiệp hai", ["Báo Dân tộc và Phát triển"]) \
        == "Trận chung kết - hiệp hai"
    assert not is_plausible_author("Thứ bảy", [])
    assert not is_plausible_author("Văn hóa", ["Văn hóa"])  # the section's name
    assert is_plausible_author("Hoàng Thu Trang", ["Văn hóa"])


ENGLISH = ("The village held its harvest festival on Sunday, with traditional games, music "
           "and food drawing visitors from across the province and beyond, officials said.")


@pytest.mark.parametrize(("declared", "text", "language"), [
    ("en-US", ENGLISH, "en"),
    ("vi_VN", TEXT, "vi"),
    (None, ENGLISH, "en"),  # no declaration: detected from the text
    (None, TEXT, "vi"),
])
def test_the_language_of_another_site_comes_from_the_page(declared: str | None, text: str,
                                                          language: str) -> None:
    lang = f" lang='{declared}'" if declared else ""
    html = (f"<html{lang}><head><title>Harvest</title></head><body><main><article>"
            f"<h1>Harvest</h1><p>{text}</p><p>{text}</p><p>{text}</p></article></main>"
            "</body></html>")
    article = parse_page(html, "https://news.example.org/harvest.html", FETCHED).article
    assert article is not None and article.language == language


def test_the_site_is_vietnamese_whatever_its_markup_says() -> None:
    html, url = site_page(HEADLINE, "Minh Anh")
    article = parse_page(html.replace("lang='vi'", "lang='en'"), url, FETCHED).article
    assert article is not None and article.language == "vi"


@pytest.mark.parametrize(("stamp", "expected"), [
    ("2025-11-16T08:00:00+02:00", "2025-11-16T13:00:00+07:00"),  # the page says its zone
    ("2025-11-16T08:00:00", None),  # it does not: never guessed as Vietnam time
])
def test_another_sites_time_needs_its_zone(stamp: str, expected: str | None) -> None:
    html = ("<html lang='en'><head><title>Harvest</title>"
            f"<meta property='article:published_time' content='{stamp}'></head><body>"
            f"<main><article><h1>Harvest</h1><p>{ENGLISH}</p><p>{ENGLISH}</p>"
            f"<p>{ENGLISH}</p></article></main></body></html>")
    article = parse_page(html, "https://news.example.org/harvest.html", FETCHED).article
    assert article is not None and article.published_at == expected


def test_the_sites_own_times_are_vietnam_time() -> None:
    html, url = site_page(HEADLINE, "Minh Anh")
    article = parse_page(html, url, FETCHED).article
    assert article is not None and article.published_at == "2020-01-20T14:29:00+07:00"
