"""Pure extraction: page bytes + canonical URL + fetch time in, a Page of records and
links out. No Scrapy, so a saved page can be re-extracted or tested alone:

    page = parse_page(html, "https://baodantoc.vn/x-1733016543180.htm", fetched_at)
    page.records  # [Article, Teaser, ...]
    page.links    # what the spider may follow

Site knowledge (selectors, URL patterns, vocabulary) lives in newscrawl.sites.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import lxml.etree
import lxml.html

from newscrawl.extraction.article import extract_article
from newscrawl.extraction.dates import parse_iso
from newscrawl.extraction.htmldoc import charset_corrected
from newscrawl.extraction.records import Article, ListingRef, Page, PageLinks
from newscrawl.extraction.rss import declares_entities, parse_feed
from newscrawl.extraction.selectors import select_first
from newscrawl.extraction.teasers import article_page_teasers, extract_teasers, largest_list
from newscrawl.extraction.toolkit import (
    HtmlElement,
    NotAnArticle,
    forget_document,
    parse_html,
    site_link,
)
from newscrawl.sites import urls
from newscrawl.sites.baodantoc import LAYOUTS, PLAUSIBLE_DATES, DateRange, Layout, Selectors

_HREFS = lxml.etree.XPath("//a/@href | //link/@href")  # strings only: no element objects



def page_links(root: HtmlElement, url: str, selectors: Selectors) -> PageLinks:
    links = PageLinks()
    seen: set[str] = set()
    for href in _HREFS(root):
        target = site_link(str(href), url)
        if not target or target in seen or urls.is_skipped_url(target):
            continue
        seen.add(target)
        if urls.article_id(target):
            links.articles.append(target)
        elif urls.is_listing_url(target):
            links.listings.append(listing_ref(target))
        elif urls.is_rss_url(target) or urls.is_feed_index_url(target):
            links.feeds.append(target)  # the feed index page leads to every section's feed
    next_el = select_first(root, selectors.next_page)
    if next_el is not None:
        target = site_link(next_el.get("href"), url)
        links.next_page = listing_ref(target) if target and urls.is_listing_url(target) \
            else None
    return links



def listing_ref(url: str) -> ListingRef:
    section, number = urls.listing_page(url) or ("", 0)
    return ListingRef(url, section, number)


def _index_dates(page: Page, fetched_at: datetime, dates: DateRange) -> Page:
    """page.published from the records (the article's own time first). A time outside the
    plausible range (before dates.earliest, or past the fetch by more than dates.ahead) is
    dropped from its record and counted in page.dropped: one bad value, not the record."""
    latest = fetched_at + dates.ahead
    for record in sorted(page.records, key=lambda r: not isinstance(r, Article)):
        for field_name in ("published_at", "modified_at"):
            value = getattr(record, field_name, None)
            moment = parse_iso(value) if value else None
            if value and (moment is None or not dates.earliest <= moment <= latest):
                setattr(record, field_name, None)
                page.dropped[field_name] = page.dropped.get(field_name, 0) + 1
            elif moment is not None and field_name == "published_at" \
                    and record.url not in page.published:
                page.published[record.url] = moment
    return page


def page_kind(url: str, body: bytes | str = b"", content_type: str = "") -> str:
    """article, listing, home, rss, sitemap or other, from the URL (then the content)."""
    head = body[:512].lstrip().lower() if isinstance(body, bytes) else body[:512].encode().lower()
    if not urls.is_site_url(url):
        is_feed = b"<rss" in head or b"<feed" in head or "rss" in content_type
        return "rss" if is_feed else "article"  # another site: read it as an article
    if urls.article_id(url):
        return "article"
    if urls.is_listing_url(url):
        return "listing"
    if urls.is_home_url(url):
        return "home"
    if urls.is_rss_url(url) or "rss" in content_type or b"<rss" in head or b"<feed" in head:
        return "rss"
    if url.endswith(".xml") and (b"<urlset" in head or b"<sitemapindex" in head):
        return "sitemap"
    return "other"



def declared_url(body: bytes | str) -> str | None:
    """The URL a saved page gives itself: its <link rel="canonical">, else og:url
    (absolute http(s) only); None when it names none."""
    from newscrawl.extraction.htmldoc import parse_document
    from newscrawl.extraction.toolkit import absolute_url, meta_content

    try:
        root = parse_document(body)
    except (ValueError, TypeError):
        return None
    if root is None:
        return None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            url = absolute_url(link.get("href"), None)
            if url:
                return url
    try:
        return absolute_url(meta_content(root, "og:url"), None)
    finally:
        forget_document()


def parse_page(body: bytes | str, url: str, fetched_at: datetime | None = None,
               content_type: str = "", layouts: tuple[Layout, ...] = LAYOUTS,
               dates: DateRange = PLAUSIBLE_DATES) -> Page:
    """Every record and link of one fetched page. Never raises, whatever the input.

    `url` is the page's canonical URL (not the mirror's): it is what records point to and
    what relative links resolve against. `fetched_at` defaults to now (UTC). A page of
    another site is read as an article by the metadata and generic layers.
    """
    try:
        return _parse_page(body, url, fetched_at, content_type, layouts, dates)
    finally:
        forget_document()  # the page's tree is not kept alive by its caches


def _parse_page(body: bytes | str, url: str, fetched_at: datetime | None, content_type: str,
                layouts: tuple[Layout, ...], dates: DateRange) -> Page:
    fetched_at = (fetched_at or datetime.now(UTC)).astimezone(UTC)
    url = urls.canonical_url(url)
    kind = page_kind(url, body, content_type)
    if kind == "rss":
        data = body.encode("utf-8") if isinstance(body, str) else body
        if declares_entities(data):
            return Page("rss", url, problem="feed declares XML entities; refused unread",
                        problem_kind="xml_entities")
        feed = _guarded(Page("rss", url), lambda: parse_feed(data, url, fetched_at))
        return _index_dates(feed, fetched_at, dates)
    page = Page(kind, url)
    if kind == "listing":
        page.listing = listing_ref(url)
    if charset_corrected(body, content_type):
        page.dropped["charset"] = 1  # the declared Latin charset was not believed
    if kind == "sitemap":
        return page
    try:
        root = parse_html(body, content_type)
    except NotAnArticle as error:
        page.problem = str(error)
        return page
    except Exception as error:  # noqa: BLE001 (libxml2 on hostile input; never crash a crawl)
        page.problem = f"unparseable page: {type(error).__name__}: {error}"
        return page
    layout = pick_layout(root, layouts)
    page.layout = layout.name
    _guarded(page, lambda: _fill(page, root, fetched_at, layout.selectors))
    return _index_dates(page, fetched_at, dates)



def pick_layout(root: HtmlElement, layouts: tuple[Layout, ...] = LAYOUTS) -> Layout:
    """The first layout version whose article body or listing selectors match the page
    (newest first); the newest when none does (the fallback layers read the page then)."""
    if len(layouts) == 1:
        return layouts[0]  # nothing to choose between: no selector run
    for layout in layouts:
        if select_first(root, layout.selectors.body) is not None \
                or select_first(root, layout.selectors.listing_block) is not None:
            return layout
    return layouts[0]


def _guarded(page: Page, step: Callable[[], Page | None]) -> Page:
    """Run one extraction step; a failure becomes the page's `problem`, never an exception."""
    try:
        result = step()
    except NotAnArticle as error:
        page.problem = str(error)
    except Exception as error:  # noqa: BLE001 (bad pages must not stop a crawl)
        page.problem = f"extraction failed: {type(error).__name__}: {error}"
    else:
        if result is not None:
            return result
    return page



