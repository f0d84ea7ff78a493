"""Pure extraction: page bytes + URL + fetch time in, a Page of records and links out.
No Scrapy. Site knowledge comes from newscrawl.sites.

    from newscrawl.extraction import parse_page
    page = parse_page(html, "https://baodantoc.vn/x-1733016543180.htm", fetched_at)
    page.records  # [Article, Teaser, ...]
    page.links    # what the spider may follow
"""

from newscrawl.extraction.page import extract_records, page_kind, parse_page
from newscrawl.extraction.records import Article, Page, PageLinks, Teaser
from newscrawl.extraction.rss import parse_feed

__all__ = ["Article", "Page", "PageLinks", "Teaser", "extract_records", "page_kind",
           "parse_feed", "parse_page"]
