"""Scrapy settings for newscrawl. Polite defaults for the live site; see README "Settings"."""

import os

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.crawling.spider"]
NEWSPIDER_MODULE = "newscrawl.crawling"

# An honest user agent that names the project.
USER_AGENT = f"newscrawl/{__version__} (news archive crawler for baodantoc.vn; obeys robots.txt)"

# Politeness: robots.txt, AutoThrottle, few parallel requests, retries with backoff.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
# A page's records go through the pipelines one at a time: they are all synchronous, and
# Scrapy's default (100) starts 100 asyncio tasks per page for nothing (~12% of the CPU).
CONCURRENT_ITEMS = 1
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # a news page is < 1 MB; anything past 10 MB is not one
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# A body shorter than its Content-Length is a failure (retried, then counted "truncated"),
# never an article exported as if it were complete.
DOWNLOAD_FAIL_ON_DATALOSS = True

# Retries (newscrawl.crawling.middlewares.BackoffRetryMiddleware): 404/410 are never retried; a
# retry waits Retry-After (503/429) or NEWSCRAWL_RETRY_BACKOFF_BASE * 2**(n-1) seconds,
# at most NEWSCRAWL_MAX_RETRY_AFTER. The spider logs the final failure once, so Scrapy's
# own "Gave up retrying" line goes to DEBUG.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
NEWSCRAWL_RETRY_BACKOFF_BASE = 1.0
NEWSCRAWL_MAX_RETRY_AFTER = 60.0

# Redirects stay on the site (mirror mode: on the mirror); loops and long chains fail.
REDIRECT_MAX_TIMES = 10

# Traps: a section's "next" pages stop at this many pages, or earlier at a page showing no
# article the section's earlier pages did not. DEPTH_LIMIT (link hops from the start
# pages; pagination steps do not count) is the backstop for any other endless chain.
NEWSCRAWL_MAX_LISTING_PAGES = 500
# Sections walked in one run (the real menu has a few dozen); more is a trap (pages that
# link to a new "section" every day), counted as newscrawl/traps/section_cap.
NEWSCRAWL_MAX_SECTIONS = 200
DEPTH_LIMIT = 50
# Sitemap-listed (and owed) articles wait in a frontier on disk (newscrawl.ops.runkeys) and
# are requested this many at a time, whenever fewer wait in Scrapy's scheduler: memory
# stays flat however large the archive.
NEWSCRAWL_FRONTIER_BATCH = 100
# A .xml.gz sitemap is inflated up to this size (the sitemap protocol's own cap), no more.
NEWSCRAWL_SITEMAP_MAX_BYTES = 50 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19+ opens a code-execution port otherwise

# Breadth-first, so listing pages (and "next" decisions) come before deep article queues.
DEPTH_PRIORITY = 1
# With JOBDIR, pending requests live in SQLite: committed per push/pop, so even a SIGKILL
# leaves a queue the next run can resume from.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoSQLiteQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Publication times before this date, or more than this many days after the fetch, are
# dropped from their record (counted as newscrawl/dropped/value/<field>), never believed.
NEWSCRAWL_EARLIEST_DATE = "1990-01-01"
NEWSCRAWL_MAX_FUTURE_DAYS = 2.0

# Off by default; `-s HTTPCACHE_ENABLED=1` replays pages from .scrapy/httpcache.
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 3600
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

