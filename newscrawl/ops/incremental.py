"""Scheduled runs: export each article once across runs, and never lose one.

- CrawlStateExtension opens the crawl state (and its lock) before anything is fetched,
  repairs what a killed run left, warns when outputs the state counts on are gone, records
  articles in the state only when the exporter says they are durably written
  (`records_durable`), keeps failed articles pending, and closes the run.
- IncrementalPipeline drops articles an earlier run already exported unchanged, drops a
  story already exported under another URL (recording that URL as an alias), and stamps
  `revision` and `modified_at` on articles whose content changed.

Where the state lives: NEWSCRAWL_STATE_URL (PostgreSQL) or else NEWSCRAWL_STATE_DIR when
NEWSCRAWL_INCREMENTAL is on (the default);
with it off, inside JOBDIR when one is set (so a resumed job still exports each article
once), else in memory. `-a full=1` recrawls and re-exports everything (the state is still
refreshed). Only a crawl run (NEWSCRAWL_CRAWL_RUN, set by `scrapy crawl`) opens it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.settings import BaseSettings

from newscrawl.contracts import site_crawler
from newscrawl.ops.runkeys import run_keys
from newscrawl.ops.state import CrawlState, attach_state, state_of
from newscrawl.output.exports import (
    READABLE_FORMATS,
    current_run_id,
    own_feed_files,
    read_back,
    repair_torn_line,
)
from newscrawl.output.items import record_dict, record_view
from newscrawl.output.pipelines import COVERAGE_FIELDS, InvalidRecord
from newscrawl.signals import on_item_scraped, records_durable

logger = logging.getLogger(__name__)
FALLBACK_LAYERS = ("metadata", "generic")


def is_crawl_run(settings: BaseSettings) -> bool:
    """True in a real crawl (`scrapy crawl`, Scrapyd), not in parse/check/shell/bench."""
    return settings.getbool("NEWSCRAWL_CRAWL_RUN")


def require_crawl_run(settings: BaseSettings) -> None:
    """Crawl-run components (state, report, summary, monitors) switch off elsewhere."""
    if not is_crawl_run(settings):
        raise NotConfigured("not a crawl run")


def full_run(spider: Spider | None) -> bool:
    """-a full=1: re-export everything, whatever earlier runs exported."""
    crawler_spider = site_crawler(spider)
    return bool(crawler_spider and crawler_spider.full)


def open_state(settings: BaseSettings, name: str) -> CrawlState:
    """The state this run reads and writes (see the module docstring for where)."""
    timeout = settings.getfloat("NEWSCRAWL_STATE_TIMEOUT")
    if settings.getbool("NEWSCRAWL_INCREMENTAL"):
        return CrawlState(settings.get("NEWSCRAWL_STATE_DIR"), name, timeout=timeout,
                          url=settings.get("NEWSCRAWL_STATE_URL") or None,
                          node=settings.get("NEWSCRAWL_NODE") or None)
    if settings.get("JOBDIR"):
        return CrawlState(settings.get("JOBDIR"), f"{name}-job-state", timeout=timeout)
    return CrawlState.in_memory()


class CrawlStateExtension:
    def __init__(self, crawler: Crawler, state: CrawlState, run_id: str) -> None:
        self.crawler = crawler
        self.state = state
        self.run_id = run_id
        self.stats = crawler.stats
        settings = crawler.settings
        self.window_size = settings.getint("NEWSCRAWL_DRIFT_WINDOW")
        # The drift window as it was before this run, and this run's own articles.
        self.earlier = state.recent_articles(self.window_size)
        self.run_layers: Counter[str] = Counter()
        self.run_fields: Counter[str] = Counter()
        self.durable = 0
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStateExtension:
        settings = crawler.settings
        require_crawl_run(settings)
        name = crawler.spidercls.name if crawler.spidercls else "newscrawl"
        state = open_state(settings, name)  # StateLocked / StateCorrupt stop the run here
        run_id = current_run_id(settings)
        reconcile_killed_runs(state, crawler)
        report_missing_outputs(state, crawler)
        state.start_run(run_id, own_feed_files(settings.getdict("FEEDS"), run_id))
        extension = cls(crawler, state, run_id)
        state.on_failure = extension.state_failed
        attach_state(crawler, state)
        crawler.signals.connect(extension.records_durable, signal=records_durable)
        on_item_scraped(crawler, extension.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    # ------------------------------------------------------------------ during the run

    def records_durable(self, items: list[Any]) -> None:
        records = [record_dict(item) for item in items]
        articles = [record for record in records if record.get("type") == "article"]
        teasers = [record for record in records if record.get("type") == "teaser"]
        if teasers and self.crawler.settings.get("NEWSCRAWL_TEASERS") == "new":
            self.state.record_teasers(teasers)
        if articles:
            self.durable += self.state.record_exports(articles, self.run_id, COVERAGE_FIELDS)
            self.stats.set_value("newscrawl/articles_durable", self.durable)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        record = record_view(item)
        if record.get("type") != "article":
            return
        self.run_layers[record.get("extraction") or "site"] += 1
        self.run_fields.update(f for f in COVERAGE_FIELDS if record.get(f))

    def item_dropped(self, item: Any, response: Any, exception: BaseException,
                     spider: Spider) -> None:
        record = ItemAdapter(item)
        if record.get("type") == "article" and isinstance(exception, InvalidRecord):
            record_article_failure(self.crawler, record["url"], str(exception))

    def state_failed(self, reason: str) -> None:
        """A state write failed: nothing more can be remembered safely, so the run stops;
        left unfinished, the next run reads back what this one wrote."""
        self.stats.set_value("newscrawl/state/failed", reason)
        logger.error("%s; the run stops, and the next run picks up what it wrote", reason)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            asyncio.ensure_future(engine.close_spider_async(reason="state_failed"))

    # ------------------------------------------------------------------ at the end

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Put the drift window in the stats before the monitors read them."""
        stats = self.stats
        run_count = sum(self.run_layers.values())
        earlier = self.earlier[: max(self.window_size - run_count, 0)]
        stats.set_value("newscrawl/window/run_articles", run_count)
        stats.set_value("newscrawl/window/articles", run_count + len(earlier))
        stats.set_value("newscrawl/window/run_fallback",
                        sum(self.run_layers[layer] for layer in FALLBACK_LAYERS))
        stats.set_value("newscrawl/window/fallback",
                        stats.get_value("newscrawl/window/run_fallback")
                        + sum(1 for layer, _ in earlier if layer in FALLBACK_LAYERS))
        for field in COVERAGE_FIELDS:
            stats.set_value(f"newscrawl/window/run_coverage/{field}", self.run_fields[field])
            stats.set_value(f"newscrawl/window/coverage/{field}", self.run_fields[field]
                            + sum(1 for _, fields in earlier if field in fields))

    def engine_stopped(self) -> None:
        """The feeds are closed and stored: finish the run in the state and release it."""
        if self.closed:
            return
        self.closed = True
        counts = self.state.counts()
        self.stats.set_value("newscrawl/pending/owed", counts["pending"])
        self.stats.set_value("newscrawl/pending/given_up_total", counts["given_up"])
        if self.state.failure is not None:
            pass  # already said; the run stays unfinished for the next run to reconcile
        elif self.stats.get_value("newscrawl/output/failed"):
            # Left unfinished on purpose: the next run reads back what this one really
            # wrote (as after a kill), so nothing written is exported twice.
            logger.warning("Run %s is left for the next run to reconcile: its output "
                           "failed", self.run_id)
        else:
            status = self.stats.get_value("finish_reason") or "finished"
            self.state.finish_run(self.run_id, self.durable, status, self.window_size)
            if full_run(self.crawler.spider) and status == "finished":
                self.state.forget_runs(r.run_id for r in self.state.finished_runs_with_articles()
                                       if r.run_id != self.run_id)
        self.state.close()


