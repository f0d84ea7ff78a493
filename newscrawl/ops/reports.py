"""End-of-run summary (one log line with pages, records, errors by kind and monitors), the
per-run JSON report, and a log filter so that each failure is logged once, by the spider,
with its URL and kind."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import ensure_awaitable
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawl import __version__
from newscrawl.contracts import site_crawler
from newscrawl.extraction.dates import iso_utc
from newscrawl.ops.incremental import require_crawl_run
from newscrawl.output.exports import current_run_id, safe_url_string_for_log
from newscrawl.output.items import record_view
from newscrawl.output.pipelines import schema_version
from newscrawl.signals import on_item_scraped


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}


def invalid_reasons(stats: dict[str, Any]) -> dict[str, int]:
    """'field: message' -> count, from spidermon's validation stats."""
    reasons = {}
    for key, count in _prefixed(stats, "spidermon/validation/fields/errors/").items():
        message, _, field = key.rpartition("/")
        if message and field:
            reasons[f"{field}: {message}"] = count
    return reasons


def summarise(stats: dict[str, Any]) -> str:
    """'pages fetched 12, articles 6, teasers 125, errors 3 (http_404: 3); ...' from stats."""
    errors = _prefixed(stats, "newscrawl/errors/")
    dropped = {k: v for k, v in _prefixed(stats, "newscrawl/dropped/").items()}
    invalid = stats.get("spidermon/validation/items/dropped", 0)
    if invalid:
        dropped["invalid"] = invalid
    error_text = ", ".join(f"{k}: {v}" for k, v in sorted(errors.items()))
    line = (
        f"pages fetched {stats.get('response_received_count', 0)}, "
        f"articles {stats.get('newscrawl/articles', 0)}, "
        f"teasers {stats.get('newscrawl/teasers', 0)}, "
        f"errors {sum(errors.values())}" + (f" ({error_text})" if error_text else "")
    )
    if any(k in stats for k in ("newscrawl/articles_new", "newscrawl/articles_updated",
                                "newscrawl/articles_unchanged", "newscrawl/skipped/known")):
        line += (f"; new {stats.get('newscrawl/articles_new', 0)}, "
                 f"updated {stats.get('newscrawl/articles_updated', 0)}, "
                 f"unchanged {stats.get('newscrawl/articles_unchanged', 0)}, "
                 f"known and not fetched {stats.get('newscrawl/skipped/known', 0)}")
    if dropped:
        line += "; dropped " + ", ".join(f"{k}: {v}" for k, v in sorted(dropped.items()))
    given_up = stats.get("newscrawl/pending/given_up")
    owed = stats.get("newscrawl/pending/owed")
    if owed or given_up:
        line += f"; pending for the next run {owed or 0}"
        if given_up:
            line += f", given up {given_up}"
    missing = stats.get("newscrawl/state/missing_output_articles")
    if missing:
        line += f"; {missing} earlier articles' output files are gone (re-export: -a full=1)"
    output_failures = stats.get("newscrawl/output/failures")
    if output_failures:
        line += "; OUTPUT FAILED: " + "; ".join(output_failures)
    failures = stats.get("newscrawl/monitors/failures")
    if failures:
        line += "; MONITORS FAILED: " + "; ".join(failures)
    elif "newscrawl/monitors/passed" in stats:
        line += f"; monitors passed ({stats['newscrawl/monitors/passed']})"
    return line


