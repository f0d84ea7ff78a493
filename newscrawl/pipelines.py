"""Item pipelines: validate, then drop duplicates. Every drop says why and is counted."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.validation import validation_errors


class ValidationPipeline:
    """Drop records that break the output contract, never writing one half-empty."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        record = ItemAdapter(item).asdict()
        errors = validation_errors(record)
        if errors:
            self.stats.inc_value(f"newscrawl/dropped/invalid/{record.get('type', 'unknown')}")
            for error in errors:
                self.stats.inc_value(f"newscrawl/dropped/invalid_reason/{error.split(':')[0]}")
            raise DropItem(f"invalid {record.get('type')} {record.get('url')}: "
                           + "; ".join(errors))
        return item


class DedupePipeline:
    """One article per canonical URL; one teaser per (found_on, block, url)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.seen: set[tuple[str, ...]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    @staticmethod
    def key(record: ItemAdapter) -> tuple[str, ...]:
        if record.get("type") == "teaser":
            return ("teaser", record["found_on"], record["block"], record["url"])
        return ("article", record["url"])

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        record = ItemAdapter(item)
        key = self.key(record)
        if key in self.seen:
            self.stats.inc_value(f"newscrawl/dropped/duplicate/{key[0]}")
            raise DropItem(f"duplicate {key[0]} {record.get('url')}")
        self.seen.add(key)
        self.stats.inc_value(f"newscrawl/{key[0]}s")
        if key[0] == "article":
            # Which layer produced the body: a rise in metadata/generic means template drift.
            self.stats.inc_value(f"newscrawl/extraction/{record.get('extraction', 'site')}")
        return item