def record_article_failure(crawler: Crawler, url: str, reason: str) -> None:
    """An article of this run could not be fetched or extracted: keep it pending, and
    give it up (loudly) after NEWSCRAWL_PENDING_MAX_FAILURES failed runs."""
    state = state_of(crawler)
    if state is None:
        return
    settings = crawler.settings
    max_failures = settings.getint("NEWSCRAWL_PENDING_MAX_FAILURES")
    if state.record_failure(url, reason, current_run_id(settings),
                            max_failures):
        crawler.stats.inc_value("newscrawl/pending/given_up")
        logger.warning("Gave up on %s after %d failed runs (last: %s); "
                       "`newscrawl state retry` tries it again", url, max_failures, reason)


def reconcile_killed_runs(state: CrawlState, crawler: Crawler) -> None:
    """Make the state agree with what unfinished runs (killed, or whose output failed)
    really wrote, so nothing they wrote is exported again. Torn last lines are cut first."""
    for run_id, files in state.unfinished_runs():
        records = []
        repaired = True
        for entry in files:
            name, _, feed_format = entry.partition("\t")
            path = Path(name)
            if not path.is_file():
                continue  # gone, or a device such as /dev/full (endless to read)
            if (feed_format or "jsonlines") not in READABLE_FORMATS:
                logger.warning("Cannot read back %s (%s) of unfinished run %s: articles it "
                               "holds may be exported again", path, feed_format, run_id)
                continue
            try:
                if repair_torn_line(path, feed_format or "jsonlines"):
                    crawler.stats.inc_value("newscrawl/repaired_torn_lines")
            except OSError as error:
                # Read what is whole now; cut the torn line on a later run that can write.
                repaired = False
                logger.warning("Cannot repair %s yet: %s", path, error.strerror or error)
            records.extend(_written_articles(path, feed_format or "jsonlines", state))
            if crawler.settings.get("NEWSCRAWL_TEASERS") == "new":
                # teasers it wrote count as exported too, or a `new` run repeats them
                state.record_teasers(_written_teasers(path, feed_format or "jsonlines"))
        count = state.record_exports(records, run_id, COVERAGE_FIELDS) if records else 0
        if count:
            logger.warning("Run %s did not finish: %d articles it wrote are recorded in the "
                           "state from its output", run_id, count)
        if repaired:
            state.finish_run(run_id, count, "reconciled")


