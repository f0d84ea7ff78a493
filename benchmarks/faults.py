"""Three scheduled runs against a faulty mirror: is every article exported exactly once?

A generated mirror of N articles (default 500) is served on 127.0.0.1 with faults:
10% of article pages answer 503 once, 2% hang past DOWNLOAD_TIMEOUT once, one listing
page answers 200 with a bot wall during run 1; run 1 is killed with SIGKILL half-way;
the output directory is read-only during run 2; run 3 runs on a healthy machine. The
sitemap is left out (it lists every article and would hide discovery mistakes) unless
--with-sitemap is given.

    python benchmarks/faults.py [--articles 500] [--with-sitemap]

Prints each run's exit status, pages fetched and articles exported, then the articles
exported exactly once across the three runs' files, the duplicates and the missing ones.
Target: N of N, 0 duplicates, 0 missing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from newscrawl.devtools.demo_site import SECTIONS, demo_articles
from newscrawl.devtools.mirror import MirrorPage, demo_pages, serve

REPO = Path(__file__).resolve().parent.parent
DOWNLOAD_TIMEOUT = 3
BOT_WALL = (b"<html><head><title>Just a moment...</title></head><body><h1>Checking your "
            b"browser</h1><p>Enable JavaScript and cookies to continue.</p></body></html>")


class FaultyPages(Mapping[str, MirrorPage]):
    """The mirror's pages, with each fault served the first time its page is asked for
    (the bot wall: during run 1 only)."""

    def __init__(self, pages: dict[str, MirrorPage], unavailable: set[str], hanging: set[str],
                 bot_wall: str) -> None:
        self.pages = pages
        self.unavailable = set(unavailable)
        self.hanging = set(hanging)
        self.bot_wall = bot_wall
        self.run = 1
        self.lock = threading.Lock()

    def get(self, path: str, default: MirrorPage | None = None) -> MirrorPage | None:
        with self.lock:
            unavailable = path in self.unavailable
            hanging = path in self.hanging
            self.unavailable.discard(path)
            self.hanging.discard(path)
        if hanging:
            time.sleep(DOWNLOAD_TIMEOUT + 1)  # this handler thread only: a hung response
        if unavailable:
            return MirrorPage(b"Service Unavailable", status=503)
        if path == self.bot_wall and self.run == 1:
            return MirrorPage(BOT_WALL)
        return self.pages.get(path, default)

    def __getitem__(self, path: str) -> MirrorPage:
        return self.pages[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.pages)

    def __len__(self) -> int:
        return len(self.pages)


def crawl_command(mirror_url: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "baodantoc", "-a", f"mirror={mirror_url}",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
            "-s", f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}",
            "-s", "NEWSCRAWL_RETRY_BACKOFF_BASE=0.2", "-s", "NEWSCRAWL_MAX_ERROR_RATE=1.0",
            "-s", "LOG_LEVEL=WARNING"]


def exported(output: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted(output.glob("articles-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                counts[json.loads(line)["url"]] += 1
    return counts


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` read-only for a while: a read-only bind mount as root, else permissions."""
    if os.geteuid() == 0:
        subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
        subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["umount", str(path)], check=True)
    else:
        path.chmod(0o555)
        try:
            yield
        finally:
            path.chmod(0o755)


def run(command: list[str], cwd: Path, env: dict[str, str], label: str, mirror_requests: list,
        output: Path, kill_at: int | None = None) -> None:
    before_requests, before = len(mirror_requests), sum(exported(output).values())
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    if kill_at is not None:
        while process.poll() is None and sum(exported(output).values()) < kill_at:
            time.sleep(0.05)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
    _, stderr = process.communicate()
    last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    print(f"| {label} | {process.returncode} | {len(mirror_requests) - before_requests} | "
          f"{sum(exported(output).values()) - before} | {last[:110]} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--with-sitemap", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    pages = demo_pages(args.articles)
    if not args.with_sitemap:
        pages.pop("/sitemap.xml")
    paths = [a.path for a in demo_articles(args.articles)]
    unavailable = set(rng.sample(paths, len(paths) // 10))
    hanging = set(rng.sample(sorted(set(paths) - unavailable), len(paths) // 50))
    bot_wall = f"/{SECTIONS[1][0]}-p3.htm"
    faulty = FaultyPages(pages, unavailable, hanging, bot_wall)
    print(f"{args.articles} articles; {len(unavailable)} answer 503 once, {len(hanging)} hang "
          f"once, {bot_wall} is a bot wall in run 1; sitemap "
          f"{'on' if args.with_sitemap else 'off'}\n")
    print("| run | exit | pages fetched | articles exported | last stderr line |")
    print("|---|---|---|---|---|")
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryDirectory() as directory, serve(faulty) as mirror:
        cwd = Path(directory)
        output = cwd / "output"
        output.mkdir()
        command = crawl_command(mirror.url)
        run(command, cwd, env, "1: SIGKILL half-way", mirror.requests, output,
            kill_at=args.articles // 2)
        faulty.run = 2
        with read_only(output):
            run(command, cwd, env, "2: output read-only", mirror.requests, output)
        faulty.run = 3
        run(command, cwd, env, "3: healthy", mirror.requests, output)
        counts = exported(output)
    wanted = {a.url for a in demo_articles(args.articles)}
    once = sum(1 for url in wanted if counts[url] == 1)
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    missing = len(wanted - set(counts))
    print(f"\nexported exactly once: {once} of {args.articles}; duplicates: {duplicates}; "
          f"missing: {missing}")
    return 0 if once == args.articles and not duplicates else 1


if __name__ == "__main__":
    sys.exit(main())