def _fill(page: Page, root: HtmlElement, fetched_at: datetime, selectors: Selectors) -> None:
    url = page.url
    page.links = page_links(root, url, selectors)
    if page.kind == "article":
        # Teasers are links to this site's articles: another site's page has none.
        teasers = (article_page_teasers(root, url, fetched_at, selectors)
                   if urls.is_site_url(url) else [])
        teaser_texts = frozenset(text for t in teasers for text in (t.title, t.summary) if text)
        def article() -> None:
            record, page.provenance = extract_article(root, url, fetched_at, selectors,
                                                      teaser_texts)
            page.records.append(record)

        _guarded(page, article)
        page.records.extend(teasers)
    elif page.kind == "listing":
        scope = select_first(root, selectors.listing_block)
        if scope is None:
            scope = largest_list(root, url)
        if scope is not None:
            page.records.extend(extract_teasers(scope, url, url, "listing", fetched_at, selectors))
    elif page.kind == "home":
        scope = root.find("body")
        if scope is not None:
            page.records.extend(extract_teasers(scope, url, url, "home", fetched_at, selectors))



def extract_records(body: bytes | str, url: str, fetched_at: datetime | None = None,
                    content_type: str = "") -> list[dict]:
    """The page's records as plain dicts in output order (the CLI and tests use this)."""
    return [record.to_dict() for record in parse_page(body, url, fetched_at, content_type).records]

