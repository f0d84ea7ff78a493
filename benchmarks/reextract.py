"""Re-extraction speed: pages/s of `newscrawl reextract` with 1 and 2 jobs.

    python benchmarks/reextract.py [--articles 4200]

Crawls the generated demo mirror (served from another process, politeness off) with
-s NEWSCRAWL_ARCHIVE, which gives an archive of about 5,000 pages for 4,200 articles, then
re-extracts that archive with --jobs 1 and --jobs 2 and prints pages/s of each. The
records of both re-extractions are checked equal to the crawl's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.crawl import serve_mirror  # noqa: E402


def _records(directory: Path) -> dict[tuple, dict]:
    records = {}
    for kind in ("articles", "teasers"):
        for line in (directory / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            key = ((record["url"],) if kind == "articles"
                   else (record["found_on"], record["block"], record["url"]))
            records[(kind, *key)] = record
    return records


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4200)
    args = parser.parse_args()
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryDirectory(prefix="newscrawl-reextract-") as scratch:
        work = Path(scratch)
        mirror_process, mirror = serve_mirror(args.articles)
        try:
            crawl = subprocess.run(
                [sys.executable, "-m", "scrapy", "crawl", "baodantoc", "-a", f"mirror={mirror}",
                 "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                 "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
                 "-s", "LOG_LEVEL=WARNING", "-s", "NEWSCRAWL_ARCHIVE=archive"],
                cwd=work, env=env, capture_output=True, text=True, check=False)
        finally:
            mirror_process.terminate()
            mirror_process.wait(timeout=10)
        if crawl.returncode != 0:
            print(crawl.stderr[-3000:], file=sys.stderr)
            return 1
        [archive] = sorted((work / "archive").glob("*.warc.gz"))
        crawled = _records(work / "output")
        print(f"archive: {archive.stat().st_size / 1e6:.1f} MB, crawl of "
              f"{args.articles} articles")
        print(f"{'jobs':>4} {'pages':>7} {'seconds':>8} {'pages/s':>8}")
        for jobs in (1, 2):
            out = work / f"re-{jobs}"
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "newscrawl.cli", "reextract", str(archive), "-o",
                 str(out), "--jobs", str(jobs)], env=env, capture_output=True, text=True,
                check=False)
            seconds = time.perf_counter() - started
            if result.returncode != 0:
                print(result.stderr[-3000:], file=sys.stderr)
                return 1
            pages = int(result.stderr.split("newscrawl reextract: ")[-1].split(" pages")[0])
            same = "records equal the crawl's" if _records(out) == crawled else "DIFFERENT"
            print(f"{jobs:>4} {pages:>7} {seconds:>8.1f} {pages / seconds:>8.1f}  {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
