"""newscrawl as a library: extract records from a page, or run a crawl, from Python.

    import newscrawl
    records = newscrawl.extract(html, url="https://baodantoc.vn/slug-1763172240117.htm")
    report = newscrawl.crawl(sections=["tin-tuc"], max_pages=1, output_dir="data")

`extract` is the pure extraction the spider uses (no Scrapy, no network). `crawl` runs
`scrapy crawl baodantoc` with the same arguments as `-a name=value` and returns the run
report (output/runs/<run-id>.json); a failed run raises CrawlFailed with its exit status
and the one line it printed. A crawl is a separate process: Twisted's reactor cannot be
restarted in one, so `crawl` can be called any number of times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawl.crawling.arguments import parse_arguments
from newscrawl.errors import UsageProblem
from newscrawl.extraction.page import declared_url, parse_page


class CrawlFailed(RuntimeError):
    """A crawl that exited non-zero (newscrawl.errors lists the statuses)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"crawl failed with exit status {status}: {message}")
        self.status = status
        self.message = message


def extract(html: bytes | str, url: str | None = None,
            fetched_at: datetime | None = None) -> list[dict[str, Any]]:
    """The records of one page, as output-schema.md has them. Without `url` the page's
    own rel=canonical or og:url is used; ValueError when it names none."""
    url = url or declared_url(html)
    if not url:
        raise ValueError("no url given and the page names none (rel=canonical, og:url)")
    return [record.to_dict() for record in parse_page(html, url, fetched_at).records]


_FLAGS = frozenset({"follow", "full"})


def _argument_text(name: str, value: Any) -> str:
    """A keyword argument as `-a name=value` text: lists, tuples and sets comma-joined,
    flags as 1/0; True where a number is due is refused (it is not a number)."""
    if isinstance(value, bool):
        if name not in _FLAGS:
            raise UsageProblem(f"{name}={value!r}: not a number or text")
        return "1" if value else "0"
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(item) for item in (sorted(value) if isinstance(
            value, set | frozenset) else value))
    return str(value)


def crawl(output_dir: str | Path = "output", state_dir: str | Path | None = None,
          settings: dict[str, Any] | None = None, cwd: str | Path | None = None,
          **arguments: Any) -> dict[str, Any]:
    """Run the spider and return its run report. `arguments` are the spider's
    (`sections=["tin-tuc"]`, `max_articles=10`, `mirror="http://127.0.0.1:8000"`...),
    checked before the run starts (ValueError naming the bad one); `settings` are Scrapy
    settings (`{"LOG_LEVEL": "WARNING"}`)."""
    given = {name: _argument_text(name, value) for name, value in arguments.items()
             if value is not None}
    parse_arguments(given)  # a bad argument is refused here, in the caller's process
    workdir = Path(cwd or os.getcwd())
    output = (workdir / output_dir).resolve()
    command = [sys.executable, "-m", "scrapy", "crawl", "baodantoc",
               "-s", f"NEWSCRAWL_OUTPUT_DIR={output}"]
    if state_dir is not None:
        command += ["-s", f"NEWSCRAWL_STATE_DIR={(workdir / state_dir).resolve()}"]
    for name, value in (settings or {}).items():
        # Scrapy reads a dict or list given with -s as JSON (FEEDS, ITEM_PIPELINES...)
        text = json.dumps(value) if isinstance(value, dict | list | tuple) else value
        command += ["-s", f"{name}={text}"]
    for name, value in given.items():
        command += ["-a", f"{name}={value}"]
    before = set((output / "runs").glob("*.json")) if (output / "runs").is_dir() else set()
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings")
    result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise CrawlFailed(result.returncode, lines[-1] if lines else "no message")
    reports = sorted(set((output / "runs").glob("*.json")) - before)
    if not reports:
        raise CrawlFailed(0, f"the run wrote no report under {output / 'runs'}")
    return json.loads(reports[-1].read_text(encoding="utf-8"))
