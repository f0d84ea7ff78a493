"""Everything newscrawl knows about baodantoc.vn, in one place: hosts and URL rules, the
selectors of each layout version, and the site's vocabulary (box headings, boilerplate
labels, lead hints), language, time zone and legacy charsets.

The selectors were written against our reconstruction of the desktop template
(../shared/samples/baodantoc); nobody here has seen the live markup. A layout version is a
named Layout; when the site is redesigned, add one in front of LAYOUTS (as fundus does per
publisher) and keep the old one for archived pages. Within a layout each field lists
several selectors, tried in order. The class-agnostic fallbacks (metadata, the generic
extractor, the shared cleaning rules) live in newscrawl.extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

SITE_NAME = "baodantoc"
# How the site names itself in <title>, og:site_name and signatures.
SITE_TITLES = ("Báo Dân tộc và Phát triển", "Dân tộc và Phát triển", "baodantoc.vn")
CANONICAL_HOST = "baodantoc.vn"
CANONICAL_ORIGIN = f"https://{CANONICAL_HOST}"
# Hosts that serve the same pages; all map to CANONICAL_HOST in output.
SITE_HOSTS = frozenset({"baodantoc.vn", "www.baodantoc.vn", "m.baodantoc.vn"})
LANGUAGE = "vi"
# Vietnam keeps UTC+7 all year: printed times without a zone are read in it.
TIMEZONE = "Asia/Ho_Chi_Minh"
UTC_OFFSET = timedelta(hours=7)
LOCAL_TIME = timezone(UTC_OFFSET, "ICT")


@dataclass(frozen=True)
class DateRange:
    """Publication times outside [earliest, fetch time + ahead] are not believed."""

    earliest: datetime
    ahead: timedelta


# The site went online long after 1990; a page dated next week is a typo or a trap.
PLAUSIBLE_DATES = DateRange(datetime(1990, 1, 1, tzinfo=LOCAL_TIME), timedelta(days=2))

# Vietnamese pages that are not UTF-8 are nearly always Windows-1258 (then 1252).
LEGACY_CHARSETS = ("windows-1258", "cp1252")

# <slug>-<13 digits>.htm : an article. The id is the article_id.
ARTICLE_PATH = re.compile(r"^/(?:[^/]+/)*[^/]*?-?(\d{13})\.html?$")
# <slug>-p<N>.htm : page N of a section listing.
LISTING_PATH = re.compile(r"^/(?P<slug>[a-z0-9-]+?)-p(?P<page>\d+)\.html?$")
RSS_PATH = re.compile(r"^/rss/[^/]+\.rss$|\.rss$")
HOME_RSS = "/rss/home.rss"
# The page listing every feed of the site (one per section), linked from the header.
FEED_INDEX_PATH = re.compile(r"^/rss\.html?$")
SITEMAP = "/sitemap.xml"

# Paths never worth fetching (robots.txt disallows most of them too).
SKIP_PATH = re.compile(
    r"^/(?:tim-kiem|search|Comment|Captcha|Admin|lien-he|lien-he-quang-cao|tag)(?:[/.?]|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Selectors:
    """CSS selectors per field, most specific first; the first that matches wins."""

    title: tuple[str, ...] = ("h1.title-detail", "h1.detail-title", "h1.article-title")
    byline: tuple[str, ...] = ("div.author-detail", "div.detail-author", "div.byline")
    byline_author: tuple[str, ...] = ("span.author", ".author-name", "[itemprop=author]")
    byline_time: tuple[str, ...] = ("span.time", "time", ".date", "[itemprop=datePublished]")
    summary: tuple[str, ...] = ("div.sapo-detail", "h2.sapo-detail", "div.detail-sapo", ".sapo")
    body: tuple[str, ...] = ("div#contentDetail", "div.content-detail", "div.detail-content",
                             "div.article-body", "[itemprop=articleBody]")
    section: tuple[str, ...] = ("div.breadcrumb a.cate-name", "div.breadcrumb a:last-child",
                                ".breadcrumb li:last-child a")
    tags: tuple[str, ...] = ("div.detail-tags a", "div.tags a", ".tag-list a")
    # Teaser blocks on article pages; anything else on a home page is block "home".
    related_block: tuple[str, ...] = ("div.box-related", "div.related-news",
                                      "div.tin-cung-chuyen-muc")
    featured_block: tuple[str, ...] = ("div.box-featured", "div.featured-news")
    listing_block: tuple[str, ...] = ("div.list-news", "div.cate-list", "ul.list-news")
    teaser_meta: tuple[str, ...] = (".meta",)
    # Class names of the parts of a teaser's meta line "Category - Author(s) - time".
    meta_section_classes: frozenset[str] = frozenset({"cate", "category", "cat"})
    meta_author_classes: frozenset[str] = frozenset({"author", "author-name", "byline"})
    meta_time_classes: frozenset[str] = frozenset({"time", "date", "timeago"})
    teaser_summary: tuple[str, ...] = (".sapo", ".summary", ".lead", "p")
    next_page: tuple[str, ...] = ('a[rel="next"]', ".pagination li.next a", "a.next")
    # Pictures inside these are not the article's images.
    image_noise: tuple[str, ...] = (
        ".box-related", ".box-featured", ".social-share", ".ads-zone", ".banner",
        ".advertisement", "noscript", "iframe", "a.share-fb", ".box-comment",
    )
    # A picture's caption, when it is not a <figcaption>.
    caption: tuple[str, ...] = (".image-caption", ".caption", ".PhotoCMS_Caption",
                                ".image_desc", ".chu-thich", ".img-caption")
    # Elements inside a body that are never body text.
    body_noise: tuple[str, ...] = (
        "script", "style", "noscript", "iframe", "video", "audio", "object", "embed", "form",
        "figure", "figcaption", ".box-comment", ".box-related", ".box-featured", ".social-share",
        ".ads-zone", ".banner", ".advertisement", ".video", ".embed", "table.image",
        ".image-caption", ".PhotoCMS_Caption", ".caption",
    )


# The sections of the site's main menu (as reconstructed); `-a sections=` names outside it
# get a warning (the live menu may hold more), not a refusal.
KNOWN_SECTIONS = ("thoi-su", "tin-tuc", "cong-tac-dan-toc", "giao-duc", "van-hoa", "phap-luat")

# Block headings as the site prints them; used when a box's class name is unknown.
RELATED_HEADINGS = ("tin cùng chuyên mục", "tin liên quan", "bài liên quan", "cùng chuyên mục")
FEATURED_HEADINGS = ("tin nổi bật trang chủ", "tin nổi bật", "đọc nhiều")


# Labels that open a line which is never article text ("Xem thêm: ...", "Ảnh: ...").
BOILERPLATE_LABELS = ("xem thêm", "đọc thêm", "tin liên quan", "bài liên quan", "nguồn",
                      "ảnh", "video", "clip", "đồ họa", "infographic")
# Labels that head a box inside an article which is never article text (ads, related
# links, comments, share bars, tags): newscrawl.extraction.cleaner drops such boxes.
BOX_LABELS = ("quảng cáo", "tin liên quan", "bài liên quan", "tin cùng chuyên mục",
              "cùng chuyên mục", "bình luận", "gửi bình luận", "ý kiến bạn đọc", "chia sẻ",
              "xem thêm", "đọc thêm", "có thể bạn quan tâm", "từ khóa", "tags")
# Words in the class or id of an element holding the lead ("sapo" is the site's own).
LEAD_HINTS = ("lead", "sapo", "summary", "intro", "desc", "excerpt", "standfirst", "chapeau",
              "tomtat")


@dataclass(frozen=True)
class Layout:
    """One version of the site's templates, and the selectors that read it."""

    name: str
    selectors: Selectors


# Our reconstruction of the desktop template of 2025 (the hand-made samples).
DESKTOP_2025 = Layout("desktop-2025", Selectors())
# Newest first: an article is read with the first layout whose body selector matches.
LAYOUTS = (DESKTOP_2025,)
