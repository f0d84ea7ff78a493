"""End-of-run summary: one log line with pages, records and errors by kind."""

from __future__ import annotations

from scrapy import Spider, signals
from scrapy.crawler import Crawler


def summarise(stats: dict) -> str:
    """'pages fetched 12, articles 6, teasers 125, errors 3 (http_404: 3)' from crawl stats."""
    errors = {k.removeprefix("newscrawl/errors/"): v for k, v in stats.items()
              if k.startswith("newscrawl/errors/")}
    dropped = {k.removeprefix("newscrawl/dropped/"): v for k, v in stats.items()
               if k.startswith("newscrawl/dropped/") and "_reason/" not in k}
    error_text = ", ".join(f"{k}: {v}" for k, v in sorted(errors.items()))
    line = (
        f"pages fetched {stats.get('response_received_count', 0)}, "
        f"articles {stats.get('newscrawl/articles', 0)}, "
        f"teasers {stats.get('newscrawl/teasers', 0)}, "
        f"errors {sum(errors.values())}" + (f" ({error_text})" if error_text else "")
    )
    if dropped:
        line += ", dropped " + ", ".join(f"{k}: {v}" for k, v in sorted(dropped.items()))
    return line


class RunSummary:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        spider.logger.info("newscrawl summary (%s): %s", reason, summarise(stats))
