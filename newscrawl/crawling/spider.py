"""The `baodantoc` spider: what to fetch, in what order, and when to stop.

Discovery: home page menu -> section listings (-p<N>.htm) -> "next" pages -> articles,
plus the RSS feeds and sitemap.xml as extra sources. Every request is for a canonical
site URL (rebased onto `mirror` when one is set), claimed once per run (`claim`), so an
article is fetched once however many pages link to it; articles an earlier run exported
are not fetched at all (newscrawl.ops.incremental). Extraction itself is newscrawl.extraction.page.

Nothing a server does stops the crawl: every page that cannot be used is logged once
("Failed <url>: <reason> [<kind>]") and counted under newscrawl/errors/<kind>, and
pagination, redirects, depth, sitemaps and feeds all have caps (see newscrawl.crawling.middlewares).
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from newscrawl.crawling.arguments import parse_arguments
from newscrawl.crawling.guards import (
    SitemapTooLarge,
    declares_entities,
    failure_reason,
    gunzip_capped,
    looks_binary,
)
from newscrawl.crawling.middlewares import AlreadyRequested, RetryScheduled, failure_kind
from newscrawl.errors import UsageProblem
from newscrawl.extraction import Page, parse_page
from newscrawl.extraction.dates import fetch_time, parse_date
from newscrawl.extraction.records import Article, Teaser
from newscrawl.ops.incremental import is_crawl_run, record_article_failure
from newscrawl.ops.runkeys import RunKeys, run_keys
from newscrawl.ops.state import CrawlState, state_of
from newscrawl.output.exports import (
    current_run_id,
    default_feeds,
    feeds_by_record_type,
    new_run_id,
)
from newscrawl.sites import urls
from newscrawl.sites.baodantoc import (
    CANONICAL_ORIGIN,
    HOME_RSS,
    KNOWN_SECTIONS,
    PLAUSIBLE_DATES,
    SITE_HOSTS,
    SITEMAP,
    DateRange,
)


def _comma_list(value: str | Iterable[str] | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [item.strip() for item in value if item and item.strip()]


class BaodantocSpider(scrapy.Spider):
    name = "baodantoc"

    def __init__(self, **given: Any) -> None:
        # Every argument is declared and validated once, in newscrawl.crawling.arguments.
        arguments = parse_arguments(given)
        super().__init__(**{k: v for k, v in given.items() if k.startswith("_")})
        self.arguments_given = arguments
        self.full = arguments.full
        self.sections = set(arguments.sections)
        self.max_pages = arguments.max_pages
        self.since = arguments.since
        self.mirror = arguments.mirror
        self.entry_urls = arguments.start_urls
        # follow=0: fetch only the entry pages (re-extract a known list of articles).
        self.follow_links = arguments.follow
        unknown = sorted(self.sections - set(KNOWN_SECTIONS))
        if unknown:
            self.logger.warning(
                "Unknown section%s %s (known: %s); crawling anyway, the live menu may have "
                "more", "s" if len(unknown) > 1 else "", ", ".join(unknown),
                ", ".join(KNOWN_SECTIONS))
        # With a mirror nothing may be fetched from the live site: only the mirror's host.
        self.allowed_domains = ([urlsplit(self.mirror).hostname or ""] if self.mirror
                                else sorted(SITE_HOSTS))
        # The run's URL bookkeeping lives in self.keys (newscrawl.ops.runkeys, on disk), as
        # sets named "requested" (canonical URLs this run asked for: requests bypass
        # Scrapy's duplicate filter, dont_filter, so that a run resumed from JOBDIR re-walks
        # the listings and refetches what was in flight, and this keeps each URL to one
        # fetch a run), "done" (answered or failed), "sitemap" (article URLs the sitemap
        # listed), "skipped_known" (known articles not fetched, counted once each) and
        # "listed" (section + article URL each listing walk has shown: pagination traps);
        # and the frontier of article URLs to request once the scheduler runs short.
        self._known_pages: dict[str, int] = {}
        self._sections: set[str] = set()  # sections whose listings this run walks
        self._sections_refused: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> BaodantocSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        default_mirror = crawler.settings.get("NEWSCRAWL_MIRROR")
        if default_mirror and not spider.mirror:
            # -s NEWSCRAWL_MIRROR: the mirror for commands that take no -a (scrapy check)
            try:
                spider.mirror = parse_arguments({"mirror": default_mirror}).mirror
            except UsageProblem as error:
                # scrapy check swallows errors raised here: say it where it is seen
                message = str(error).replace("-a mirror", "-s NEWSCRAWL_MIRROR", 1)
                print(f"newscrawl: usage error: {message}", file=sys.stderr)
                raise UsageProblem(message) from None
        crawler.signals.connect(spider._feed_when_idle, signal=signals.spider_idle)
        return spider

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if not is_crawl_run(settings):
            return  # scrapy parse/check/shell: no run id, no feeds, no state
        if not settings.get("NEWSCRAWL_RUN_ID"):
            settings.set("NEWSCRAWL_RUN_ID", new_run_id(), priority="spider")
        feeds = settings.getdict("FEEDS")
        if not feeds:
            output_dir = settings.get("NEWSCRAWL_OUTPUT_DIR")
            settings.set("FEEDS", default_feeds(output_dir, settings.get("NEWSCRAWL_RUN_ID"))
                         | settings.getdict("NEWSCRAWL_EXTRA_FEEDS"), priority="spider")
        elif (split := feeds_by_record_type(feeds)) != feeds:
            # -o out.csv: one file per record type. One above the given priority: the
            # crawler process re-applies its own settings (the -o feeds) after this.
            settings.set("FEEDS", split, priority=(settings.getpriority("FEEDS") or 0) + 1)

    @property
    def earlier_runs(self) -> CrawlState | None:
        """The state read for what earlier runs exported, to skip it (None with full=1 or
        outside a crawl). Not `state`: Scrapy's JOBDIR extension owns spider.state."""
        return None if self.full else state_of(self.crawler)

    @property
    def crawl_state(self) -> CrawlState | None:
        """The crawl state to write to, even in a full run (full=1 refreshes it rather than
        reading it); None outside a crawl run."""
        return state_of(self.crawler)

    @cached_property
    def plausible_dates(self) -> DateRange:
        """Publication times believed (NEWSCRAWL_EARLIEST_DATE, NEWSCRAWL_MAX_FUTURE_DAYS)."""
        earliest = parse_date(self.settings.get("NEWSCRAWL_EARLIEST_DATE"), fallback=False)
        return DateRange(earliest or PLAUSIBLE_DATES.earliest,
                         timedelta(days=self.settings.getfloat("NEWSCRAWL_MAX_FUTURE_DAYS")))

    @property
    def run_id(self) -> str:
        return current_run_id(self.settings)

    @property
    def keys(self) -> RunKeys:
        return run_keys(self.crawler)

    # ------------------------------------------------------------------ requests

    def request(self, url: str, **kwargs: Any) -> scrapy.Request | None:
        """A request for a canonical site URL, fetched from the mirror when one is set;
        None when this run has already requested it."""
        if not self.claim(url):
            return None
        meta = kwargs.pop("meta", {})
        meta.setdefault("canonical_url", url)
        meta["newscrawl_run"] = self.run_id  # tells a request restored from JOBDIR apart
        kwargs.setdefault("callback", self.parse)
        kwargs.setdefault("errback", self.on_error)
        return scrapy.Request(urls.rebase_url(url, self.mirror), meta=meta, dont_filter=True,
                              **kwargs)

    def forget_requests(self) -> None:
        """Forget which URLs this run asked for (scrapy check: each contract is a run)."""
        self.keys.clear("requested")

    def claim(self, url: str) -> bool:
        """True the first time this run asks for a canonical URL (then it is fetched)."""
        if not self.keys.add("requested", url):
            self.crawler.stats.inc_value("newscrawl/skipped/already_requested")
            return False
        return True

    def unclaim(self, url: str) -> None:
        """A request of this run was dropped before it was sent (DEPTH_LIMIT): the URL may
        be asked for again by another way."""
        self.keys.discard("requested", url)

    def requested(self, url: str) -> bool:
        return self.keys.has("requested", url)

    def remaining_in_sitemap(self) -> int | None:
        if not self.keys.count("sitemap"):
            return None
        return self.keys.count_not_in("sitemap", "done")

    # ------------------------------------------------------------------ frontier

    def queue_articles(self, article_urls: list[str], priority: int) -> None:
        """Article URLs to request once the scheduler runs short (a sitemap lists the whole
        archive: as Scrapy requests they would all sit in memory at once)."""
        self.keys.push(article_urls, priority)

    def frontier_requests(self) -> Iterator[scrapy.Request | None]:
        """The next queued article requests, while fewer than NEWSCRAWL_FRONTIER_BATCH
        requests wait in Scrapy's scheduler."""
        batch = max(self.settings.getint("NEWSCRAWL_FRONTIER_BATCH"), 1)
        if not self.keys.queued or self._scheduled() >= batch:
            return
        given = 0
        while given < batch and self.keys.queued:
            popped = self.keys.pop(batch - given)
            if not popped:
                break
            for url, priority in popped:
                # Requested meanwhile (a listing linked it, or it was queued twice): not
                # a request, so not one of the batch.
                if not self.requested(url):
                    request = self.request(url, priority=priority,
                                           meta={"newscrawl_frontier": True})
                    if request is not None:
                        given += 1
                        yield request

    def _scheduled(self) -> int:
        engine = getattr(self.crawler, "engine", None)
        slot = getattr(engine, "_slot", None) or getattr(engine, "slot", None)
        scheduler = getattr(slot, "scheduler", None)
        try:
            return len(scheduler) if scheduler is not None else 0
        except TypeError:
            return 0

    def _feed_when_idle(self) -> None:
        """Nothing left to do but the frontier: hand Scrapy its next batch, stay open."""
        fed = 0
        for request in self.frontier_requests():
            if request is not None:
                self.crawler.engine.crawl(request)
                fed += 1
        if fed:  # an empty batch means the frontier held only URLs requested already
            raise DontCloseSpider

    def article_limit(self) -> int | None:
        return self.arguments_given.max_articles

    def arguments(self) -> dict[str, Any]:
        """The arguments given, as JSON-ready values (for the run report)."""
        given = self.arguments_given.model_dump(mode="json", exclude_defaults=True)
        return {name: value for name, value in given.items() if value not in (None, [])}

    def admit_restored(self, url: str) -> bool:
        """A request a killed run left in JOBDIR's queue: fetch it unless this run has
        already asked for it or the killed run already exported it."""
        state = self.earlier_runs
        if state is not None and urls.article_id(url) and state.is_known(url):
            self.crawler.stats.inc_value("newscrawl/skipped/resumed_known")
            return False
        return self.claim(url)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.start_requests():
            if request is not None:
                yield request

    def start_requests(self) -> Iterator[scrapy.Request | None]:
        if self.entry_urls:
            for url in self.entry_urls:
                yield self.request(url, priority=10)
            return
        if self.sections:
            self.crawler.stats.set_value("newscrawl/sections/requested", sorted(self.sections))
        yield from self._pending_requests()
        yield self.request(CANONICAL_ORIGIN + "/", priority=20)
        if not self.sections:
            yield self.request(CANONICAL_ORIGIN + HOME_RSS, priority=15)
            yield self.request(CANONICAL_ORIGIN + SITEMAP, priority=-10,
                               callback=self.parse_sitemap)

    def _pending_requests(self) -> Iterator[scrapy.Request | None]:
        """Articles earlier runs discovered and did not export (failed, interrupted, not
        reached) come first. With a section filter they wait for a run without one."""
        state = self.crawl_state
        if state is None or self.sections:
            return
        pending = state.pending()
        if pending:
            self.logger.info("Fetching first %d articles earlier runs did not export",
                             len(pending))
            self.crawler.stats.set_value("newscrawl/pending/requested", len(pending))
        self.queue_articles([article.url for article in pending], priority=30)
        yield from self.frontier_requests()

    # ------------------------------------------------------------------ parsing

    def canonical_of(self, response: Response) -> str:
        url = urls.from_mirror(response.url, self.mirror)
        if not urls.is_site_url(url):
            url = response.meta.get("canonical_url", url)
        return urls.canonical_url(url)

    def fetched_at(self, response: Response) -> datetime:
        """The page's fetch time (dates.fetch_time: the server's Date unless absurd; a
        disbelieved Date is counted)."""
        moment, disbelieved = fetch_time(response.headers.get("Date"), datetime.now(UTC),
                                         self.plausible_dates.earliest)
        if disbelieved:
            self.crawler.stats.inc_value("newscrawl/fixed/date_header")
        return moment

    def parse(self, response: Response) -> Iterator[Any]:
        """Any page: its records, then the links worth following.

        @url https://baodantoc.vn/
        @site
        @teasers 5 title url found_on block
        @requests 6
        """
        url = self.canonical_of(response)
        self.keys.add("done", response.meta.get("canonical_url") or url)
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        body = response.body
        if not body.strip():
            self.fail(url, "empty_page", "empty response body")
            return
        if looks_binary(body):
            self.fail(url, "binary", f"binary content served as {content_type or 'no type'}")
            return
        requested = response.meta.get("canonical_url")
        if requested and requested != url and self.crawl_state is not None:
            # Redirected: the article is owed under the URL it answered with, if at all.
            self.crawl_state.settle_pending(requested)
        page = parse_page(body, url, self.fetched_at(response), content_type,
                          dates=self.plausible_dates)
        for field_name, count in page.dropped.items():
            group = "fixed" if field_name == "charset" else "dropped/value"
            self.crawler.stats.inc_value(f"newscrawl/{group}/{field_name}", count)
        self.crawler.stats.inc_value(f"newscrawl/pages/{page.kind}")
        if page.article is not None:
            # Which layout version and which layer gave each field: drift shows where.
            self.crawler.stats.inc_value(f"newscrawl/layouts/{page.layout}")
            for name, layer in page.provenance.items():
                self.crawler.stats.inc_value(f"newscrawl/fields/{name}/{layer}")
        if "dataloss" in response.flags:  # only seen with DOWNLOAD_FAIL_ON_DATALOSS=False
            self.fail(url, "truncated", "response cut short; its records are not exported")
            yield from filter(None, self.follow(page))
            return
        if page.problem_kind != "extraction":
            self.fail(url, page.problem_kind, page.problem or page.problem_kind)
            return
        if page.problem and page.kind in ("article", "rss"):
            self.fail(url, "extraction", f"no {page.kind} extracted: {page.problem}")
        if page.listing is not None and page.shows_listing:
            self.crawler.stats.inc_value(f"newscrawl/sections/listed/{page.listing.section}")
        if response.meta.get("listing_page") and not page.shows_listing:
            # A bot wall or an error page answering 200: not the section's end.
            self.fail(url, "not_a_listing", "a listing page answered without a listing "
                      "(bot wall or error page?); the section stays incomplete")
        yield from self.records(page)
        yield from filter(None, self.follow(page))
        yield from filter(None, self.frontier_requests())

    def records(self, page: Page) -> Iterator[Article | Teaser]:
        for record in page.records:
            if isinstance(record, Article) and self._too_old(page.published.get(record.url)):
                self.crawler.stats.inc_value("newscrawl/skipped/older_than_since")
                if self.crawl_state is not None:
                    self.crawl_state.settle_pending(record.url)
                continue
            yield record

    def _too_old(self, published: datetime | None) -> bool:
        return self.since is not None and published is not None and published < self.since

    def follow(self, page: Page) -> Iterator[scrapy.Request | None]:
        links = page.links
        if page.kind == "sitemap" or not self.follow_links:
            return
        for listing in links.listings:
            if listing.number == 1 and self._section_wanted(listing.section) \
                    and self._new_section_allowed(listing.section):
                yield self.request(listing.url, priority=10, meta={"listing_page": 1})
        if page.kind == "listing":
            yield from self._next_listing_page(page)
        if self.sections and page.kind != "listing":
            return  # with a section filter, articles come from those sections' listings only
        targets = [url for url in self._article_targets(page) if not self.requested(url)]
        if targets and self.crawl_state is not None:
            # Owed from now on: remembered before they are even requested, so a kill or
            # a failure never makes the next run forget them.
            self.crawl_state.add_pending(targets)
        for article_url in targets:
            yield self.request(article_url)
        if not self.sections:
            for feed in links.feeds:
                yield self.request(feed, priority=5)

    def _article_targets(self, page: Page) -> list[str]:
        targets = []
        for url in page.links.articles:
            if self._too_old(page.published.get(url)):
                self.crawler.stats.inc_value("newscrawl/skipped/older_than_since")
                continue
            if self._known(url):
                continue
            targets.append(url)
        return targets

    def _known(self, url: str) -> bool:
        """Exported by an earlier run: not fetched again (unless full=1)."""
        state = self.earlier_runs
        if state is None or not state.is_known(url) or url in self.entry_urls:
            return False
        if not self.requested(url) and self.keys.add("skipped_known", url):
            self.crawler.stats.inc_value("newscrawl/skipped/known")
        return True

    def _new_section_allowed(self, slug: str) -> bool:
        """At most NEWSCRAWL_MAX_SECTIONS sections a run: pages that link to ever new
        "sections" (a new one each day, say) are a trap that DEPTH_LIMIT does not bound."""
        if slug in self._sections:
            return True
        cap = self.settings.getint("NEWSCRAWL_MAX_SECTIONS")
        if cap and len(self._sections) >= cap:
            if slug not in self._sections_refused:
                self._sections_refused.add(slug)
                self.trap("section_cap", "Not following section %s: NEWSCRAWL_MAX_SECTIONS=%d "
                          "sections already", slug, cap)
            return False
        self._sections.add(slug)
        return True

    def _section_wanted(self, slug: str) -> bool:
        return not self.sections or slug.lower() in self.sections

    def _next_listing_page(self, page: Page) -> Iterator[scrapy.Request | None]:
        current, following = page.listing, page.links.next_page
        if current is None:
            return
        if following is None:
            if self.crawl_state is not None and page.shows_listing:
                # The section's real last page: every article of it has been reached once,
                # so later runs may stop at the first page that shows only known articles.
                self.crawl_state.mark_section_completed(current.section)
            return
        slug, number = current.section, current.number
        if following.section != slug or following.number <= number:
            return  # a "next" that goes backwards or elsewhere would loop
        if self.max_pages is not None and following.number > self.max_pages:
            return
        dates = [page.published[t.url] for t in page.teasers if t.url in page.published]
        if self.since and dates and all(self._too_old(d) for d in dates):
            self.logger.info("Stop paginating %s: page %d is older than since", slug, number)
            return
        cap = self.settings.getint("NEWSCRAWL_MAX_LISTING_PAGES")
        if cap and following.number > cap:
            self.trap("listing_page_cap", "Stop paginating %s at page %d: "
                      "NEWSCRAWL_MAX_LISTING_PAGES=%d", slug, number, cap)
            if self.crawl_state is not None:
                # Read as deep as any run will read it (the sitemap has the rest): later
                # runs stop at known articles rather than walk to the cap every time.
                self.crawl_state.mark_section_completed(slug)
            return
        if self._reached_known_articles(page, slug, number):
            return
        # A "next" chain the server makes up forever shows the same articles again.
        new = [u for u in page.links.articles if self.keys.add("listed", slug, u)]
        if not new:
            self.trap("listing_no_new_articles", "Stop paginating %s at page %d: "
                      "it shows no article earlier pages did not", slug, number)
            return
        if self.crawl_state is not None:
            # Until this walk reaches the end (or known articles), the section is not
            # complete: a kill, a failure or a since/max_pages stop before that must make
            # the next run walk it again.
            self.crawl_state.mark_section_incomplete(slug)
        yield self.request(following.url, priority=10 - min(following.number, 10),
                           meta={"listing_page": following.number})

    def _section_incomplete(self, url: str) -> None:
        listing = urls.listing_page(url)
        if listing and self.crawl_state is not None:
            self.crawl_state.mark_section_incomplete(listing[0])

    def _reached_known_articles(self, page: Page, slug: str, number: int) -> bool:
        """Stop paginating once the listing reaches what earlier runs exported.

        Listings are newest first: when the oldest article a page shows is known, so is
        everything after it. NEWSCRAWL_KNOWN_PAGES_TOLERANCE more pages are read anyway.
        Only for sections an earlier run paginated to the end (so a first run that was
        killed half-way still finishes its backfill).
        """
        state = self.earlier_runs
        listed = [t.url for t in page.teasers if t.block == "listing"]
        if state is None or not listed or slug not in state.trusted_completed_sections():
            return False
        if not state.is_known(listed[-1]):
            return False
        seen = self._known_pages.get(slug, 0) + 1
        self._known_pages[slug] = seen
        if seen <= self.settings.getint("NEWSCRAWL_KNOWN_PAGES_TOLERANCE"):
            return False
        self.logger.info("Stop paginating %s at page %d: it reaches articles exported by an "
                         "earlier run", slug, number)
        if self.crawl_state is not None:
            self.crawl_state.mark_section_completed(slug)  # read up to what was known
        self.crawler.stats.inc_value("newscrawl/skipped/known_listing_stop")
        return True

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | None]:
        """A sitemap or sitemap index: requests for the articles and listings it lists.

        @url https://baodantoc.vn/sitemap.xml
        @site
        @requests 1
        """
        self.crawler.stats.inc_value("newscrawl/pages/sitemap")
        url = self.canonical_of(response)
        body = response.body
        if body[:2] == b"\x1f\x8b":
            max_size = self.settings.getint("NEWSCRAWL_SITEMAP_MAX_BYTES")
            try:
                body = gunzip_capped(body, max_size)
            except SitemapTooLarge as error:
                self.fail(url, "too_large", f"gzip sitemap {error}; refused")
                return
            except (OSError, EOFError, zlib.error) as error:
                self.fail(url, "sitemap", f"unreadable gzip sitemap: {error}")
                return
        if declares_entities(body):
            self.fail(url, "xml_entities", "sitemap declares XML entities; refused unread")
            return
        entries, kind = self._sitemap_entries(url, body)
        articles: list[str] = []
        for entry in entries:
            loc = urls.site_url(entry.get("loc", ""))
            if loc is None:
                self.crawler.stats.inc_value("newscrawl/dropped/bad_link")
                continue
            if kind == "sitemapindex":
                yield self.request(loc, callback=self.parse_sitemap, priority=-10)
            elif urls.article_id(loc) and not self.sections:
                if (self._sitemap_says_changed(loc, entry.get("lastmod"))
                        or not self._known(loc)) and not self.requested(loc) \
                        and self.keys.add("sitemap", loc):
                    articles.append(loc)
            elif urls.is_listing_url(loc):
                slug, number = urls.listing_page(loc) or ("", 0)
                if number == 1 and self._section_wanted(slug):
                    yield self.request(loc, priority=10, meta={"listing_page": 1})
        if articles and self.crawl_state is not None:
            self.crawl_state.add_pending(articles)  # owed from now on, in one transaction
        # Requested after everything else, a batch at a time (the frontier).
        self.queue_articles(articles, priority=-5)
        yield from self.frontier_requests()

    def _sitemap_says_changed(self, url: str, lastmod: str | None) -> bool:
        """A known article whose sitemap <lastmod> is newer than our last look at it."""
        state = self.earlier_runs
        known = state.article(url) if state is not None and lastmod else None
        if known is None:
            return False
        modified = parse_date(lastmod, fallback=False)
        last_seen = parse_date(known.last_seen, fallback=False)
        if modified is None or last_seen is None or modified <= last_seen:
            return False
        self.crawler.stats.inc_value("newscrawl/refetched/sitemap_lastmod")
        return True

    def _sitemap_entries(self, url: str, body: bytes) -> tuple[list[dict[str, Any]], str]:
        """(entries, 'urlset' or 'sitemapindex'); what was read before an XML error is kept."""
        entries: list[dict[str, Any]] = []
        kind = ""
        try:
            sitemap = Sitemap(body)
            kind = sitemap.type
            if kind not in ("urlset", "sitemapindex"):
                self.fail(url, "sitemap", f"not a sitemap (root element <{kind}>)")
                return [], kind
            for entry in sitemap:
                entries.append(entry)
        except Exception as error:  # lxml raises several types for hostile XML
            self.fail(url, "sitemap", f"unreadable sitemap: {error or type(error).__name__}")
        return entries, kind

    # ------------------------------------------------------------------ errors

    def fail(self, url: str, kind: str, reason: str) -> None:
        """Log one failure with its URL and reason; count it as newscrawl/errors/<kind>.
        A failed article stays pending for the next run; a failed listing page leaves its
        section incomplete, so the next run walks it to the end."""
        self.crawler.stats.inc_value(f"newscrawl/errors/{kind}")
        self.logger.warning("Failed %s: %s [%s]", url, reason, kind)
        self.keys.add("done", url)
        if urls.article_id(url):
            record_article_failure(self.crawler, url, f"{reason} [{kind}]")
        elif urls.listing_page(url):
            self._section_incomplete(url)

    def trap(self, kind: str, message: str, *args: Any) -> None:
        """A crawler trap avoided (not a failure): logged, counted as newscrawl/traps/<kind>."""
        self.crawler.stats.inc_value(f"newscrawl/traps/{kind}")
        self.logger.info(message, *args)

    def on_error(self, failure: Failure) -> None:
        """Errback of every request: download errors, HTTP errors, refused redirects."""
        request = failure.request
        url = request.meta.get("canonical_url") or request.url
        error = failure.value
        kind = failure_kind(error)
        if isinstance(error, RetryScheduled):  # its retry comes later, on its own
            return
        if isinstance(error, AlreadyRequested):  # a redirect to a page already fetched
            if request.meta.get("listing_page") and "restored" not in str(error):
                # A listing page that does not come back as itself is not the section's
                # end: a counted failure, and the section stays incomplete.
                self.fail(url, "not_a_listing",
                          f"the listing page redirected to a page already fetched ({error})")
            elif self.crawl_state is not None:
                self.crawl_state.settle_pending(url)
            return
        if kind == "robots_txt":  # the site's wish, not a failure
            if self.crawl_state is not None:
                self.crawl_state.settle_pending(url)
            self.crawler.stats.inc_value("newscrawl/skipped/robots_txt")
            self.logger.info("Skipped %s: forbidden by robots.txt", url)
            return
        reason = failure_reason(error, kind)
        retries = request.meta.get("retry_times")
        if retries:
            reason += f" (after {retries} {'retry' if retries == 1 else 'retries'})"
        self.fail(url, kind, reason)