# Scrapy's memory stats collector without the per-lookup cost of its deprecation shim.
STATS_CLASS = "newscrawl.ops.stats.RunStatsCollector"
ITEM_PIPELINES = {
    "newscrawl.output.pipelines.RunIdPipeline": 50,  # run_id on every record
    "newscrawl.output.pipelines.ValidationPipeline": 100,  # JSON Schema (spidermon); drops invalid
    "newscrawl.output.pipelines.DedupePipeline": 200,  # once per URL/content/teaser key in a run
    "newscrawl.ops.incremental.IncrementalPipeline": 300,  # once across runs
    "newscrawl.output.pipelines.ArticleLimitPipeline": 400,  # -a max_articles=N
}
DOWNLOADER_MIDDLEWARES = {
    # Only the site's hosts (or the mirror's) are ever fetched, checked on the final URL.
    "newscrawl.crawling.middlewares.OnlySiteHosts": 10,
    # JOBDIR queue vs. re-walked listings
    "newscrawl.crawling.middlewares.ResumedRequestFilter": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.crawling.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.crawling.middlewares.SiteMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.crawling.middlewares.SiteRedirectMiddleware": 600,
}
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "newscrawl.crawling.middlewares.PaginationDepthMiddleware": 900,
    "newscrawl.crawling.middlewares.CallbackErrorMiddleware": 950,
}
# Order matters: signal handlers run in this order. The exporter (0) confirms records only
# once they are in every feed and on disk, and only then does the state record them; the
# summary and report see the monitors' verdicts and the feeds' fate.
# A progress line (pages, articles new/updated, teasers, errors, what the sitemap still
# lists) every this many seconds; 0 turns it off. Scrapy's own per-minute line stays.
NEWSCRAWL_PROGRESS_INTERVAL = 30.0
EXTENSIONS = {
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newscrawl.output.exports.DurableFeedExporter": 0,
    "newscrawl.ops.incremental.CrawlStateExtension": 100,
    "newscrawl.ops.monitors.CrawlRunSpidermon": 400,
    "newscrawl.ops.reports.RunSummary": 500,
    "newscrawl.ops.reports.ProgressLog": 505,
    "newscrawl.ops.reports.FailureLogOnce": 510,
    "newscrawl.ops.reports.RunReport": 600,
    "newscrawl.ops.archive.ArchiveWriter": 700,  # only with NEWSCRAWL_ARCHIVE
}
# -s NEWSCRAWL_ARCHIVE=DIR: every downloaded response into DIR/<run id>.warc.gz (WARC 1.1).
NEWSCRAWL_ARCHIVE = None
# Exported lines reach the operating system one by one (newscrawl.output.exports.
# LineFlushedFileStorage); local feeds are fsynced at each checkpoint, and the crawl state
# records articles only then (newscrawl.output.exports.DurableFeedExporter).
NEWSCRAWL_CHECKPOINT_ITEMS = 1000
NEWSCRAWL_CHECKPOINT_SECONDS = 5.0
# JSON Lines of records take a direct route (the same bytes as Scrapy's); CSV cells hold
# lists as JSON text; Parquet needs the optional pyarrow (newscrawl[parquet]).
# A CSV or Parquet feed asked for with -o is split per record type (out-articles.csv...).
FEED_EXPORTERS = {
    "jsonlines": "newscrawl.output.exports.RecordJsonLinesItemExporter",
    "jl": "newscrawl.output.exports.RecordJsonLinesItemExporter",
    "csv": "newscrawl.output.exports.JsonCellCsvItemExporter",
    "parquet": "newscrawl.output.exports.ParquetItemExporter",
}
FEED_STORAGES = {
    "": "newscrawl.output.exports.LineFlushedFileStorage",
    "file": "newscrawl.output.exports.LineFlushedFileStorage",
}
# `scrapy crawl` exits non-zero with one line on stderr when a run fails (newscrawl.errors
# lists the statuses). It alone sets NEWSCRAWL_CRAWL_RUN, which turns on the crawl state,
# the default feeds, the run report and the monitors: scrapy parse/check/shell/bench
# never touch them.
COMMANDS_MODULE = "newscrawl.ops.commands"
NEWSCRAWL_CRAWL_RUN = False
# Dropped records are logged by their reason alone (never the whole item); duplicates and
# unchanged articles at DEBUG, invalid records as warnings.
LOG_FORMATTER = "newscrawl.output.logformatter.ReasonOnlyLogFormatter"

