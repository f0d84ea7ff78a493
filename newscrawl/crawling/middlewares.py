"""Middlewares that keep a crawl alive on bad servers and traps.

- BackoffRetryMiddleware: Scrapy's retries, with a wait before each one (the server's
  Retry-After on 503/429, exponential backoff otherwise) that never blocks the reactor.
- SiteRedirectMiddleware / SiteMetaRefreshMiddleware: redirects are followed only within
  the site (rebased onto the mirror in mirror mode); other hosts and loops are refused.
- PaginationDepthMiddleware: DEPTH_LIMIT counts link hops, not "next page" steps.
- CallbackErrorMiddleware: a callback that raises is logged and counted, never fatal.

Requests given up here raise a CrawlFailure; the spider's errback turns every failure,
ours or Scrapy's, into one log line and one `newscrawl/errors/<kind>` count (failure_kind).
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import re
import time
from collections.abc import Iterable
from email.utils import parsedate_to_datetime
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import (
    CannotResolveHostError,
    DontCloseSpider,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.depth import DepthMiddleware
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet import error as tx_error
from twisted.web.client import ResponseFailed

from newscrawl.contracts import site_crawler
from newscrawl.sites import urls
from newscrawl.sites.baodantoc import SITE_HOSTS

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------- failures


class CrawlFailure(IgnoreRequest):
    """A request given up on purpose; `kind` names its newscrawl/errors/<kind> counter."""

    kind = "error"


class OffsiteRedirect(CrawlFailure):
    kind = "offsite_redirect"


class RedirectLoop(CrawlFailure):
    kind = "redirect_loop"


class AlreadyRequested(IgnoreRequest):
    """A redirect to a URL this run has already requested: not a failure, not fetched."""


class TooManyRedirects(CrawlFailure):
    kind = "too_many_redirects"


def failure_kind(error: BaseException) -> str:
    """The short name a failed download is counted under (http_404, timeout, too_large ...)."""
    if isinstance(error, CrawlFailure):
        return error.kind
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    if isinstance(error, (DownloadTimeoutError, tx_error.TimeoutError)):
        return "timeout"
    if isinstance(error, ResponseDataLossError):
        return "truncated"  # fewer bytes than Content-Length: never parsed as complete
    if isinstance(error, DownloadCancelledError):
        # Scrapy cancels a download past DOWNLOAD_MAXSIZE (its only cancellation mid-crawl).
        return "too_large"
    if isinstance(error, IgnoreRequest):
        message = str(error)
        if "DOWNLOAD_MAXSIZE" in message:  # HttpCompressionMiddleware: a decompression bomb
            return "too_large"
        if "robots.txt" in message:
            return "robots_txt"
        return "ignored"
    if isinstance(error, (DownloadConnectionRefusedError, tx_error.ConnectionRefusedError)):
        return "connection_refused"
    if isinstance(error, (CannotResolveHostError, tx_error.DNSLookupError)):
        return "dns"
    if isinstance(error, (DownloadFailedError, ResponseFailed, tx_error.ConnectionLost,
                          tx_error.ConnectionDone, ConnectionError)):
        return "connection_lost"  # reset or closed before a whole response arrived
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


# --------------------------------------------------------------------------- retries


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (delta-seconds or HTTP-date), else None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isascii() and text.isdigit():  # "²".isdigit() is True too
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
        if moment.tzinfo is None:
            return None
        return max(0.0, moment.timestamp() - (time.time() if now is None else now))
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


class RetryScheduled(IgnoreRequest):
    """A request whose retry waits outside the downloader; not a failure."""


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before each retry instead of retrying at once.

    503/429 with Retry-After: wait what the server asked; anything else (5xx, timeouts,
    resets): NEWSCRAWL_RETRY_BACKOFF_BASE * 2**(attempt-1). Both are capped by
    NEWSCRAWL_MAX_RETRY_AFTER, so one hostile header cannot stall the crawl for hours.
    The wait holds no downloader slot: the failed request is let go at once and its retry
    is handed to the engine when the wait is over, so other pages go on meanwhile; the
    spider is kept open while retries are waiting.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_BASE")
        self.max_delay = settings.getfloat("NEWSCRAWL_MAX_RETRY_AFTER")
        self.waiting: set[asyncio.TimerHandle] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def process_response(self, request: Request, response: Response,
                               spider: Spider | None = None) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retry = self._retry_request(request, response_status_message(response.status))
        if retry is None:
            return response  # out of retries: HttpErrorMiddleware turns it into a failure
        delay = None
        if response.status in (429, 503):
            delay = retry_after_seconds(response.headers.get("Retry-After"))
        return await self._later(retry, delay)

    async def process_exception(self, request: Request, exception: Exception,
                                spider: Spider | None = None) -> Request | Response | None:
        if (not isinstance(exception, self.exceptions_to_retry)
                or request.meta.get("dont_retry")):
            return None
        retry = self._retry_request(request, exception)
        if retry is None:
            return None
        return await self._later(retry, None)

    def _retry_request(self, request: Request, reason: str | Exception) -> Request | None:
        assert self.crawler.spider is not None
        return get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=reason,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
        )

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number `attempt` (1 for the first retry)."""
        if retry_after is None:
            retry_after = self.backoff_base * 2 ** max(attempt - 1, 0)
        return max(0.0, min(retry_after, self.max_delay))

    async def _later(self, retry: Request, retry_after: float | None) -> Request:
        """The retry now when there is no wait; else scheduled, and the failed request let
        go (RetryScheduled, which the spider's errback ignores). Requests that are not the
        spider's (robots.txt) wait in place: their caller waits for this very download."""
        seconds = self.delay(retry.meta.get("retry_times", 1), retry_after)
        if seconds <= 0:
            return retry
        if "canonical_url" not in retry.meta:
            await sleep(seconds)
            return retry
        logger.debug("Retrying %s in %.2f s", retry.url, seconds)
        self.crawler.stats.inc_value("newscrawl/retries_waiting")
        handle: asyncio.TimerHandle | None = None

        def release() -> None:
            self.waiting.discard(handle)  # type: ignore[arg-type]
            engine = self.crawler.engine
            if engine is not None and engine.spider is not None:
                engine.crawl(retry)

        handle = asyncio.get_running_loop().call_later(seconds, release)
        self.waiting.add(handle)
        raise RetryScheduled(f"retry of {retry.url} in {seconds:.1f} s")

    def spider_idle(self) -> None:
        if self.waiting:
            raise DontCloseSpider("retries are waiting")

    def spider_closed(self) -> None:
        for handle in self.waiting:
            handle.cancel()  # their articles stay pending in the crawl state
        self.waiting.clear()


