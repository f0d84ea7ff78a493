"""`newscrawl` command line: extract one saved page, or run the offline demo crawl."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawl import __version__
from newscrawl.extraction.dates import parse_iso
from newscrawl.output.exports import FEED_FILES


def _schema_version() -> str:
    from newscrawl.output.pipelines import schema_version

    return schema_version()


def _error(message: str) -> int:
    print(f"newscrawl: error: {message}", file=sys.stderr)
    return 2


# Saved pages a directory run reads (gzip-compressed ones too).
_PAGE_SUFFIXES = (".htm", ".html", ".xml", ".rss", ".htm.gz", ".html.gz", ".xml.gz", ".rss.gz")


def _read_page(source: str) -> bytes:
    """A saved page's bytes: a file, `-` for stdin, `.gz` inflated (capped like a download)."""
    from newscrawl.crawling.guards import gunzip_capped
    from newscrawl.settings import DOWNLOAD_MAXSIZE

    body = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    if body[:2] == b"\x1f\x8b":
        body = gunzip_capped(body, DOWNLOAD_MAXSIZE)
    return body


def _extract_one(job: tuple[str, str | None, str | None]) -> tuple[str, list[str], str | None]:
    """(source, JSON lines, problem) for one page; never raises (a worker of --jobs)."""
    from newscrawl.extraction.page import declared_url, parse_page

    source, url, fetched = job
    try:
        body = _read_page(source)
    except (OSError, ValueError) as error:
        return source, [], f"cannot read: {getattr(error, 'strerror', None) or error}"
    url = url or declared_url(body)
    if not url:
        return source, [], "no --url given and the page names none (rel=canonical, og:url)"
    page = parse_page(body, url, parse_iso(fetched) if fetched else None)
    lines = [json.dumps(record.to_dict(), ensure_ascii=False) for record in page.records]
    if not lines:
        return source, [], page.problem or "nothing recognisable on the page"
    return source, lines, page.problem


def cmd_extract(args: argparse.Namespace) -> int:
    if args.fetched_at and parse_iso(args.fetched_at) is None:
        return _error(f"--fetched-at is not an ISO 8601 time: {args.fetched_at!r}")
    fetched = args.fetched_at or datetime.now(UTC).isoformat()
    if args.jobs < 1:
        return _error(f"--jobs needs 1 or more, not {args.jobs}")
    sources = [args.page]
    if args.page != "-" and Path(args.page).is_dir():
        sources = sorted(str(p) for p in Path(args.page).rglob("*")
                         if p.is_file() and p.name.lower().endswith(_PAGE_SUFFIXES))
        if not sources:
            return _error(f"no saved pages (*.htm, *.html, *.xml, *.rss, .gz) in {args.page}")
        if args.url:
            return _error("--url names one page; a directory's pages name their own")
    elif args.page != "-" and not Path(args.page).exists():
        return _error(f"cannot read {args.page}: no such file or directory")
    jobs = [(source, args.url, fetched) for source in sources]
    failed = 0
    if args.jobs > 1 and len(jobs) > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            results = pool.imap(_extract_one, jobs, chunksize=4)  # in file order
            failed = _print_results(results, single=False)
    else:
        failed = _print_results(map(_extract_one, jobs), single=len(jobs) == 1)
    if len(jobs) == 1 and failed:
        return 2
    if failed:
        print(f"newscrawl: warning: {failed} of {len(jobs)} pages gave no records",
              file=sys.stderr)
    return 0


def _print_results(results: Any, single: bool) -> int:
    """Print each page's JSON lines as they come; one stderr line per page without records
    (an error when it is the only page); the number of those."""
    failed = 0
    for source, lines, problem in results:
        for line in lines:
            print(line)
        if not lines:
            failed += 1
            name = "stdin" if source == "-" else source
            print(f"newscrawl: {'error' if single else 'warning'}: no records in {name}: "
                  f"{problem}", file=sys.stderr)
        elif problem:
            print(f"newscrawl: warning: {problem}", file=sys.stderr)
    return failed


