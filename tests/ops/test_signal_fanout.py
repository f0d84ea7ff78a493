"""The project's item_scraped receivers, called from one: in order, each error its own."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest
from pydispatch.dispatcher import getAllReceivers, liveReceivers
from scrapy import signals
from scrapy.signalmanager import SignalManager

from newscrawl.signals import on_item_scraped


def test_receivers_run_in_order_and_errors_stay_theirs(
        caplog: pytest.LogCaptureFixture) -> None:
    crawler = SimpleNamespace(signals=SignalManager())
    calls: list[tuple] = []

    def scrapys_own(item, spider):  # another component's receiver stays on the signal
        calls.append(("scrapy", item))

    def failing(item, spider):
        calls.append(("failing", item, spider))
        raise RuntimeError("boom")

    crawler.signals.connect(scrapys_own, signal=signals.item_scraped)
    on_item_scraped(crawler, lambda item, spider: calls.append(("first", item, spider)))
    on_item_scraped(crawler, failing)
    on_item_scraped(crawler, lambda item, spider: calls.append(("last", item, spider)))
    connected = list(liveReceivers(getAllReceivers(crawler.signals.sender,
                                                   signals.item_scraped)))
    assert len(connected) == 2  # Scrapy's receiver and the project's one

    async def send() -> None:
        await crawler.signals.send_catch_log_async(
            signal=signals.item_scraped, item="record", response="page", spider="spider")

    with caplog.at_level(logging.ERROR):
        asyncio.run(send())
    assert calls == [("scrapy", "record"), ("first", "record", "spider"),
                     ("failing", "record", "spider"), ("last", "record", "spider")]
    assert "Error caught on signal handler" in caplog.text and "boom" in caplog.text
