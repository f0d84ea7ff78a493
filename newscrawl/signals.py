"""newscrawl's own signals (Scrapy signals are plain objects; see scrapy.signals), and
its receivers of Scrapy's item_scraped, called from one.

Scrapy runs every receiver of item_scraped as an asyncio task of its own, after
robustApply has introspected it: some 20-40 µs a receiver on this project's machines, and
the signal is sent for every record, a dozen a page. The project's own receivers of it
(the feeds, the crawl state, the run summary, the incremental outcome) register with
`on_item_scraped` instead, and one receiver connected to the signal calls them in the
order they registered, each with (item, spider). An exception is logged as Scrapy logs a
failing receiver, and does not stop the others. Receivers of other components (Scrapy's
core stats, a user's extension) stay on the signal as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Sent by newscrawl.output.exports.DurableFeedExporter with `items`: records now in every feed
# that takes them and on disk. The crawl state records articles on this signal only.
records_durable = object()


class ItemScrapedFanOut:
    def __init__(self, crawler: Crawler) -> None:
        self.receivers: list[Callable[[Any, Spider | None], Any]] = []
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    def item_scraped(self, item: Any, spider: Spider | None = None) -> None:
        for receiver in self.receivers:
            try:
                receiver(item, spider)
            except Exception:
                logger.error("Error caught on signal handler: %(receiver)s",
                             {"receiver": receiver}, exc_info=True, extra={"spider": spider})


def on_item_scraped(crawler: Crawler, receiver: Callable[[Any, Spider | None], Any]) -> None:
    """Call `receiver(item, spider)` for every scraped record, after the receivers that
    registered before it (a plain function: its result is not awaited)."""
    fanout = getattr(crawler, "newscrawl_item_scraped", None)
    if fanout is None:
        fanout = crawler.newscrawl_item_scraped = ItemScrapedFanOut(crawler)
    fanout.receivers.append(receiver)