# --------------------------------------------------------------------------- redirects


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default


def redirect_target(url: str, mirror: str | None) -> str | None:
    """The URL to fetch for a redirect to `url`, or None when it leaves the site.

    Like every URL the spider requests, the target is canonical (no query, no fragment,
    m./www. hosts folded), so a redirect cannot fetch an article a second time under
    another spelling. In mirror mode a redirect to baodantoc.vn is fetched from the
    mirror, never from the live site, and only the mirror's own origin (host and port)
    is the site: another port of 127.0.0.1 is another host.
    """
    if mirror and _origin(url) == _origin(mirror):
        url = urls.from_mirror(url, mirror)
    if urls.site_url(url) is None:  # another host, a port, user info: not the site
        return None
    return urls.rebase_url(urls.canonical_url(url), mirror)


class _OnSiteRedirects:
    """process_response of a redirect middleware, keeping redirects on the site."""

    crawler: Crawler
    max_redirect_times: int

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)  # type: ignore[call-arg]
        # Every redirect of the crawl (fetched URL -> target): a loop spread over requests
        # that the duplicate filter would otherwise end silently still shows up here.
        self._seen_redirects: dict[str, str] = {}

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        try:
            result = super().process_response(request, response)  # type: ignore[misc]
        except IgnoreRequest as error:  # Scrapy's "max redirections reached"
            raise TooManyRedirects(
                f"more than {self.max_redirect_times} redirects from {request.url}") from error
        if not isinstance(result, Request):
            return result
        spider = site_crawler(self.crawler.spider)
        mirror = spider.mirror if spider else None
        target = redirect_target(result.url, mirror)
        if target is None:
            raise OffsiteRedirect(f"redirect to another host, not followed: {result.url}")
        canonical = urls.from_mirror(target, mirror) if mirror else target
        if urls.canonical_url(canonical) == request.meta.get("canonical_url"):
            # The same page under another spelling (the m. host, an added query): fetch the
            # spelling the server asks for (asking for the canonical one again would loop),
            # keeping the page's canonical URL for its records.
            # Live, the spelling must itself be a site URL (same scheme port, no user info).
            exact = urls.rebase_url(urls.from_mirror(result.url, mirror), mirror) if mirror \
                else result.url
            if not mirror and urls.site_url(exact) is None:
                raise OffsiteRedirect(f"redirect off the site, not followed: {result.url}")
            self._check_loop(request.url, exact)
            return result if exact == result.url else result.replace(url=exact)
        self._check_loop(request.url, target)
        # Requests bypass Scrapy's duplicate filter (see the spider): a redirect target
        # the run already requested, e.g. reached by two redirects, is not fetched again.
        if spider is not None and not spider.claim(urls.canonical_url(canonical)):
            raise AlreadyRequested(f"already requested this run: {canonical}")
        return result if target == result.url else result.replace(url=target)

    def _check_loop(self, source: str, target: str) -> None:
        seen = self._seen_redirects
        if source == target:
            raise RedirectLoop(f"redirect loop: {source} -> {target}")
        seen[source] = target
        hops = [source, target]
        while hops[-1] != source and hops[-1] in seen and len(hops) <= len(seen) + 1:
            hops.append(seen[hops[-1]])
        if hops[-1] == source:
            raise RedirectLoop("redirect loop: " + " -> ".join(hops))


