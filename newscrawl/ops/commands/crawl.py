"""`scrapy crawl` as Scrapy runs it, plus an exit status a scheduler can act on.

It marks the run as a crawl run (NEWSCRAWL_CRAWL_RUN: the crawl state, default feeds, run
report and monitors are for crawls only), and ends with the status of newscrawl.errors:
0 ok, 1 refused to start, 2 usage, 3 monitors failed, 4 output not written,
5 interrupted, 6 crawl state not written. Every non-zero status prints one line on stderr
saying why, whatever LOG_LEVEL or LOG_FILE say, so cron mails it (and with LOG_FILE, the
same line ends the log: a Scrapyd job's log then says why).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from newscrawl.errors import (
    EXIT_INTERRUPTED,
    EXIT_MONITORS_FAILED,
    EXIT_OK,
    EXIT_OUTPUT_FAILED,
    EXIT_REFUSED,
    EXIT_STATE_FAILED,
    EXIT_USAGE,
    NewscrawlError,
    UsageProblem,
)

# Finish reasons of a run stopped on purpose by its own settings (not a failure).
_DELIBERATE_STOPS = ("finished", "closespider_")


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            super().process_options(args, opts)
        except UsageError as error:  # e.g. -o without a format: one line, not the help
            _exit_usage(str(error).strip().splitlines()[-1] if str(error).strip() else
                        "bad options")
        assert self.settings is not None
        try:
            check_settings(self.settings)
        except UsageProblem as error:
            _exit_usage(str(error))
        jobdir = self.settings.get("JOBDIR")
        if jobdir and Path(jobdir).exists() and not Path(jobdir).is_dir():
            _exit_usage(f"JOBDIR {jobdir} is not a directory")
        self.settings.set("NEWSCRAWL_CRAWL_RUN", True, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("run one spider: scrapy crawl [options] <spider>")
        assert self.crawler_process
        # Keep the crawler: the process forgets it once it has finished.
        crawler = self._create_crawler(args[0])
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        start_errors: list[BaseException] = []
        _catch_start_error(started, start_errors)
        self.crawler_process.start()
        self.exitcode, message = run_outcome(crawler, start_errors,
                                             self.crawler_process.bootstrap_failed)
        if message:
            print(f"newscrawl: {message}", file=sys.stderr, flush=True)
            if self.settings.get("LOG_FILE"):
                # In the job's log too: Scrapyd keeps a job's stderr only in its own log.
                logging.getLogger("newscrawl").error("newscrawl: %s", message)


def check_settings(settings: Any) -> None:
    """Every setting given on the command line has the type its default has (a number where
    a number is due...), LOG_LEVEL is a level and NEWSCRAWL_EARLIEST_DATE a date: else one
    usage line now, not a traceback or a quietly broken run later."""
    from scrapy.settings import SETTINGS_PRIORITIES, default_settings

    from newscrawl import settings as project_defaults
    from newscrawl.extraction.dates import parse_date

    given = SETTINGS_PRIORITIES["cmdline"]
    for name, attribute in list(settings.attributes.items()):
        if attribute.priority < given:
            continue
        default = getattr(project_defaults, name, getattr(default_settings, name, None))
        getter = {bool: settings.getbool, int: settings.getint,
                  float: settings.getfloat, dict: settings.getdict}.get(type(default))
        if getter is None:
            continue
        try:
            getter(name)
        except (ValueError, TypeError):
            kind = {bool: "1/0, true/false", int: "a whole number", float: "a number",
                    dict: "a JSON object"}
            raise UsageProblem(f"-s {name}={attribute.value!r}: not {kind[type(default)]}"
                               ) from None
    level = str(settings.get("LOG_LEVEL") or "INFO")
    if not (level.isdigit() or level.upper() in logging.getLevelNamesMapping()):
        raise UsageProblem(f"-s LOG_LEVEL={level!r}: not a log level (DEBUG, INFO, WARNING, "
                           "ERROR, CRITICAL)")
    from newscrawl.output.exports import feeds_by_record_type

    feeds_by_record_type(settings.getdict("FEEDS"))  # CSV/Parquet to stdout: refused now
    report_uri = settings.get("NEWSCRAWL_REPORT_URI")
    if report_uri:
        try:
            report_uri % {"run_id": "x", "name": "x", "time": "x"}
        except (KeyError, ValueError, TypeError):
            raise UsageProblem(f"-s NEWSCRAWL_REPORT_URI={report_uri!r}: only %(run_id)s, "
                               "%(name)s and %(time)s can be filled in") from None
    teasers = settings.get("NEWSCRAWL_TEASERS")
    if teasers not in ("all", "new"):
        raise UsageProblem(f"-s NEWSCRAWL_TEASERS={teasers!r}: not all or new")
    earliest = settings.get("NEWSCRAWL_EARLIEST_DATE")
    if earliest and parse_date(str(earliest), fallback=False) is None:
        raise UsageProblem(f"-s NEWSCRAWL_EARLIEST_DATE={earliest!r}: not an ISO date")


def _exit_usage(message: str) -> None:
    print(f"newscrawl: usage error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(EXIT_USAGE)


def _catch_start_error(started: Any, errors: list[BaseException]) -> None:
    """Take a crawl's start-up error for the one-line message (no traceback)."""
    if isinstance(started, Deferred):
        def keep(failure: Failure) -> None:
            errors.append(failure.value)

        started.addErrback(keep)
    elif isinstance(started, asyncio.Future):
        def retrieve(task: asyncio.Future[Any]) -> None:
            if not task.cancelled() and task.exception() is not None:
                errors.append(task.exception())  # type: ignore[arg-type]

        started.add_done_callback(retrieve)


