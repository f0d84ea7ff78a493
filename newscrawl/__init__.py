"""newscrawl: baodantoc.vn as clean, deduplicated JSON Lines of articles and teasers.

`newscrawl.extract(html, url=None, fetched_at=None)` and `newscrawl.crawling(**arguments)`
are the Python API (newscrawl.api); importing the package alone loads neither Scrapy nor
the extractors.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"
__all__ = ["__version__", "crawl", "extract"]


def __getattr__(name: str) -> Any:
    if name in ("crawl", "extract", "CrawlFailed"):
        from newscrawl import api

        return getattr(api, name)
    raise AttributeError(f"module 'newscrawl' has no attribute {name!r}")
