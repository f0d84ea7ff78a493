"""The run's stats collector: Scrapy's, minus the cost of its attribute shim.

Scrapy 2.19's StatsCollector answers every attribute lookup in Python (`__getattribute__`,
which wraps the public methods to warn about a `spider` argument). Its own methods read
`self._stats` through the same shim, which first fails to find `_cached__stats` and so
raises and catches an AttributeError on every single count: a few dozen counts a page
made it some 3% of a crawl's CPU. Private attributes skip the shim here; the public
methods still go through it, deprecation warnings included.
"""

from __future__ import annotations

from typing import Any

from scrapy.statscollectors import MemoryStatsCollector


class RunStatsCollector(MemoryStatsCollector):
    def __getattribute__(self, name: str) -> Any:
        if name[0] == "_":
            return object.__getattribute__(self, name)
        return super().__getattribute__(name)