class SiteRedirectMiddleware(_OnSiteRedirects, RedirectMiddleware):
    """HTTP 3xx redirects, within the site only."""


class SiteMetaRefreshMiddleware(_OnSiteRedirects, MetaRefreshMiddleware):
    """<meta http-equiv="refresh"> redirects, within the site only."""

    # Scrapy reads the refresh from the first 4,096 characters: at most this many bytes.
    HEAD_BYTES = 4096 * 4
    # Charsets in which every ASCII character is its own byte and no other byte sequence
    # reads as ASCII (unlike UTF-16, ISO-2022-JP, UTF-7 or EBCDIC): a page in one of them
    # that spells "refresh" has those bytes.
    BYTE_SCANNABLE = frozenset({"utf-8", "ascii", "latin-1", "iso8859-1", "iso8859-15",
                                "cp1252", "cp1258"})

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        if isinstance(response, HtmlResponse) \
                and b"refresh" not in response.body[:self.HEAD_BYTES].lower() \
                and _codec_name(response.encoding) in self.BYTE_SCANNABLE:
            return response  # no refresh there: the page is not decoded whole to look
        try:
            return super().process_response(request, response, spider)
        except (UnicodeError, LookupError):
            # The page names a charset that cannot decode it: it has no readable refresh;
            # extraction decodes the page by its own rules.
            return response


def _codec_name(encoding: str | None) -> str | None:
    try:
        return codecs.lookup(encoding).name if encoding else None
    except LookupError:
        return None


# --------------------------------------------------------------------------- spider side


class OffsiteRequest(CrawlFailure):
    kind = "offsite"


