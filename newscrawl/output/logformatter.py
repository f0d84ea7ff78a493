"""Log lines for dropped records: the reason alone, at the level the pipeline chose.

Scrapy's default logs every dropped item whole, at WARNING: a resumed or incremental run
would fill its log with duplicates that are not problems.

Lines below LOG_LEVEL are not built at all: Scrapy leaves the root logger at NOTSET and
filters in its handler, so each "Crawled (200)" and "Scraped from" DEBUG line (a dozen a
page) would otherwise become a LogRecord, with its caller looked up, only to be thrown
away.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


def log_threshold(level: int | str | None) -> int:
    """The numeric level of a LOG_LEVEL setting ("INFO", 20, None meaning DEBUG)."""
    if isinstance(level, int):
        return level
    value = logging.getLevelName(str(level or "DEBUG").upper())
    return value if isinstance(value, int) else logging.DEBUG


class ReasonOnlyLogFormatter(LogFormatter):
    def __init__(self, threshold: int = logging.DEBUG) -> None:
        self.threshold = threshold

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(log_threshold(crawler.settings.get("LOG_LEVEL")))

    def _shown(self, result: LogFormatterResult) -> LogFormatterResult | None:
        return result if result["level"] >= self.threshold else None

    def crawled(self, request: Request, response: Response, spider: Spider
                ) -> LogFormatterResult | None:  # type: ignore[override]
        return self._shown(super().crawled(request, response, spider))

    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider
                ) -> LogFormatterResult | None:  # type: ignore[override]
        return self._shown(super().scraped(item, response, spider))

    def dropped(self, item: Any, exception: BaseException, response: Response | Failure | None,
                spider: Spider) -> LogFormatterResult | None:  # type: ignore[override]
        result = super().dropped(item, exception, response, spider)
        level = getattr(exception, "log_level", None)
        return self._shown({
            "level": getattr(logging, level) if isinstance(level, str) else result["level"],
            "msg": "Dropped: %(exception)s", "args": {"exception": exception}})
