"""item_scraped's receivers called from one: same order, same arguments, same isolation."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest
from scrapy import signals
from scrapy.signalmanager import SignalManager
from twisted.internet.defer import Deferred

from newscrawl.ops.signal_fanout import ItemScrapedFanOut


class Receivers:
    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.late: Deferred | None = None

    def first(self, item, spider):
        self.calls.append(("first", item, spider))

    def failing(self, item):
        self.calls.append(("failing", item))
        raise RuntimeError("boom")

    def everything(self, **kwargs):
        self.calls.append(("everything", sorted(kwargs)))

    def deferred(self, item, response):
        self.calls.append(("deferred", item, response))
        self.late = Deferred()
        return self.late

    async def coroutine(self, item):
        self.calls.append(("coroutine", item))


def test_receivers_run_in_order_with_their_arguments_and_errors_stay_theirs(
        caplog: pytest.LogCaptureFixture) -> None:
    crawler = SimpleNamespace(signals=SignalManager())
    receivers = Receivers()
    for name in ("first", "failing", "everything", "deferred", "coroutine"):
        crawler.signals.connect(getattr(receivers, name), signal=signals.item_scraped)
    fanout = ItemScrapedFanOut.from_crawler(crawler)  # type: ignore[arg-type]
    fanout.spider_opened("spider")
    assert [receiver.__name__ for receiver, _ in fanout.receivers] == [
        "first", "failing", "everything", "deferred"]  # the coroutine stays on the signal

    async def send() -> list:
        return await crawler.signals.send_catch_log_async(
            signal=signals.item_scraped, item="record", response="page", spider="spider")

    with caplog.at_level(logging.ERROR):
        loop = asyncio.new_event_loop()
        try:
            task = loop.create_task(send())
            loop.run_until_complete(asyncio.sleep(0.01))
            assert not task.done()  # the returned Deferred is waited for
            receivers.late.callback(None)
            loop.run_until_complete(task)
        finally:
            loop.close()
    assert receivers.calls == [
        ("first", "record", "spider"), ("failing", "record"),
        ("everything", ["item", "response", "sender", "signal", "spider"]),
        ("deferred", "record", "page"), ("coroutine", "record")]
    assert "Error caught on signal handler" in caplog.text and "boom" in caplog.text