class RunSummary:
    """Counts what the feeds exported, and logs the one-line summary at the end."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        require_crawl_run(crawler.settings)
        extension = cls(crawler)
        on_item_scraped(crawler, extension.item_scraped)
        # At engine_stopped the feeds are closed and stored: the line tells their fate.
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def item_scraped(self, item: Any, spider: Spider) -> None:
        kind = record_view(item).get("type", "record")
        self.crawler.stats.inc_value(f"newscrawl/{kind}s")

    def engine_stopped(self) -> None:
        stats = self.crawler.stats.get_stats()
        reason = stats.get("finish_reason", "finished")
        line = f"newscrawl summary ({reason}): {summarise(stats)}"
        logging.getLogger("newscrawl").info(line)
        if not _info_is_logged(self.crawler.settings):
            # LOG_LEVEL=WARNING (or logging off) hides the line: the summary is still due.
            print(line, file=sys.stderr, flush=True)


def _info_is_logged(settings: Any) -> bool:
    """Does the log (stderr, or LOG_FILE) keep INFO lines? If not, the summary is printed to
    stderr (after it a failed run's reason stays the last line)."""
    level = logging.getLevelName(str(settings.get("LOG_LEVEL", "DEBUG")).upper())
    return settings.getbool("LOG_ENABLED", True) and isinstance(level, int) and \
        level <= logging.INFO


class ProgressLog:
    """A progress line every NEWSCRAWL_PROGRESS_INTERVAL seconds (0 turns it off), in the
    units users count: pages, articles new and updated, teasers, errors, and the articles
    the sitemap listed that are still to come."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLog:
        require_crawl_run(crawler.settings)
        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("NEWSCRAWL_PROGRESS_INTERVAL is 0")
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        from twisted.internet import task

        self.task = task.LoopingCall(self.log)
        self.task.start(self.interval, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()

    def log(self) -> None:
        logging.getLogger("newscrawl").info("Progress: %s", progress_line(
            self.crawler.stats.get_stats(), site_crawler(self.crawler.spider)))


def progress_line(stats: dict[str, Any], spider: Any = None) -> str:
    """'pages 120, articles 40 (new 35, updated 5), teasers 800, errors 2, ...'."""
    errors = sum(_prefixed(stats, "newscrawl/errors/").values())
    line = (f"pages {stats.get('response_received_count', 0)}, "
            f"articles {stats.get('newscrawl/articles', 0)} "
            f"(new {stats.get('newscrawl/articles_new', 0)}, "
            f"updated {stats.get('newscrawl/articles_updated', 0)}), "
            f"teasers {stats.get('newscrawl/teasers', 0)}, errors {errors}")
    remaining = spider.remaining_in_sitemap() if spider is not None else None
    if remaining is not None:
        line += f", {remaining} articles listed by the sitemap still to fetch"
    return line


class RunReport:
    """A machine-readable report per run: <NEWSCRAWL_OUTPUT_DIR>/runs/<run-id>.json."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.started_at = datetime.now(UTC)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        require_crawl_run(crawler.settings)
        extension = cls(crawler)
        # After the state extension's engine_stopped (it is ordered before this one).
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    async def engine_stopped(self) -> None:
        spider = self.crawler.spider
        reason = self.crawler.stats.get_value("finish_reason", "finished")
        settings = self.crawler.settings
        run_id = current_run_id(settings)
        path = Path(settings.get("NEWSCRAWL_OUTPUT_DIR")) / "runs" / f"{run_id}.json"
        report = build_report(self.crawler.stats.get_stats(), run_id=run_id, spider=spider,
                              reason=reason, started_at=self.started_at,
                              feeds=list(settings.getdict("FEEDS")))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".json.tmp")
            temporary.write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                 encoding="utf-8")
            temporary.replace(path)  # never a half-written report
        except OSError as error:
            # Where the feeds could not be written the report usually cannot be either;
            # the exit status and the stderr line still say what happened.
            self.crawler.stats.inc_value("newscrawl/output/report_failed")
            logging.getLogger("newscrawl").error("Run report not written: %s: %s", path,
                                                 error.strerror or error)
            return
        logging.getLogger("newscrawl").info("Run report: %s", path)
        if settings.get("NEWSCRAWL_REPORT_URI"):
            await self._store_remote(settings.get("NEWSCRAWL_REPORT_URI"), run_id,
                                     path.read_bytes())

    async def _store_remote(self, template: str, run_id: str, report: bytes) -> None:
        """A copy of the report through Scrapy's feed storage for the URI's scheme (s3://,
        gs://, ftp://, file://...), the same storages and settings FEEDS uses. A failed
        upload fails the run (exit 4): the records are safe, the report is not."""
        spider = self.crawler.spider
        uri = template % {"run_id": run_id, "name": getattr(spider, "name", "newscrawl"),
                          "time": self.started_at.strftime("%Y-%m-%dT%H-%M-%S")}
        shown = safe_url_string_for_log(uri)
        try:
            storages = self.crawler.settings.getwithbase("FEED_STORAGES")
            storage_class = load_object(storages[urlparse(uri).scheme or "file"])
            storage = build_from_crawler(storage_class, self.crawler, uri, feed_options={})
            file = storage.open(spider)
            file.write(report)
            await ensure_awaitable(storage.store(file))
        except Exception as error:  # every storage has its own errors (botocore, ftplib)
            failures = self.crawler.stats.get_value("newscrawl/output/report_failures") or []
            self.crawler.stats.set_value("newscrawl/output/report_failures",
                                         [*failures, f"{shown}: {error}"])
            logging.getLogger("newscrawl").error("Run report not stored at %s: %s", shown,
                                                 error)
            return
        logging.getLogger("newscrawl").info("Run report stored at %s", shown)


