"""One item_scraped receiver calling all the others, in their order.

Scrapy runs every receiver of a signal sent with send_catch_log_async as an asyncio task
of its own, after robustApply has introspected it: some 20-40 µs a receiver on this
project's machines. item_scraped is sent for every record, a dozen a page, and a crawl
has five receivers of it (Scrapy's core stats, the feeds, the crawl state, the run
summary, the incremental outcome), which made the signal a large share of a crawl's CPU.

At spider_opened, when every extension and pipeline has connected its receivers, the
plain (not coroutine) receivers of item_scraped are taken off the signal and called from
one receiver, in the order Scrapy would have run them, each with the arguments it takes;
an exception is logged as Scrapy logs it and does not stop the others, and a Deferred or
awaitable a receiver returns is waited for as Scrapy would. From the first coroutine
receiver on, receivers stay on the signal, after the fan-out (so the order holds), and
so do receivers connected later.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from pydispatch.dispatcher import getAllReceivers, liveReceivers
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.log import failure_to_exc_info
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

_ARGUMENTS = frozenset({"item", "response", "spider", "signal", "sender"})


def _is_coroutine(receiver: Callable[..., Any]) -> bool:
    return inspect.iscoroutinefunction(receiver) or inspect.isasyncgenfunction(receiver)


def _accepted(receiver: Callable[..., Any]) -> frozenset[str] | None:
    """The keyword arguments the receiver takes (None: any, it has **kwargs)."""
    try:
        parameters = inspect.signature(receiver).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters) & _ARGUMENTS


class ItemScrapedFanOut:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.receivers: list[tuple[Callable[..., Any], frozenset[str] | None]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ItemScrapedFanOut:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        signal, manager = signals.item_scraped, self.crawler.signals
        connected = [receiver for receiver in liveReceivers(getAllReceivers(manager.sender,
                                                                             signal))
                     if receiver != self.item_scraped]
        plain = 0  # the leading plain receivers; from the first coroutine on, all stay
        while plain < len(connected) and not _is_coroutine(connected[plain]):
            plain += 1
        if not plain:
            return
        for receiver in connected:
            manager.disconnect(receiver, signal=signal)
        self.receivers = [(receiver, _accepted(receiver)) for receiver in connected[:plain]]
        manager.connect(self.item_scraped, signal=signal)
        for receiver in connected[plain:]:  # after the fan-out, as they were after those
            manager.connect(receiver, signal=signal)

    def item_scraped(self, item: Any, response: Any = None, spider: Spider | None = None
                     ) -> Coroutine[Any, Any, None] | None:
        arguments = {"item": item, "response": response, "spider": spider,
                     "signal": signals.item_scraped, "sender": self.crawler.signals.sender}
        waiting: list[Deferred] = []
        for receiver, names in self.receivers:
            try:
                result = receiver(**(arguments if names is None
                                     else {name: arguments[name] for name in names}))
            except Exception:
                self._log_error(receiver, spider)
                continue
            if isinstance(result, Deferred) or inspect.isawaitable(result):
                waiting.append(self._logged(result, receiver, spider))
        return self._wait(waiting) if waiting else None

    @staticmethod
    async def _wait(waiting: list[Deferred]) -> None:
        for deferred in waiting:
            await maybe_deferred_to_future(deferred)

    def _logged(self, result: Any, receiver: Callable[..., Any], spider: Spider | None
                ) -> Deferred:
        deferred = result if isinstance(result, Deferred) else \
            Deferred.fromFuture(asyncio.ensure_future(result))

        def log(failure: Any) -> None:
            logger.error("Error caught on signal handler: %(receiver)s",
                         {"receiver": receiver}, exc_info=failure_to_exc_info(failure),
                         extra={"spider": spider})
        return deferred.addErrback(log)

    @staticmethod
    def _log_error(receiver: Callable[..., Any], spider: Spider | None) -> None:
        logger.error("Error caught on signal handler: %(receiver)s", {"receiver": receiver},
                     exc_info=True, extra={"spider": spider})

