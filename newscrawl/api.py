"""newscrawl as a library: extract records from a page, or run a crawl, from Python.

    import newscrawl
    records = newscrawl.extract(html, url="https://baodantoc.vn/slug-1763172240117.htm")
    report = newscrawl.crawling(sections=["tin-tuc"], max_pages=1, output_dir="data")

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


def crawl(output_dir: str | Path = "output", state_dir: str | Path | None = None,
          settings: dict[str, Any] | None = None, cwd: str | Path | None = None,
          **arguments: Any) -> dict[str, Any]:
    """Run the spider and return its run report. `arguments` are the spider's
    (`sections=["tin-tuc"]`, `max_articles=10`, `mirror="http://127.0.0.1:8000"`...),
    checked before the run starts (ValueError naming the bad one); `settings` are Scrapy
    settings (`{"LOG_LEVEL": "WARNING"}`)."""
    given = {name: ",".join(map(str, value)) if isinstance(value, list | tuple) else value
             for name, value in arguments.items() if value is not None}
    given = {name: (int(value) if isinstance(value, bool) else value)
             for name, value in given.items()}
    parse_arguments(given)  # a bad argument is refused here, in the caller's process
    workdir = Path(cwd or os.getcwd())
    output = (workdir / output_dir).resolve()
    command = [sys.executable, "-m", "scrapy", "crawl", "baodantoc",
               "-s", f"NEWSCRAWL_OUTPUT_DIR={output}"]
    if state_dir is not None:
        command += ["-s", f"NEWSCRAWL_STATE_DIR={(workdir / state_dir).resolve()}"]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
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
