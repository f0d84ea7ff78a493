"""Item pipelines, in order: validate (JSON Schema, via spidermon), drop duplicates within
the run, then drop what earlier runs already exported (newscrawl.incremental).
Every drop says why and is counted."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline

COVERAGE_FIELDS = ("published_at", "authors", "summary", "section", "tags", "images")


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The JSON Schema of output-schema.md shipped in the package (works from an egg too)."""
    text = resources.files("newscrawl").joinpath("schemas/records.schema.json").read_text(
        encoding="utf-8")
    return json.loads(text)


class ValidationPipeline(ItemValidationPipeline):
    """spidermon's JSON Schema validation, dropping invalid records with their reasons."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        # spidermon looks validators up by item class name, "Item" meaning any item.
        return cls(validators={"Item": [cls._load_jsonschema_validator(record_schema())]},
                   stats=crawler.stats, drop_items_with_errors=True)

    def _drop_item(self, item: Any, errors: dict[str, list[str]]) -> None:
        self.stats.add_dropped_item()
        record = ItemAdapter(item)
        reasons = "; ".join(f"{field}: {', '.join(messages)}"
                            for field, messages in sorted(errors.items()))
        raise DropItem(f"invalid {record.get('type')} {record.get('url')}: {reasons}")


class DedupePipeline:
    """One article per canonical URL and per content; one teaser per (found_on, block, url).

    Also counts what was extracted: per type, per extraction layer, and the field coverage
    the end-of-run monitors read.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.seen: set[tuple[str, ...]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def keys(self, record: ItemAdapter) -> list[tuple[str, ...]]:
        if record.get("type") == "teaser":
            return [("teaser", record["found_on"], record["block"], record["url"])]
        keys = [("article", record["url"])]
        if getattr(self.crawler, "newscrawl_state", None) is None:
            # Without a crawl state the same story under two URLs is caught here; with
            # one, IncrementalPipeline catches it and records the other URL as an alias.
            keys.append(("article-content", record["content_hash"]))
        return keys

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        record = ItemAdapter(item)
        kind = record.get("type", "unknown")
        keys = self.keys(record)
        if any(key in self.seen for key in keys):
            self.stats.inc_value(f"newscrawl/dropped/duplicate/{kind}")
            raise DropItem(f"duplicate {kind} {record.get('url')}")
        self.seen.update(keys)
        self.stats.inc_value(f"newscrawl/extracted/{kind}")
        if kind == "article":
            # Which layer produced the body: a rise in metadata/generic means template drift.
            self.stats.inc_value(f"newscrawl/extraction/{record.get('extraction', 'site')}")
            for field in COVERAGE_FIELDS:
                if record.get(field):
                    self.stats.inc_value(f"newscrawl/coverage/{field}")
        return item