def _written_teasers(path: Path, feed_format: str) -> list[dict[str, Any]]:
    return [record for record in read_back(path, feed_format)
            if record.get("type") == "teaser" and all(
                isinstance(record.get(k), str) for k in ("found_on", "block", "url"))]


def _written_articles(path: Path, feed_format: str, state: CrawlState) -> list[dict[str, Any]]:
    articles = []
    for record in read_back(path, feed_format):
        if record.get("type", "article") != "article" or not record.get("url") \
                or not record.get("content_hash"):
            continue
        if isinstance(record.get("revision"), str):
            record["revision"] = int(record["revision"]) if record["revision"].isdigit() else 1
        known = state.article(record["url"])
        if known is None or known.content_hash != record["content_hash"]:
            articles.append(record)
    return articles


def report_missing_outputs(state: CrawlState, crawler: Crawler) -> None:
    """Warn when earlier runs' output files are gone while the state still counts their
    articles as exported (they would otherwise never be exported again, silently)."""
    from newscrawl.ops.compact import compacted_runs

    missing = [run for run in state.finished_runs_with_articles()
               if run.outputs and not any(Path(p.partition("\t")[0]).exists()
                                          for p in run.outputs)
               and not any(run.run_id in compacted_runs(Path(p.partition("\t")[0]).parent)
                           for p in run.outputs)]
    if not missing:
        return
    articles = sum(run.articles for run in missing)
    crawler.stats.set_value("newscrawl/state/missing_output_articles", articles)
    crawler.stats.set_value("newscrawl/state/missing_output_runs", [r.run_id for r in missing])
    logger.warning(
        "The output files of %d earlier runs are gone (e.g. %s) but the state counts their "
        "%d articles as exported, so they will not be exported again. To re-export them "
        "run once with -a full=1 (everything again) or start over with "
        "`newscrawl state reset`.", len(missing), missing[0].outputs[0].partition("\t")[0],
        articles)


