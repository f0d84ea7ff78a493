"""What the demo site is made of: an article with everything a correct extractor should
output for its page, and a served page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newscrawl.devtools.demo_site.vocabulary import SITE, VN_TZ


def _abs_time(dt: datetime) -> str:
    return dt.astimezone(VN_TZ).strftime("%H:%M, %d/%m/%Y")


@dataclass(frozen=True)
class DemoArticle:
    """One generated article and the exact record an extractor should produce for its page."""

    index: int  # 0 = oldest
    article_id: str  # 13 digits, ms-epoch-like (a few minutes before publication), unique
    slug: str
    url: str  # canonical https://baodantoc.vn/<slug>-<id>.htm
    section_slug: str
    section_name: str
    title: str
    summary: str
    paragraphs: list[str]  # exact body paragraphs (table rows rendered "a | b | c")
    authors: list[str]
    published_at: datetime  # tz-aware, +07:00, whole minutes
    tags: list[str]
    images: list[tuple[str, str | None]]  # (url, caption or alt or None) in body order
    # Extra facts, useful to tests and to the page renderer.
    signature: str | None = None  # end-of-body signature (byline then shows only the time)
    see_also: list[str] = field(default_factory=list)  # URLs of inline "Xem thêm:" links
    thumbnail: str = ""  # teaser picture URL
    thumbnail_alt: str = ""  # teaser picture alt (usually the title, sometimes not)
    content_html: str = field(default="", repr=False)  # inner HTML of div#contentDetail

    @property
    def path(self) -> str:
        """URL path of the article page (key in :func:`build_site`)."""
        return self.url[len(SITE):]

    @property
    def section_url(self) -> str:
        """Canonical URL of the article's section (first listing page)."""
        return f"{SITE}/{self.section_slug}-p1.htm"

    @property
    def published_raw(self) -> str:
        """The byline time as printed: ``HH:MM, DD/MM/YYYY``."""
        return _abs_time(self.published_at)

    @property
    def byline_authors(self) -> list[str]:
        """Names printed in the byline and in teaser meta lines (empty for signed articles)."""
        return [] if self.signature else list(self.authors)


@dataclass(frozen=True)
class SitePage:
    """One served document."""

    body: bytes
    content_type: str

