"""`scrapy crawl` as Scrapy runs it, plus an exit status a scheduler can act on.

Exit status: 0 when the run finished and every monitor passed; 3 when a monitor failed
(zero articles, error rate, field coverage, fallback share: see newscrawl.monitors);
1 as in Scrapy when the crawler could not start (e.g. another run holds the state).
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

MONITOR_FAILED = 3


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("run one spider: scrapy crawl [options] <spider>")
        assert self.crawler_process
        # Keep the crawler: the process forgets it once it has finished.
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats and crawler.stats.get_value("newscrawl/monitors/failed", 0):
            self.exitcode = MONITOR_FAILED
