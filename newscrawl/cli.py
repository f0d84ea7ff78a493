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

from newscrawl.extraction.dates import parse_iso
from newscrawl.output.exports import FEED_FILES


def _error(message: str) -> int:
    print(f"newscrawl: error: {message}", file=sys.stderr)
    return 2


def cmd_extract(args: argparse.Namespace) -> int:
    from newscrawl.extraction.page import parse_page

    path = Path(args.page)
    try:
        body = path.read_bytes()
    except OSError as error:
        return _error(f"cannot read {path}: {error.strerror or error}")
    fetched_at = datetime.now(UTC)
    if args.fetched_at:
        parsed = parse_iso(args.fetched_at)
        if parsed is None:
            return _error(f"--fetched-at is not an ISO 8601 time: {args.fetched_at!r}")
        fetched_at = parsed
    page = parse_page(body, args.url, fetched_at)
    if not page.records:
        return _error(f"no records in {path}: {page.problem or 'nothing recognisable on the page'}")
    for record in page.records:
        print(json.dumps(record.to_dict(), ensure_ascii=False))
    if page.problem:
        print(f"newscrawl: warning: {page.problem}", file=sys.stderr)
    return 0


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
    for kind in FEED_FILES:
        file = output / f"{kind}.jsonl"
        count = sum(1 for line in file.open(encoding="utf-8") if line.strip()) \
            if file.exists() else 0
        print(f"{file}: {count} records")
    return 0


def _state_location(args: argparse.Namespace) -> tuple[Path, str]:
    if args.dir:
        return Path(args.dir), args.spider
    from scrapy.utils.project import get_project_settings

    return Path(get_project_settings().get("NEWSCRAWL_STATE_DIR")), args.spider


def cmd_state(args: argparse.Namespace) -> int:
    from newscrawl.ops.state import CrawlState, StateError, reset_state, state_path

    directory, name = _state_location(args)
    try:
        if args.action == "reset":
            moved = reset_state(directory, name)
            if not moved:
                print(f"No state in {directory}: nothing to reset")
            for path in moved:
                print(f"Moved aside: {path}")
            if moved:
                print("The next run starts afresh and exports every article again.")
            return 0
        if not state_path(directory, name).exists():
            return _error(f"no state at {state_path(directory, name)}")
        state = CrawlState(directory, name)
    except StateError as error:
        return _error(str(error))
    try:
        if args.action == "retry":
            print(f"{state.retry_given_up()} given-up articles will be fetched again by "
                  "the next run")
            return 0
        counts = state.counts()
        print(f"State {state.path}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        for title, rows in (("pending", state.pending()),
                            ("given up", state.pending(given_up=True))):
            for row in rows[: args.limit]:
                print(f"{title}\t{row.url}\tfailures {row.failures}\t{row.last_error or ''}")
    finally:
        state.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print a saved page's records as JSON Lines")
    extract.add_argument("page", help="path of a saved HTML page (or RSS feed)")
    extract.add_argument("--url", required=True, help="the page's URL (canonicalised)")
    extract.add_argument("--fetched-at", help="ISO 8601 fetch time (default: now, UTC)")
    extract.set_defaults(handler=cmd_extract)

    demo = commands.add_parser("demo", help="crawl the embedded offline mirror into output/")
    demo.add_argument("--output", default="output", help="directory for the JSONL files")
    demo.add_argument("--articles", type=int, default=15, help="articles in the mirror")
    demo.add_argument("--log-level", default="WARNING", help="Scrapy log level")
    demo.set_defaults(handler=cmd_demo)

    state = commands.add_parser(
        "state", help="show, retry or reset the crawl state (what runs exported and owe)")
    state.add_argument("action", choices=["show", "retry", "reset"],
                       help="show: counts and pending articles; retry: give given-up "
                            "articles another chance; reset: move the state aside so the "
                            "next run starts afresh (and exports everything again)")
    state.add_argument("--dir", help="state directory (default: NEWSCRAWL_STATE_DIR)")
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
