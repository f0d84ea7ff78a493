"""Requests made by scheduled runs against a generated mirror of the site.

    python benchmarks/incremental.py [--articles 2000] [--new 20]

Three runs of the real spider, each a `scrapy crawl` process, sharing one crawl state:
a full first run, an immediate second run, and a run after --new articles appear.
Targets: the second run fetches no article page and at most one listing page per section
plus the feeds; the third fetches the new articles plus the listing pages that show them.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawl.devtools.demo_site import SECTIONS  # noqa: E402
from newscrawl.devtools.mirror import demo_pages, serve  # noqa: E402

ARTICLE = re.compile(r"-\d{13}\.htm$")
LISTING = re.compile(r"-p\d+\.htm$")


def crawl(cwd: Path, mirror_url: str) -> float:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scrapy", "crawl", "baodantoc", "-a",
                    f"mirror={mirror_url}", "-s", "AUTOTHROTTLE_ENABLED=False",
                    "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=16",
                    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING"],
                   cwd=cwd, env=env, check=True)
    return time.perf_counter() - started


def describe(paths: list[str]) -> dict[str, int]:
    return {
        "requests": len(paths),
        "articles": sum(1 for p in paths if ARTICLE.search(p)),
        "listings": sum(1 for p in paths if LISTING.search(p)),
        "other": sum(1 for p in paths if not ARTICLE.search(p) and not LISTING.search(p)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--new", type=int, default=20)
    args = parser.parse_args()
    pages = demo_pages(args.articles)
    rows = []
    with tempfile.TemporaryDirectory() as cwd, serve(pages) as mirror:
        for name in ("first run (full)", "second run, nothing new", f"after {args.new} new"):
            if name.startswith("after"):
                pages.clear()
                pages.update(demo_pages(args.articles + args.new))
            before = len(mirror.requests)
            seconds = crawl(Path(cwd), mirror.url)
            rows.append((name, describe(mirror.requests[before:]), seconds))
    print(f"mirror: {args.articles} articles in {len(SECTIONS)} sections, 5 per listing page")
    print(f"{'run':<26}{'requests':>9}{'articles':>9}{'listings':>9}{'other':>7}{'seconds':>9}")
    for name, counts, seconds in rows:
        print(f"{name:<26}{counts['requests']:>9}{counts['articles']:>9}{counts['listings']:>9}"
              f"{counts['other']:>7}{seconds:>9.1f}")
    second, third = rows[1][1], rows[2][1]
    print(f"second run: {second['articles']} article pages (target 0), {second['listings']} "
          f"listing pages (target <= {len(SECTIONS)})")
    print(f"after {args.new} new: {third['articles']} article pages (target {args.new}), "
          f"{third['listings']} listing pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