class AlreadyExported(DropItem):
    """An earlier run exported this article unchanged, or the same story elsewhere."""


class IncrementalPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        # Content hash -> URL of articles this run passed on (not yet in the state: the
        # state records them only once they are durably written). On disk.
        self.run_keys = run_keys(crawler)
        # URL -> "new", "updated" or "unchanged": counted once the article is passed on by
        # every pipeline (a later one, -a max_articles, may still drop it).
        self.outcome: dict[str, str] = {}
        # NEWSCRAWL_TEASERS=new: a teaser an earlier run exported is not exported again.
        self.new_teasers_only = crawler.settings.get("NEWSCRAWL_TEASERS") == "new"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        pipeline = cls(crawler)
        on_item_scraped(crawler, pipeline.item_scraped)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def item_dropped(self, item: Any, response: Any = None, exception: Any = None,
                     spider: Spider | None = None) -> None:
        record = record_view(item)
        if record.get("type") == "article":
            self.outcome.pop(record.get("url"), None)

    def item_scraped(self, item: Any, spider: Spider | None = None) -> None:
        record = record_view(item)
        outcome = self.outcome.pop(record.get("url"), None) \
            if record.get("type") == "article" else None
        if outcome is not None:
            self.stats.inc_value(f"newscrawl/articles_{outcome}")

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        record = record_view(item)
        state = state_of(self.crawler)
        if state is None:
            return item
        spider = spider or self.crawler.spider
        if record.get("type") == "teaser":
            if self.new_teasers_only and not full_run(spider) and state.teaser_exported(
                    record["found_on"], record["block"], record["url"]):
                self.stats.inc_value("newscrawl/skipped/teaser_exported_before")
                raise AlreadyExported(f"teaser exported by an earlier run: {record['url']}",
                                      log_level="DEBUG")
            return item
        if record.get("type") != "article":
            return item
        url, content_hash = record["url"], record["content_hash"]
        known = state.article(url)
        if known is None:
            original = (self.run_keys.get("url_by_content", content_hash)
                        or state.url_for_hash(content_hash))
            if original and original != url:
                state.record_alias(url, original, content_hash)
                self.stats.inc_value("newscrawl/articles_duplicate_content")
                raise AlreadyExported(f"same story as {original} already exported: {url}",
                                      log_level="DEBUG")
            record["revision"] = 1
            self.run_keys.put("url_by_content", content_hash, url)
            self.outcome[url] = "new"
            return item
        if known.content_hash == content_hash:
            if full_run(spider):
                record["revision"] = known.revision
                self.outcome[url] = "unchanged"
                return item
            state.touch(url)
            state.settle_pending(url)
            self.stats.inc_value("newscrawl/articles_unchanged")
            raise AlreadyExported(f"unchanged since an earlier run: {url}", log_level="DEBUG")
        record["revision"] = known.revision + 1
        if not record.get("modified_at"):
            # The page states no update time: the change was seen at this fetch.
            record["modified_at"] = _fetch_time_vn(record.get("fetched_at"))
        self.outcome[url] = "updated"
        return item


def _fetch_time_vn(fetched_at: str | None) -> str | None:
    from newscrawl.extraction.dates import iso, parse_iso

    moment = parse_iso(fetched_at) if fetched_at else None
    return iso(moment) if moment else None
