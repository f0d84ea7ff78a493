"""End-of-run monitors (spidermon): is this run's output trustworthy?

A failed monitor is printed in the run summary, written to the run report and makes
`scrapy crawl` exit with status 3 (newscrawl.commands.crawl). Thresholds are settings:

| setting | default | fails when |
|---|---|---|
| NEWSCRAWL_MAX_ERROR_RATE | 0.1 | failed requests / requests > rate |
| NEWSCRAWL_MIN_FIELD_COVERAGE | 0.95 | share of articles with a field < coverage |
| NEWSCRAWL_COVERAGE_FIELDS | published_at, authors | fields checked |
| NEWSCRAWL_MAX_FALLBACK_SHARE | 0.2 | share of bodies not from the site layer > share |
| NEWSCRAWL_MONITOR_MIN_ARTICLES | 20 | (coverage and fallback monitors need this many) |
"""

from __future__ import annotations

import warnings
from typing import Any

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

# spidermon's runner still logs through the deprecated Spider.log(); its warning would
# show in every run's log though nothing is wrong with ours.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated",
                        module="spidermon")


class _Monitor(Monitor):
    longMessage = False  # report our message alone, not unittest's "a not <= b : ..."


def _stats(monitor: Monitor) -> dict[str, Any]:
    return monitor.data.stats


def _setting(monitor: Monitor, name: str, default: Any) -> Any:
    return monitor.data.crawler.settings.get(name, default)


def _judged_articles(monitor: Monitor) -> int:
    """Articles extracted this run; 0 when too few for a share to mean anything."""
    articles = _stats(monitor).get("newscrawl/extracted/article", 0)
    minimum = int(_setting(monitor, "NEWSCRAWL_MONITOR_MIN_ARTICLES", 20))
    return articles if articles >= max(minimum, 1) else 0


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


@monitors.name("Errors")
class ErrorRateMonitor(_Monitor):
    @monitors.name("error rate")
    def test_error_rate(self) -> None:
        stats = _stats(self)
        errors = sum(v for k, v in stats.items() if k.startswith("newscrawl/errors/"))
        requests = max(stats.get("downloader/request_count", 0), 1)
        limit = float(_setting(self, "NEWSCRAWL_MAX_ERROR_RATE", 0.1))
        rate = errors / requests
        self.assertLessEqual(rate, limit,
                             f"error rate {rate:.1%} ({errors} of {requests}) > {limit:.0%}")


@monitors.name("Field coverage")
class FieldCoverageMonitor(_Monitor):
    @monitors.name("articles with each field")
    def test_field_coverage(self) -> None:
        stats, articles = _stats(self), _judged_articles(self)
        if not articles:
            return
        limit = float(_setting(self, "NEWSCRAWL_MIN_FIELD_COVERAGE", 0.95))
        fields = _setting(self, "NEWSCRAWL_COVERAGE_FIELDS", ("published_at", "authors"))
        if isinstance(fields, str):
            fields = [f.strip() for f in fields.split(",") if f.strip()]
        low = []
        for field in fields:
            share = stats.get(f"newscrawl/coverage/{field}", 0) / articles
            if share < limit:
                low.append(f"{field} {share:.0%}")
        self.assertFalse(low, f"field coverage below {limit:.0%} (markup drift?): "
                              + ", ".join(low))


@monitors.name("Extraction layers")
class FallbackShareMonitor(_Monitor):
    @monitors.name("share of bodies from the fallback layers")
    def test_fallback_share(self) -> None:
        stats, articles = _stats(self), _judged_articles(self)
        if not articles:
            return
        fallback = (stats.get("newscrawl/extraction/metadata", 0)
                    + stats.get("newscrawl/extraction/generic", 0))
        limit = float(_setting(self, "NEWSCRAWL_MAX_FALLBACK_SHARE", 0.2))
        share = fallback / articles
        self.assertLessEqual(share, limit,
                             f"{share:.0%} of bodies came from metadata/generic layers "
                             f"(> {limit:.0%}): the site's selectors no longer match")


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


class RunMonitors(MonitorSuite):
    monitors = [ArticlesMonitor, ErrorRateMonitor, FieldCoverageMonitor, FallbackShareMonitor]
    monitors_finished_actions = [RecordResults]