def cmd_demo(args: argparse.Namespace) -> int:
    from newscrawl.devtools.mirror import demo_pages, serve

    output = Path(args.output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    pages = demo_pages(args.articles)
    with serve(pages) as mirror, tempfile.TemporaryDirectory() as state_dir:
        print(f"Serving the embedded mirror ({len(pages)} pages) at {mirror.url}")
        command = [
            sys.executable, "-m", "scrapy", "crawl", "baodantoc",
            "-a", f"mirror={mirror.url}",
            # A loopback mirror needs no politeness delays.
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
            "-s", f"NEWSCRAWL_OUTPUT_DIR={output}",
            # The demo always shows the whole mirror: a throw-away state, not yours.
            "-s", f"NEWSCRAWL_STATE_DIR={state_dir}",
            "-s", f"LOG_LEVEL={args.log_level}",
        ]
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings")
        result = subprocess.run(command, env=env, check=False)
    if result.returncode != 0:
        return _error(f"the crawl exited with status {result.returncode}")
    what = {"articles": "full articles: title, body, authors, dates, section, tags, images",
            "teasers": "article stubs seen on the pages: title, url, found_on, block"}
    print("\nThe files (JSON Lines: one JSON record a line; fields in "
          "newscrawl/output/schemas/records.schema.json):")
    for kind in FEED_FILES:
        file = output / f"{kind}.jsonl"
        count = sum(1 for line in file.open(encoding="utf-8") if line.strip()) \
            if file.exists() else 0
        print(f"  {file}: {count} records ({what[kind]})")
    print(f"  {output}/articles-<run-id>.jsonl, teasers-<run-id>.jsonl: this run's records "
          f"alone; {output}/runs/<run-id>.json: the run report")
    print("\nNext, try:\n"
          "  .venv/bin/newscrawl serve --demo 15       # the demo site on 127.0.0.1:8000; then\n"
          "  .venv/bin/scrapy crawl baodantoc -a mirror=http://127.0.0.1:8000 "
          "-a max_articles=5\n"
          "  .venv/bin/newscrawl extract PAGE.htm      # one saved page's records\n"
          "  .venv/bin/newscrawl compact               # every run so far in output/dataset/\n"
          "  .venv/bin/scrapy crawl baodantoc -a sections=tin-tuc -a max_pages=1  "
          "# the live site")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import time

    from newscrawl.devtools.mirror import (
        demo_pages,
        pages_from_archive,
        pages_from_directory,
        serve,
    )

    if not 0 <= args.port <= 65535:
        return _error(f"--port must be 0-65535, not {args.port}")
    if (args.path is None) == (args.demo is None):
        return _error("serve needs a directory (a saved copy of the site) or --demo N")
    if args.demo is not None:
        if args.demo < 1:
            return _error(f"--demo needs 1 or more articles, not {args.demo}")
        pages, what = demo_pages(args.demo), f"the demo site ({args.demo} articles)"
    else:
        try:
            if args.path.endswith((".warc", ".warc.gz")):
                pages = pages_from_archive(Path(args.path))
            else:
                pages = pages_from_directory(Path(args.path))
        except (OSError, ValueError, KeyError) as error:
            return _error(f"cannot serve {args.path}: {error}")
        if not pages:
            return _error(f"nothing to serve in {args.path}")
        what = f"{args.path} ({len(pages)} files)"
    try:
        server = serve(pages, port=args.port)
        mirror = server.__enter__()
    except OSError as error:
        return _error(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror or error}")
    print(f"Serving {what} at {mirror.url} (Ctrl-C stops). Crawl it with:\n"
          f"  scrapy crawl baodantoc -a mirror={mirror.url} "
          "-s AUTOTHROTTLE_ENABLED=0 -s DOWNLOAD_DELAY=0", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        server.__exit__(None, None, None)


def cmd_reextract(args: argparse.Namespace) -> int:
    from newscrawl.ops.reextract import print_progress, reextract

    archives = [Path(a) for a in args.archives]
    missing = [str(a) for a in archives if not a.is_file()]
    if missing:
        return _error(f"no such archive: {', '.join(missing)}")
    if args.jobs < 0:
        return _error(f"--jobs must be 0 (all cores) or more, not {args.jobs}")
    try:
        summary = reextract(archives, Path(args.output), args.jobs, print_progress)
    except OSError as error:
        return _error(f"cannot re-extract into {args.output}: {error.strerror or error}")
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(summary.skipped.items()))
    dropped = ", ".join(f"{k} {v}" for k, v in sorted(summary.dropped.items()))
    print(f"newscrawl reextract: {summary.pages} pages, {summary.articles} articles, "
          f"{summary.teasers} teasers into {args.output}"
          + (f"; not extracted: {skipped}" if skipped else "")
          + (f"; dropped: {dropped}" if dropped else ""), file=sys.stderr)
    for torn in summary.torn:
        print(f"newscrawl reextract: {torn} (a killed run's last record; everything "
              "before it was read)", file=sys.stderr)
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    from newscrawl.ops.compact import compact

    if args.keep_days is not None and args.keep_days < 0:
        return _error(f"--keep-days needs 0 or more, not {args.keep_days}")
    try:
        result = compact(args.output, keep_days=args.keep_days)
    except OSError as error:
        return _error(f"cannot compact {args.output}: {error.strerror or error}")
    print(f"{result.dataset / 'articles.jsonl'}: {result.articles} articles (latest revision "
          f"of each)\n{result.dataset / 'teasers.jsonl'}: {result.teasers} teasers (once per "
          f"page, block and link, with first_seen/last_seen)\nfrom {result.runs} runs' files"
          + (f"; {len(result.deleted)} per-run files older than {args.keep_days} days deleted"
             if args.keep_days is not None else ""))
    if result.unreadable_lines:
        print(f"newscrawl: warning: {result.unreadable_lines} unreadable lines skipped (torn "
              "lines of killed runs)", file=sys.stderr)
    return 0


def _state_location(args: argparse.Namespace) -> tuple[Path | None, str | None, str]:
    """(SQLite directory, PostgreSQL URL, spider): --url, else --dir, else the settings'
    NEWSCRAWL_STATE_URL, else their NEWSCRAWL_STATE_DIR."""
    if args.url:
        return None, args.url, args.spider
    if args.dir:
        return Path(args.dir), None, args.spider
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    if settings.get("NEWSCRAWL_STATE_URL"):
        return None, settings.get("NEWSCRAWL_STATE_URL"), args.spider
    return Path(settings.get("NEWSCRAWL_STATE_DIR")), None, args.spider


def cmd_state(args: argparse.Namespace) -> int:
    from newscrawl.ops.state import CrawlState, StateError
    from newscrawl.ops.state_db import missing_state, reset_state_at
    from newscrawl.output.exports import safe_url_string_for_log

    directory, url, name = _state_location(args)
    try:
        if args.action == "reset":
            moved = reset_state_at(directory, url, name)
            if not moved:
                where = safe_url_string_for_log(url) if url else directory
                print(f"No state at {where}: nothing to reset")
            for place in moved:
                print(f"Moved aside: {place}")
            if moved:
                print("The next run starts afresh and exports every article again.")
            return 0
        if args.action == "import":
            return _state_import(args, directory, url, name)
        missing = missing_state(directory, url, name)
        if missing is not None:
            return _error(f"no state at {missing}")
        state = CrawlState(directory, name, url=url)
    except StateError as error:
        return _error(str(error))
    try:
        if args.action == "export":
            return _state_export(args, state, name)
        if args.action == "retry":
            retried = state.retry_given_up()
            if state.failure is None:
                print(f"{retried} given-up articles will be fetched again by the next run")
        else:
            counts = state.counts()
            lines = [f"State {state.location}: "
                     + ", ".join(f"{k} {v}" for k, v in counts.items())]
            for title, rows in (("pending", state.pending()),
                                ("given up", state.pending(given_up=True))):
                lines.extend(f"{title}\t{row.url}\tfailures {row.failures}\t"
                             f"{row.last_error or ''}" for row in rows[: args.limit])
            if state.failure is None:
                print("\n".join(lines))
        if state.failure is not None:  # a read or write failed: said, not half shown
            return _error(state.failure)
    except state.db.errors as error:
        return _error(f"crawl state {state.location} failed: {state.db.describe(error)}")
    finally:
        state.close()
    return 0


def _state_export(args: argparse.Namespace, state: Any, name: str) -> int:
    from newscrawl.ops.state_transfer import export_state

    if not args.file or args.file == "-":
        counts = export_state(state, sys.stdout, name)
    else:
        target = Path(args.file)
        partial = target.with_name(target.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as out:
                counts = export_state(state, out, name)
                os.fsync(out.fileno())
            partial.replace(target)  # a complete export or none
        except OSError as error:
            partial.unlink(missing_ok=True)
            return _error(f"cannot write {target}: {error.strerror or error}")
    print(f"Exported {state.location}: " + ", ".join(f"{t} {n}" for t, n in counts.items()),
          file=sys.stderr)
    return 0


def _state_import(args: argparse.Namespace, directory: Path | None, url: str | None,
                  name: str) -> int:
    from newscrawl.ops.state import CrawlState, StateError
    from newscrawl.ops.state_transfer import import_state

    if not args.file:
        return _error("state import needs the export file (or - for stdin)")
    try:
        source = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        return _error(f"cannot read {args.file}: {error.strerror or error}")
    with source:
        state = CrawlState(directory, name, url=url)
        try:
            counts = import_state(state, source)
        except StateError as error:
            return _error(str(error))
        except (UnicodeDecodeError, *state.db.errors) as error:
            return _error(f"{args.file} could not be imported into {state.location} "
                          f"(nothing was imported): {error}")
        finally:
            state.close()
    print(f"Imported into {state.location}: "
          + ", ".join(f"{t} {n}" for t, n in counts.items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__)
    parser.add_argument("--version", action="version",
                        version=f"newscrawl {__version__} (output schema {_schema_version()})")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser(
        "extract", help="print saved pages' records as JSON Lines (a file, - for stdin, "
                        ".gz, or a directory)")
    extract.add_argument("page", help="a saved HTML page or RSS feed, `-` for stdin, a .gz "
                                      "file, or a directory of pages (one JSON Lines stream)")
    extract.add_argument("--url", help="the page's URL (default: its rel=canonical or og:url)")
    extract.add_argument("--fetched-at", help="ISO 8601 fetch time (default: now, UTC)")
    extract.add_argument("--jobs", type=int, default=1,
                         help="pages extracted in parallel for a directory (default 1)")
    extract.set_defaults(handler=cmd_extract)

    demo = commands.add_parser("demo", help="crawl the embedded offline mirror into output/")
    demo.add_argument("--output", default="output", help="directory for the JSONL files")
    demo.add_argument("--articles", type=int, default=15, help="articles in the mirror")
    demo.add_argument("--log-level", default="WARNING", help="Scrapy log level")
    demo.set_defaults(handler=cmd_demo)

    serve = commands.add_parser(
        "serve", help="serve a saved copy of the site (or the demo site) on 127.0.0.1")
    serve.add_argument("path", nargs="?",
                       help="directory laid out by URL path, with an optional manifest.json "
                            "of fetch times (sent as Date headers), or a run's WARC archive "
                            "(.warc.gz, -s NEWSCRAWL_ARCHIVE) to replay")
    serve.add_argument("--demo", type=int, metavar="N",
                       help="serve the generated demo site of N articles instead")
    serve.add_argument("--port", type=int, default=8000,
                       help="port on 127.0.0.1 (default %(default)s; 0 picks a free one)")
    serve.set_defaults(handler=cmd_serve)

    reextract = commands.add_parser(
        "reextract", help="run today's extraction over archived pages (no network)")
    reextract.add_argument("archives", nargs="+", metavar="ARCHIVE",
                           help="WARC files a crawl wrote with -s NEWSCRAWL_ARCHIVE=DIR")
    reextract.add_argument("-o", "--output", default="output/reextract",
                           help="directory for articles.jsonl and teasers.jsonl "
                                "(default %(default)s; replaced)")
    reextract.add_argument("--jobs", type=int, default=0,
                           help="parallel workers (default 0: one per core)")
    reextract.set_defaults(handler=cmd_reextract)

    compact = commands.add_parser(
        "compact", help="build the cumulative dataset (output/dataset/) from the per-run files")
    compact.add_argument("--output", default="output",
                         help="the crawl's output directory (default %(default)s)")
    compact.add_argument("--keep-days", type=int, metavar="N",
                         help="then delete per-run files of runs older than N days (the "
                              "latest run's are always kept)")
    compact.set_defaults(handler=cmd_compact)

    state = commands.add_parser(
        "state", help="show, retry or reset the crawl state (what runs exported and owe)")
    state.add_argument("action", choices=["show", "retry", "reset", "export", "import"],
                       help="show: counts and pending articles; retry: give given-up "
                            "articles another chance; reset: move the state aside so the "
                            "next run starts afresh (and exports everything again); "
                            "export [FILE]: the whole state as JSON Lines (stdout by "
                            "default); import FILE: load an export into an empty state "
                            "(SQLite and PostgreSQL either way)")
    state.add_argument("file", nargs="?", help="export/import: the JSON Lines file (- for "
                                               "stdout/stdin)")
    state.add_argument("--dir", help="state directory (default: NEWSCRAWL_STATE_DIR)")
    state.add_argument("--url", help="PostgreSQL state, postgresql://user@host:port/db "
                                     "(default: NEWSCRAWL_STATE_URL)")
    state.add_argument("--spider", default="baodantoc", help="spider name (default %(default)s)")
    state.add_argument("--limit", type=int, default=50, help="rows listed by show")
    state.set_defaults(handler=cmd_state)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except BrokenPipeError:
        # `newscrawl extract … | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
