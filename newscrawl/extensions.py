"""End-of-run summary (one log line with pages, records and errors by kind), and a log
filter so that each failure is logged once, by the spider, with its URL and kind."""

from __future__ import annotations

import logging

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


class _ReportedBySpider(logging.Filter):
    """Drops Scrapy's own lines about failures the spider's errback reports itself."""

    MESSAGES = (
        "larger than download max size",  # http11: DOWNLOAD_MAXSIZE reached
        "Got data loss in",  # http11: body shorter than Content-Length
        "exceeded DOWNLOAD_MAXSIZE",  # httpcompression: decompression bomb
    )

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not any(text in message for text in self.MESSAGES)


class FailureLogOnce:
    """Every failure gets one log line ("Failed <url>: <reason> [<kind>]") from the spider;
    this silences Scrapy's duplicate warnings for the same failures while a crawl runs."""

    LOGGERS = ("scrapy.core.downloader.handlers.http11",
               "scrapy.downloadermiddlewares.httpcompression")

    def __init__(self) -> None:
        self.filter = _ReportedBySpider()
        for name in self.LOGGERS:
            logging.getLogger(name).addFilter(self.filter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailureLogOnce:
        extension = cls()
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeFilter(self.filter)