def build_report(stats: dict[str, Any], *, run_id: str, spider: Spider, reason: str,
                 started_at: datetime, feeds: list[str]) -> dict[str, Any]:
    crawler_spider = site_crawler(spider)
    arguments = crawler_spider.arguments() if crawler_spider else {}
    return {
        "run_id": run_id,
        "newscrawl_version": __version__,
        "schema_version": schema_version(),
        "spider": spider.name,
        "started_at": iso_utc(started_at),
        "finished_at": iso_utc(datetime.now(UTC)),
        "finish_reason": reason,
        "arguments": arguments,
        "requests": stats.get("downloader/request_count", 0),
        "pages_fetched": stats.get("response_received_count", 0),
        "pages_by_kind": _prefixed(stats, "newscrawl/pages/"),
        "articles": {
            "exported": stats.get("newscrawl/articles", 0),
            "new": stats.get("newscrawl/articles_new", 0),
            "updated": stats.get("newscrawl/articles_updated", 0),
            "unchanged": stats.get("newscrawl/articles_unchanged", 0),
            "known_not_fetched": stats.get("newscrawl/skipped/known", 0),
            "same_story_other_url": stats.get("newscrawl/articles_duplicate_content", 0),
        },
        "teasers": stats.get("newscrawl/teasers", 0),
        "duplicates_dropped": _prefixed(stats, "newscrawl/dropped/duplicate/"),
        "invalid_dropped": stats.get("spidermon/validation/items/dropped", 0),
        "invalid_by_reason": invalid_reasons(stats),
        "errors": _prefixed(stats, "newscrawl/errors/"),
        "skipped": _prefixed(stats, "newscrawl/skipped/"),
        "traps": _prefixed(stats, "newscrawl/traps/"),
        "extraction_layers": _prefixed(stats, "newscrawl/extraction/"),
        "layouts": _prefixed(stats, "newscrawl/layouts/"),
        "fields_by_layer": _fields_by_layer(stats),
        "field_coverage": _prefixed(stats, "newscrawl/coverage/"),
        "pending": {
            "requested_first": stats.get("newscrawl/pending/requested", 0),
            "owed_to_next_run": stats.get("newscrawl/pending/owed", 0),
            "given_up_this_run": stats.get("newscrawl/pending/given_up", 0),
            "given_up_total": stats.get("newscrawl/pending/given_up_total", 0),
        },
        "output": {
            "ok": not stats.get("newscrawl/output/failed"),
            "failures": stats.get("newscrawl/output/failures", []),
            "records_not_written": stats.get("newscrawl/output/unconfirmed", 0),
        },
        "missing_earlier_outputs": {
            "articles": stats.get("newscrawl/state/missing_output_articles", 0),
            "runs": stats.get("newscrawl/state/missing_output_runs", []),
        },
        "monitors": {
            "passed": stats.get("newscrawl/monitors/passed", 0),
            "failed": stats.get("newscrawl/monitors/failed", 0),
            "failures": stats.get("newscrawl/monitors/failures", []),
        },
        "outputs": feeds,
    }


def _fields_by_layer(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """{"authors": {"site": 20, "metadata": 2}, ...} from newscrawl/fields/<field>/<layer>."""
    fields: dict[str, dict[str, int]] = {}
    for key, count in _prefixed(stats, "newscrawl/fields/").items():
        name, _, layer = key.partition("/")
        fields.setdefault(name, {})[layer] = count
    return fields


class _ReportedBySpider(logging.Filter):
    """Drops Scrapy's own lines about failures the spider's errback reports itself."""

    MESSAGES = (
        "larger than download max size",  # http11: DOWNLOAD_MAXSIZE reached
        "Got data loss in",  # http11: body shorter than Content-Length
        "exceeded DOWNLOAD_MAXSIZE",  # httpcompression: decompression bomb
    )

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not any(text in message for text in self.MESSAGES)


class FailureLogOnce:
    """Every failure gets one log line ("Failed <url>: <reason> [<kind>]") from the spider;
    this silences Scrapy's duplicate warnings for the same failures while a crawl runs."""

    LOGGERS = ("scrapy.core.downloader.handlers.http11",
               "scrapy.downloadermiddlewares.httpcompression")

    def __init__(self) -> None:
        self.filter = _ReportedBySpider()
        for name in self.LOGGERS:
            logging.getLogger(name).addFilter(self.filter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailureLogOnce:
        extension = cls()
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeFilter(self.filter)