class OnlySiteHosts:
    """Right before download, whatever dont_filter says, the host that will really be
    fetched (parsed from the final request URL as Scrapy's downloader parses it, redirects
    included) must be one of the site's hosts, or the mirror's host in mirror mode."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        crawler_spider = site_crawler(self.crawler.spider)
        if crawler_spider is None:
            return  # not newscrawl's spider (scrapy bench): not ours to police
        allowed = ({(urlsplit(crawler_spider.mirror).hostname or "").lower()}
                   if crawler_spider.mirror else SITE_HOSTS)
        host = (urlparse_cached(request).hostname or "").lower()
        if host not in allowed:
            self.crawler.stats.inc_value("newscrawl/refused/offsite")
            raise OffsiteRequest(f"refused to fetch from {host or 'no host'}: not the site "
                                 f"({request.url})")


class ResumedRequestFilter:
    """Requests a killed run left in JOBDIR's queue come back without passing the spider.
    The resumed run also walks the listings again (to find what was in flight when it was
    killed), so each restored request is checked like a new one: fetched only when this
    run has not asked for that page yet and the killed run did not already export it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id = crawler.settings.get("NEWSCRAWL_RUN_ID")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        run = request.meta.get("newscrawl_run")
        if run is None or run == self.run_id:
            return
        spider = site_crawler(self.crawler.spider)
        if spider is None:
            return
        request.meta["newscrawl_run"] = self.run_id
        if not spider.admit_restored(request.meta.get("canonical_url") or request.url):
            raise AlreadyRequested(f"restored from JOBDIR, already handled: {request.url}")


class PaginationDepthMiddleware(DepthMiddleware):
    """DepthMiddleware where a listing's "next" page keeps the depth of the page before,
    and an article from the frontier has depth 1.

    DEPTH_LIMIT is a backstop against link chains that never end (calendars, generated
    article chains); section pagination has its own cap (NEWSCRAWL_MAX_LISTING_PAGES) and
    would otherwise hit DEPTH_LIMIT long before it.
    """

    def get_processed_request(self, request: Request,
                              response: Response | None) -> Request | None:
        if request.meta.get("newscrawl_frontier"):
            # A sitemap-listed or owed article is one hop from the sitemap or the start,
            # whichever page's callback happened to hand it over.
            request.meta["depth"] = 1
            if self.prio:
                request.priority -= self.prio
            return request
        if response is not None and request.meta.get("listing_page", 1) > 1:
            depth = response.meta.get("depth", 0)
            request.meta["depth"] = depth
            if self.prio:
                request.priority -= depth * self.prio
            return request
        processed = super().get_processed_request(request, response)
        if processed is None:
            # Not fetched after all: the URL must not count as requested, or the sitemap's
            # request for it (at depth 1, from the frontier) would be skipped as a repeat.
            unclaim = getattr(self.crawler.spider, "unclaim", None)
            if unclaim is not None and request.meta.get("canonical_url"):
                unclaim(request.meta["canonical_url"])
            self.stats.inc_value("newscrawl/traps/depth_limit")
            if self.stats.get_value("newscrawl/traps/depth_limit") == 1:
                logger.info("Not following %s: deeper than DEPTH_LIMIT=%d (logged once)",
                            request.url, self.maxdepth)
        return processed


class CallbackErrorMiddleware:
    """A spider callback that raises is logged with its URL and counted, never fatal.

    What the callback yielded before raising has already gone to the pipelines, so a bug
    met on one page loses nothing else.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception,
                                 spider: Spider | None = None) -> Iterable[Any] | None:
        if isinstance(exception, IgnoreRequest):
            return None  # HttpError and friends belong to the errback
        spider = site_crawler(self.crawler.spider)
        url = spider.canonical_of(response) if spider else response.url
        self.crawler.stats.inc_value("newscrawl/errors/callback")
        logger.error("Failed %s: %s: %s [callback]", url, type(exception).__name__, exception,
                     exc_info=exception)
        return []