# Incremental state (newscrawl/ops/state.py): one SQLite file per spider in this directory.
# A re-run fetches only unknown articles; `-a full=1` recrawls and re-exports everything.
NEWSCRAWL_INCREMENTAL = True
NEWSCRAWL_STATE_DIR = ".newscrawl"
# Or the state in PostgreSQL, shared by every machine that runs the crawl (Scrapyd nodes,
# containers): postgresql://user@host:port/database (psycopg 3: `pip install
# 'newscrawl[postgres]'`; a password is best left to PGPASSWORD or ~/.pgpass). Read from
# the environment variable of the same name too. Empty: the SQLite file above.
NEWSCRAWL_STATE_URL = os.environ.get("NEWSCRAWL_STATE_URL", "")
# A copy of each run report stored through Scrapy's feed storages (s3://, gs://, ftp://,
# file://), e.g. s3://bucket/newscrawl/reports/%(run_id)s.json; %(name)s is the spider,
# %(time)s the run's start (UTC).
# The local report (<NEWSCRAWL_OUTPUT_DIR>/runs/) is always written. Empty: no copy.
NEWSCRAWL_REPORT_URI = ""
# Feeds added to the default ones (FEEDS syntax), e.g. a remote copy of each run's
# articles: {"s3://bucket/newscrawl/articles-%(run_id)s.jsonl": {"format": "jsonlines",
# "item_classes": ["newscrawl.extraction.records.Article"]}}. Unlike -o or FEEDS, the local
# files stay (a killed run's records are read back from them).
NEWSCRAWL_EXTRA_FEEDS: dict = {}
# The machine a run is on (default: its host name). A shared state's killed runs are read
# back, and missing output files reported, by runs of their own machine only.
NEWSCRAWL_NODE = ""
# Listing pages read past the first one that reaches already exported articles.
NEWSCRAWL_KNOWN_PAGES_TOLERANCE = 0
# An article that fails (HTTP error, timeout, no extractable article, invalid record) stays
# pending and is fetched first by later runs; after this many failed runs it is given up,
# logged and reported (`newscrawl state retry` tries the given-up ones again).
NEWSCRAWL_PENDING_MAX_FAILURES = 3
# Another program holding the state file (a backup, the sqlite3 shell) is waited for this
# many seconds; a write that still fails stops the run (exit 6), and the next run picks up
# what it wrote.
NEWSCRAWL_STATE_TIMEOUT = 30.0

# End-of-run monitors (newscrawl/ops/monitors.py, run by spidermon in crawl runs).
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("newscrawl.ops.monitors.RunMonitors",)
NEWSCRAWL_MAX_ERROR_RATE = 0.1
NEWSCRAWL_MIN_FIELD_COVERAGE = 0.95
NEWSCRAWL_COVERAGE_FIELDS = ["published_at", "authors"]
NEWSCRAWL_MAX_FALLBACK_SHARE = 0.2
NEWSCRAWL_MONITOR_MIN_ARTICLES = 20
# Field coverage and fallback share are judged over the last NEWSCRAWL_DRIFT_WINDOW
# exported articles (this run's and earlier runs', kept in the state), and a run of at
# least NEWSCRAWL_DRIFT_MIN_RUN_ARTICLES articles also fails when its own share falls
# more than NEWSCRAWL_DRIFT_TOLERANCE below the earlier articles' share: so an hourly run
# of three articles still notices a field that disappeared.
NEWSCRAWL_DRIFT_WINDOW = 50
NEWSCRAWL_DRIFT_TOLERANCE = 0.5
NEWSCRAWL_DRIFT_MIN_RUN_ARTICLES = 3

# One JSON Lines file per record type (articles.jsonl, teasers.jsonl) in this directory.
# They are added by the spider only when no feed is configured, so `-o`/`-O file.jsonl`
# on the command line (or a FEEDS setting) replaces them.
NEWSCRAWL_OUTPUT_DIR = "output"
# Default for -a mirror (a copy of the site to fetch from), for commands without -a:
# `scrapy check baodantoc -s NEWSCRAWL_MIRROR=http://127.0.0.1:8000`.
NEWSCRAWL_MIRROR = None
SPIDER_CONTRACTS = {
    "newscrawl.crawling.contracts.SiteUrl": 10,
    "newscrawl.crawling.contracts.Teasers": 20,
    "newscrawl.crawling.contracts.Requests": 30,
}
# Teasers each run exports: "all" (every teaser seen on this run's pages, so a run's file
# shows the site's boxes as they were) or "new" (only those no earlier run exported).
NEWSCRAWL_TEASERS = "all"
FEED_EXPORT_ENCODING = "utf-8"

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
