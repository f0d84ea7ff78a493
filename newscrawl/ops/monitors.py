"""End-of-run monitors (spidermon): is this run's output trustworthy?

A failed monitor is printed in the run summary, written to the run report and makes
`scrapy crawl` exit with status 3 (newscrawl.ops.commands.crawl). Thresholds are settings:

| setting | default | fails when |
|---|---|---|
| NEWSCRAWL_MAX_ERROR_RATE | 0.1 | failed requests / requests > rate |
| NEWSCRAWL_MIN_FIELD_COVERAGE | 0.95 | share of articles with a field < coverage |
| NEWSCRAWL_COVERAGE_FIELDS | published_at, authors | fields checked |
| NEWSCRAWL_MAX_FALLBACK_SHARE | 0.2 | share of bodies not from the site layer > share |
| NEWSCRAWL_MONITOR_MIN_ARTICLES | 20 | (coverage and fallback need this many in the window) |
| NEWSCRAWL_DRIFT_WINDOW | 50 | (coverage and fallback are judged over the last N articles) |
| NEWSCRAWL_DRIFT_TOLERANCE | 0.5 | this run's share drops this much below earlier ones' |
| NEWSCRAWL_DRIFT_MIN_RUN_ARTICLES | 3 | (the drop is judged on runs of this many) |

The window is kept in the crawl state, so a run of three articles is judged against the
articles before it, not passed unchecked.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.contrib.scrapy.extensions import Spidermon
from spidermon.core.actions import Action

from newscrawl.ops.incremental import require_crawl_run

# spidermon's runner still logs through the deprecated Spider.log(); its warning would
# show in every run's log though nothing is wrong with ours.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated",
                        module="spidermon")


class _Monitor(Monitor):
    longMessage = False  # report our message alone, not unittest's "a not <= b : ..."


def _stats(monitor: Monitor) -> dict[str, Any]:
    return monitor.data.stats


def _setting(monitor: Monitor, name: str) -> Any:
    """A threshold; its default is in newscrawl.settings, nowhere else."""
    return monitor.data.crawler.settings.get(name)


@monitors.name("Articles")
class ArticlesMonitor(_Monitor):
    @monitors.name("the site answered and article pages gave articles")
    def test_articles_extracted(self) -> None:
        stats = _stats(self)
        entry_pages = sum(stats.get(f"newscrawl/pages/{kind}", 0)
                          for kind in ("home", "listing", "rss", "sitemap"))
        article_pages = stats.get("newscrawl/pages/article", 0)
        extracted = stats.get("newscrawl/extracted/article", 0)
        known = stats.get("newscrawl/skipped/known", 0)
        self.assertTrue(entry_pages or article_pages,
                        "zero articles: no home, listing, feed or article page was fetched")
        if article_pages:
            self.assertGreater(extracted, 0,
                               f"zero articles from {article_pages} article pages")
        elif not known:
            self.fail("zero articles: no article page was found")


@monitors.name("Sections")
class SectionsMonitor(_Monitor):
    @monitors.name("every requested section gave a listing")
    def test_requested_sections_listed(self) -> None:
        stats = _stats(self)
        missing = [slug for slug in stats.get("newscrawl/sections/requested", [])
                   if not stats.get(f"newscrawl/sections/listed/{slug}")]
        self.assertFalse(missing, "no listing page for the requested section"
                         f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}: "
                         "misspelt, or not on the site?")


@monitors.name("Errors")
class ErrorRateMonitor(_Monitor):
    @monitors.name("error rate")
    def test_error_rate(self) -> None:
        stats = _stats(self)
        errors = sum(v for k, v in stats.items() if k.startswith("newscrawl/errors/"))
        requests = max(stats.get("downloader/request_count", 0), 1)
        limit = float(_setting(self, "NEWSCRAWL_MAX_ERROR_RATE"))
        rate = errors / requests
        self.assertLessEqual(rate, limit,
                             f"error rate {rate:.1%} ({errors} of {requests}) > {limit:.0%}")


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _drift(monitor: Monitor, run_part: int, window_part: int) -> tuple[float, float] | None:
    """(this run's share, the earlier articles' share) when both samples are big enough
    to compare (NEWSCRAWL_DRIFT_MIN_RUN_ARTICLES, NEWSCRAWL_MONITOR_MIN_ARTICLES)."""
    stats = _stats(monitor)
    run = stats.get("newscrawl/window/run_articles", 0)
    earlier = stats.get("newscrawl/window/articles", 0) - run
    if run < max(int(_setting(monitor, "NEWSCRAWL_DRIFT_MIN_RUN_ARTICLES")), 1):
        return None
    if earlier < max(int(_setting(monitor, "NEWSCRAWL_MONITOR_MIN_ARTICLES")), 1):
        return None
    return _share(run_part, run), _share(window_part - run_part, earlier)


def _window(monitor: Monitor) -> int:
    """Articles in the drift window (this run's and earlier runs' last exported ones); 0
    when too few for a share to mean anything."""
    articles = _stats(monitor).get("newscrawl/window/articles", 0)
    minimum = int(_setting(monitor, "NEWSCRAWL_MONITOR_MIN_ARTICLES"))
    return articles if articles >= max(minimum, 1) else 0


@monitors.name("Field coverage")
class FieldCoverageMonitor(_Monitor):
    @monitors.name("articles with each field")
    def test_field_coverage(self) -> None:
        stats, window = _stats(self), _window(self)
        limit = float(_setting(self, "NEWSCRAWL_MIN_FIELD_COVERAGE"))
        tolerance = float(_setting(self, "NEWSCRAWL_DRIFT_TOLERANCE"))
        fields = _setting(self, "NEWSCRAWL_COVERAGE_FIELDS")
        if isinstance(fields, str):
            fields = [f.strip() for f in fields.split(",") if f.strip()]
        low = []
        for field in fields:
            in_window = stats.get(f"newscrawl/window/coverage/{field}", 0)
            drift = _drift(self, stats.get(f"newscrawl/window/run_coverage/{field}", 0),
                           in_window)
            if drift and drift[1] - drift[0] > tolerance:
                low.append(f"{field} {drift[0]:.0%} in this run against {drift[1]:.0%} "
                           "before")
            elif window and _share(in_window, window) < limit:
                low.append(f"{field} {_share(in_window, window):.0%} of the last {window}")
        self.assertFalse(low, f"field coverage below {limit:.0%} (markup drift?): "
                              + ", ".join(low))


@monitors.name("Extraction layers")
class FallbackShareMonitor(_Monitor):
    @monitors.name("share of bodies from the fallback layers")
    def test_fallback_share(self) -> None:
        stats, window = _stats(self), _window(self)
        limit = float(_setting(self, "NEWSCRAWL_MAX_FALLBACK_SHARE"))
        tolerance = float(_setting(self, "NEWSCRAWL_DRIFT_TOLERANCE"))
        fallback = stats.get("newscrawl/window/fallback", 0)
        drift = _drift(self, stats.get("newscrawl/window/run_fallback", 0), fallback)
        if drift:
            self.assertLessEqual(drift[0] - drift[1], tolerance,
                                 f"{drift[0]:.0%} of this run's bodies came from the "
                                 f"metadata/generic layers against {drift[1]:.0%} before: "
                                 "the site's selectors no longer match")
        if not window:
            return
        share = _share(fallback, window)
        self.assertLessEqual(share, limit,
                             f"{share:.0%} of the last {window} bodies came from "
                             f"metadata/generic layers (> {limit:.0%}): the site's "
                             "selectors no longer match")


class RecordResults(Action):
    """Put the monitors' verdicts into the crawl stats (summary, report, exit status)."""

    def run_action(self) -> None:
        stats = self.data.crawler.stats
        failures = []
        for result in self.result.monitors_failed_results:
            message = (result.error or "").strip().splitlines()
            reason = message[-1].removeprefix("AssertionError: ") if message else "failed"
            failures.append(f"{result.monitor.name}: {reason}")
        stats.set_value("newscrawl/monitors/failed", len(failures))
        stats.set_value("newscrawl/monitors/passed", len(self.result.monitors_passed_results))
        stats.set_value("newscrawl/monitors/failures", failures)


class _FailureWithoutTraceback(logging.Filter):
    """spidermon logs a failed monitor as unittest does, traceback and all; the reason
    (its last line) is what a reader needs, and the run summary repeats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("[Spidermon]") and "Traceback (most recent call last)" in message:
            lines = [line for line in message.splitlines() if line.strip()]
            title = next((line for line in lines if line.startswith(("FAIL:", "ERROR:"))), "")
            reason = lines[-1].removeprefix("AssertionError: ") if lines else ""
            record.msg, record.args = f"[Spidermon] {title} {reason}".strip(), ()
        return True


class CrawlRunSpidermon(Spidermon):
    """spidermon, in crawl runs only (scrapy parse or check would fail "zero articles")."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> Spidermon:
        require_crawl_run(crawler.settings)
        if crawler.spidercls is not None:
            logging.getLogger(crawler.spidercls.name).addFilter(_FailureWithoutTraceback())
        return super().from_crawler(crawler)


class RunMonitors(MonitorSuite):
    monitors = [ArticlesMonitor, SectionsMonitor, ErrorRateMonitor, FieldCoverageMonitor,
                FallbackShareMonitor]
    monitors_finished_actions = [RecordResults]