def run_outcome(crawler: Crawler, start_errors: list[BaseException],
                bootstrap_failed: bool) -> tuple[int, str]:
    """(exit status, the stderr line) for a finished `scrapy crawl`."""
    if start_errors:
        error = start_errors[0]
        if isinstance(error, NewscrawlError):
            prefix = "refused to start" if error.exit_status == EXIT_REFUSED else "usage error"
            return error.exit_status, f"{prefix}: {error}"
        if isinstance(error, ValueError | TypeError):
            # A setting or argument of the wrong kind (-s NAME=abc where a number is due).
            return EXIT_USAGE, f"usage error: {error} (check the -s and -a values)"
        return EXIT_REFUSED, f"could not start: {type(error).__name__}: {error}"
    if bootstrap_failed or crawler.stats is None:
        return EXIT_REFUSED, "could not start (see the log above)"
    stats = crawler.stats.get_stats()
    reason = str(stats.get("finish_reason", ""))
    exported = stats.get("newscrawl/articles", 0)
    if stats.get("newscrawl/state/failed"):
        return EXIT_STATE_FAILED, (f"{stats['newscrawl/state/failed']}; the next run picks "
                                   "up what this one wrote")
    if stats.get("newscrawl/output/failed"):
        failures = "; ".join(stats.get("newscrawl/output/failures", []))
        return EXIT_OUTPUT_FAILED, (f"output not written: {failures}; the articles not "
                                    "written stay pending and the next run exports them")
    if stats.get("newscrawl/output/report_failures"):
        return EXIT_OUTPUT_FAILED, ("run report not stored: "
                                    + "; ".join(stats["newscrawl/output/report_failures"])
                                    + " (the records were written)")
    if not reason.startswith(_DELIBERATE_STOPS):
        return EXIT_INTERRUPTED, (f"interrupted ({reason or 'unknown reason'}) after "
                                  f"{exported} articles; run again (with the same JOBDIR "
                                  "to resume) to fetch the rest")
    if stats.get("newscrawl/monitors/failed"):
        return EXIT_MONITORS_FAILED, "monitors failed: " + "; ".join(
            stats.get("newscrawl/monitors/failures", []))
    return EXIT_OK, ""
