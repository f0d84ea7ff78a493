"""What extraction produces: the two record types of output-schema.md (dataclasses that
itemadapter and Scrapy take), and the Page that carries them with the links to follow.

Field order is the output column order. Add fields freely; never rename or drop one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from newscrawl.extraction.text import clean_text


def content_hash(title: str, body: str) -> str:
    """sha256 of the normalised title and body: equal text gives an equal hash."""
    normalised = clean_text(title) + "\n" + "\n\n".join(
        clean_text(p) for p in body.split("\n\n")
    )
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass(kw_only=True)
class Article:
    type: str = field(default="article", init=False)
    url: str
    article_id: str | None
    title: str
    summary: str | None
    body: str
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    published_raw: str | None = None
    modified_at: str | None = None
    section: str | None = None
    section_url: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    language: str = "vi"
    word_count: int = 0
    fetched_at: str = ""
    content_hash: str = ""
    # Which extraction layer produced the body: "site", "metadata" or "generic".
    extraction: str = "site"
    # 1 when first exported; +1 each time a later run exports changed content.
    revision: int = 1
    # The crawl run that exported the record (set by the crawl; extraction leaves it None).
    run_id: str | None = None

    def __post_init__(self) -> None:
        self.word_count = len(self.body.split())
        self.content_hash = content_hash(self.title, self.body)

    def to_dict(self) -> dict[str, Any]:
        return _record_dict(self)


@dataclass(kw_only=True)
class Teaser:
    type: str = field(default="teaser", init=False)
    url: str
    article_id: str | None
    title: str
    summary: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    published_raw: str | None = None
    image_url: str | None = None
    found_on: str
    block: str
    position: int
    fetched_at: str = ""
    run_id: str | None = None  # as Article.run_id

    def to_dict(self) -> dict[str, Any]:
        return _record_dict(self)


def _record_dict(record: Article | Teaser) -> dict[str, Any]:
    """The record as output-schema.md has it; run_id only once a crawl run has set it."""
    data = record_values(record)
    if data["run_id"] is None:
        del data["run_id"]
    return data


def record_values(record: Article | Teaser) -> dict[str, Any]:
    """Every field of the record in column order, as dataclasses.asdict gives it (lists and
    the image dicts copied), without its generic recursion: records hold only JSON values
    one level deep, and this runs for every record a crawl writes."""
    values = {}
    for name in field_names(type(record)):
        value = getattr(record, name)
        if type(value) is list:
            value = [dict(v) if type(v) is dict else v for v in value]
        values[name] = value
    return values


@lru_cache(maxsize=4)
def field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


Record = Article | Teaser


class ListingRef(NamedTuple):
    """A section listing page: its canonical URL, section slug and page number."""

    url: str
    section: str
    number: int


@dataclass
class PageLinks:
    """What a page offers to the crawler, as canonical site URLs in document order."""

    articles: list[str] = field(default_factory=list)
    listings: list[ListingRef] = field(default_factory=list)
    next_page: ListingRef | None = None  # the "next" link, when it is a listing page
    feeds: list[str] = field(default_factory=list)


@dataclass
class Page:
    """Everything the crawler needs from one fetched page, so it parses nothing again."""

    kind: str  # article, home, listing, rss, sitemap, other
    url: str  # canonical
    records: list[Record] = field(default_factory=list)
    links: PageLinks = field(default_factory=PageLinks)
    problem: str | None = None  # why an expected article or feed could not be extracted
    problem_kind: str = "extraction"  # its newscrawl/errors/<kind> counter
    listing: ListingRef | None = None  # this page, when it is a listing page
    # Publication time of each record's article, by URL (the article's own, then teasers').
    published: dict[str, datetime] = field(default_factory=dict)
    layout: str | None = None  # the site layout version that read it (sites.baodantoc)
    # Values dropped from records because they could not be right, by field (never the
    # record): {"published_at": 1} for a date in year 9999.
    dropped: dict[str, int] = field(default_factory=dict)
    # Which layer gave each article field: {"body": "site", "authors": "metadata", ...}.
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def article(self) -> Article | None:
        return next((r for r in self.records if isinstance(r, Article)), None)

    @property
    def teasers(self) -> list[Teaser]:
        return [r for r in self.records if isinstance(r, Teaser)]

    @property
    def shows_listing(self) -> bool:
        """Teasers of a section listing are on the page (not a bot wall or an error page)."""
        return any(teaser.block == "listing" for teaser in self.teasers)
