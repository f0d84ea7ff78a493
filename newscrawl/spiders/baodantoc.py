"""The `baodantoc` spider: what to fetch, in what order, and when to stop.

Discovery: home page menu -> section listings (-p<N>.htm) -> "next" pages -> articles,
plus the RSS feeds and sitemap.xml as extra sources. Every request is for a canonical
site URL (rebased onto `mirror` when one is set), so Scrapy's duplicate filter fetches an
article once however many pages link to it. Extraction itself is newscrawl.extract.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from newscrawl import urls
from newscrawl.dates import parse_date, parse_http_date
from newscrawl.extract import Page, parse_page
from newscrawl.feeds import default_feeds
from newscrawl.items import Article, Teaser
from newscrawl.site import CANONICAL_ORIGIN, HOME_RSS, SITE_HOSTS, SITEMAP

_SITEMAP_MAX_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own cap


def _comma_list(value: str | Iterable[str] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [item.strip() for item in value if item and item.strip()]


class BaodantocSpider(scrapy.Spider):
    name = "baodantoc"

    def __init__(self, sections: str | None = None, max_pages: str | int | None = None,
                 since: str | None = None, mirror: str | None = None,
                 start_urls: str | None = None, follow: str | bool = True,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sections = {s.lower() for s in _comma_list(sections)}
        self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError("max_pages must be 1 or more")
        self.since = self._parse_since(since)
        self.mirror = mirror.rstrip("/") if mirror else None
        if self.mirror and not urlsplit(self.mirror).scheme.startswith("http"):
            raise ValueError(f"mirror must be an http(s) base URL, got {mirror!r}")
        self.entry_urls = [urls.canonical_url(u) for u in _comma_list(start_urls)]
        # follow=0: fetch only the entry pages (re-extract a known list of articles).
        self.follow_links = str(follow).strip().lower() not in ("0", "false", "no", "off")
        for url in self.entry_urls:
            if not urls.is_site_url(url):
                raise ValueError(f"start_urls must be on baodantoc.vn, got {url!r}")
        hosts = set(SITE_HOSTS)
        if self.mirror:
            hosts.add(urlsplit(self.mirror).hostname or "")
        self.allowed_domains = sorted(hosts)

    @staticmethod
    def _parse_since(since: str | None) -> datetime | None:
        if not since:
            return None
        moment = parse_date(since, fallback=False)
        if moment is None:
            raise ValueError(f"since must be an ISO date such as 2025-11-01, got {since!r}")
        return moment

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if not settings.getdict("FEEDS"):
            output_dir = settings.get("NEWSCRAWL_OUTPUT_DIR") or "output"
            settings.set("FEEDS", default_feeds(output_dir), priority="spider")

    # ------------------------------------------------------------------ requests

    def request(self, url: str, **kwargs: Any) -> scrapy.Request:
        """A request for a canonical site URL, fetched from the mirror when one is set."""
        meta = kwargs.pop("meta", {})
        meta.setdefault("canonical_url", url)
        kwargs.setdefault("callback", self.parse)
        kwargs.setdefault("errback", self.on_error)
        return scrapy.Request(urls.rebase_url(url, self.mirror), meta=meta, **kwargs)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        if self.entry_urls:
            for url in self.entry_urls:
                yield self.request(url, priority=10)
            return
        yield self.request(CANONICAL_ORIGIN + "/", priority=20)
        if not self.sections:
            yield self.request(CANONICAL_ORIGIN + HOME_RSS, priority=15)
            yield self.request(CANONICAL_ORIGIN + SITEMAP, priority=-10,
                               callback=self.parse_sitemap)

    # ------------------------------------------------------------------ parsing

    def canonical_of(self, response: Response) -> str:
        url = urls.from_mirror(response.url, self.mirror)
        if not urls.is_site_url(url):
            url = response.meta.get("canonical_url", url)
        return urls.canonical_url(url)

    @staticmethod
    def fetched_at(response: Response) -> datetime:
        return parse_http_date(response.headers.get("Date")) or datetime.now(UTC)

    def parse(self, response: Response) -> Iterator[Any]:
        stats = self.crawler.stats
        url = self.canonical_of(response)
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        page = parse_page(response.body, url, self.fetched_at(response), content_type)
        stats.inc_value(f"newscrawl/pages/{page.kind}")
        if page.problem and page.kind in ("article", "rss"):
            self.logger.warning("No %s extracted from %s: %s", page.kind, url, page.problem)
            stats.inc_value("newscrawl/errors/extraction")
        yield from self.records(page)
        yield from self.follow(page)

    def records(self, page: Page) -> Iterator[Article | Teaser]:
        for record in page.records:
            if isinstance(record, Article) and self._too_old(record.published_at):
                self.crawler.stats.inc_value("newscrawl/skipped/older_than_since")
                continue
            yield record

    def _too_old(self, published_at: str | None) -> bool:
        if self.since is None or not published_at:
            return False
        moment = parse_date(published_at, fallback=False)
        return moment is not None and moment < self.since

    def follow(self, page: Page) -> Iterator[scrapy.Request]:
        links = page.links
        if page.kind == "sitemap" or not self.follow_links:
            return
        for listing in links.listings:
            slug, number = urls.listing_page(listing) or ("", 0)
            if number == 1 and self._section_wanted(slug):
                yield self.request(listing, priority=10, meta={"listing_page": 1})
        if page.kind == "listing":
            yield from self._next_listing_page(page)
        if self.sections and page.kind != "listing":
            return  # with a section filter, articles come from those sections' listings only
        for article_url in self._article_targets(page):
            yield self.request(article_url)
        if not self.sections:
            for feed in links.feeds:
                yield self.request(feed, priority=5)

    def _article_targets(self, page: Page) -> list[str]:
        dated = {t.url: t.published_at for t in page.teasers}
        targets = []
        for url in page.links.articles:
            if self._too_old(dated.get(url)):
                self.crawler.stats.inc_value("newscrawl/skipped/older_than_since")
                continue
            targets.append(url)
        return targets

    def _section_wanted(self, slug: str) -> bool:
        return not self.sections or slug.lower() in self.sections

    def _next_listing_page(self, page: Page) -> Iterator[scrapy.Request]:
        current = urls.listing_page(page.url)
        next_url = page.links.next_page
        if not current or not next_url or not urls.listing_page(next_url):
            return
        slug, number = current
        next_slug, next_number = urls.listing_page(next_url) or ("", 0)
        if next_slug != slug or next_number <= number:
            return  # a "next" that goes backwards or elsewhere would loop
        if self.max_pages is not None and next_number > self.max_pages:
            return
        dates = [t.published_at for t in page.teasers if t.published_at]
        if self.since and dates and all(self._too_old(d) for d in dates):
            self.logger.info("Stop paginating %s: page %d is older than since", slug, number)
            return
        yield self.request(next_url, priority=10 - min(next_number, 10),
                           meta={"listing_page": next_number})

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("newscrawl/pages/sitemap")
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=_SITEMAP_MAX_BYTES)
            except (OSError, ValueError) as error:
                self.logger.warning("Unreadable gzip sitemap %s: %s", response.url, error)
                self.crawler.stats.inc_value("newscrawl/errors/sitemap")
                return
        try:
            sitemap = Sitemap(body)
        except Exception as error:  # lxml raises several types for hostile XML
            self.logger.warning("Unreadable sitemap %s: %s", response.url, error)
            self.crawler.stats.inc_value("newscrawl/errors/sitemap")
            return
        for entry in sitemap:
            loc = urls.canonical_url(entry.get("loc", ""))
            if not urls.is_site_url(loc):
                continue
            if sitemap.type == "sitemapindex":
                yield self.request(loc, callback=self.parse_sitemap, priority=-10)
            elif urls.article_id(loc) and not self.sections:
                yield self.request(loc, priority=-5)
            elif urls.is_listing_url(loc):
                slug, number = urls.listing_page(loc) or ("", 0)
                if number == 1 and self._section_wanted(slug):
                    yield self.request(loc, priority=10, meta={"listing_page": 1})

    # ------------------------------------------------------------------ errors

    def on_error(self, failure: Any) -> None:
        request = failure.request
        url = request.meta.get("canonical_url", request.url)
        response = getattr(failure.value, "response", None)
        if response is not None:
            kind = f"http_{response.status}"
            reason = f"HTTP {response.status}"
        else:
            kind = failure.type.__name__ if failure.type else "error"
            reason = str(failure.value) or kind
        self.crawler.stats.inc_value(f"newscrawl/errors/{kind}")
        self.logger.warning("Failed %s: %s", url, reason)
