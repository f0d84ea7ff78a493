"""Incremental runs: export each article once across runs, plus real content changes.

- IncrementalExtension opens the crawl state (and its lock) when the crawler starts, and
  records an article in it only after the feed exporters have written it
  (item_scraped fires after FEEDS; this extension is ordered after FeedExporter).
- IncrementalPipeline drops articles an earlier run already exported unchanged, drops a
  story already exported under another URL (recording that URL as an alias), and stamps
  `revision` and `modified_at` on articles whose content changed.

`-a full=1` recrawls and re-exports everything (the state is still refreshed).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.feeds import repair_torn_line
from newscrawl.state import CrawlState

logger = logging.getLogger(__name__)


def state_of(crawler: Crawler) -> CrawlState | None:
    """The run's crawl state, or None when incremental crawling is off."""
    return getattr(crawler, "newscrawl_state", None)


def full_run(spider: Spider) -> bool:
    return str(getattr(spider, "full", "")).strip().lower() in ("1", "true", "yes", "on")


class IncrementalExtension:
    def __init__(self, crawler: Crawler, state: CrawlState, run_id: str) -> None:
        self.crawler = crawler
        self.state = state
        self.run_id = run_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalExtension:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_INCREMENTAL", True):
            raise NotConfigured("NEWSCRAWL_INCREMENTAL is off")
        directory = settings.get("NEWSCRAWL_STATE_DIR") or ".newscrawl"
        name = crawler.spidercls.name if crawler.spidercls else "newscrawl"
        state = CrawlState(directory, name)  # raises StateLocked for a concurrent run
        run_id = settings.get("NEWSCRAWL_RUN_ID") or "manual"
        reconcile_killed_runs(state, crawler)
        state.start_run(run_id, local_feed_files(settings.getdict("FEEDS")))
        crawler.newscrawl_state = state  # type: ignore[attr-defined]
        extension = cls(crawler, state, run_id)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any, spider: Spider) -> None:
        record = ItemAdapter(item)
        if record.get("type") == "article":
            self.state.record_export(record.asdict())

    def spider_closed(self, spider: Spider) -> None:
        self.state.finish_run(self.run_id)
        self.state.close()


def local_feed_files(feeds: dict[str, dict[str, Any]]) -> list[str]:
    """Local files the run exports to (what a killed run leaves behind)."""
    return [uri.removeprefix("file://") for uri in feeds
            if "://" not in uri or uri.startswith("file://")]


def reconcile_killed_runs(state: CrawlState, crawler: Crawler) -> None:
    """Make the state agree with what killed runs really wrote.

    A run killed between writing a record and recording it in the state would otherwise
    export that article again. Torn last lines are cut first (and said so).
    """
    for run_id, files in state.unfinished_runs():
        recovered = 0
        for name in files:
            path = Path(name)
            if not path.exists():
                continue
            if repair_torn_line(path):
                crawler.stats.inc_value("newscrawl/repaired_torn_lines")
            if path.name in ("articles.jsonl", "teasers.jsonl"):
                continue  # stable copies: the run's own files hold the same records
            with path.open(encoding="utf-8") as lines:
                for line in lines:
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue
                    if record.get("type") != "article" or not record.get("url"):
                        continue
                    known = state.article(record["url"])
                    if known is None or known.content_hash != record.get("content_hash"):
                        state.record_export(record)
                        recovered += 1
        if recovered:
            logger.warning("Run %s was killed: %d exported articles recorded in the state "
                           "from its output", run_id, recovered)
        state.finish_run(run_id)


class IncrementalPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        record = ItemAdapter(item)
        state = state_of(self.crawler)
        if record.get("type") != "article" or state is None:
            return item
        spider = spider or self.crawler.spider
        url, content_hash = record["url"], record["content_hash"]
        known = state.article(url)
        if known is None:
            original = state.url_for_hash(content_hash)
            if original and original != url:
                state.record_alias(url, original, content_hash)
                self.stats.inc_value("newscrawl/articles_duplicate_content")
                raise DropItem(f"same story as {original} already exported: {url}")
            record["revision"] = 1
            self.stats.inc_value("newscrawl/articles_new")
            return item
        if known.content_hash == content_hash:
            if full_run(spider):
                record["revision"] = known.revision
                self.stats.inc_value("newscrawl/articles_unchanged")
                return item
            state.touch(url)
            self.stats.inc_value("newscrawl/articles_unchanged")
            raise DropItem(f"unchanged since an earlier run: {url}")
        record["revision"] = known.revision + 1
        if not record.get("modified_at"):
            # The page states no update time: the change was seen at this fetch.
            record["modified_at"] = _fetch_time_vn(record.get("fetched_at"))
        self.stats.inc_value("newscrawl/articles_updated")
        return item


def _fetch_time_vn(fetched_at: str | None) -> str | None:
    from newscrawl.dates import iso, parse_iso

    moment = parse_iso(fetched_at) if fetched_at else None
    return iso(moment) if moment else None
