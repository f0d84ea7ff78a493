"""Crawl speed and memory at archive scale, beside `scrapy bench` in the same run.

    python benchmarks/crawl.py [--articles 5000] [--concurrency 16] [--profile] [--no-bench]
                               [--no-floor]
    python benchmarks/crawl.py --baseline CHECKOUT [--rounds 3] [--articles 5000]

Serves the generated demo mirror of N articles from a separate process
(`newscrawl serve --demo N`), runs the real `scrapy crawl baodantoc` against it in a
subprocess with politeness off (no delays, no AutoThrottle) and everything else on
(extraction, validation, pipelines, state, durable exports, monitors), then an immediate
incremental re-run, then Scrapy's floor on the same mirror (benchmarks/floor_spider.py:
its HTML pages downloaded, nothing else), then `scrapy bench` (Scrapy's link-following
spider on its own local server, outside the project) on the same machine. Prints one
table: pages/s, CPU ms per page (user + system of the crawl process), peak RSS, and the
crawl/bench ratio. `--profile` runs the first crawl under cProfile and prints the 15
functions with the most own time. `--baseline CHECKOUT` instead runs that checkout's crawl
and this one's alternately, `--rounds` times, and prints each pair's CPU ms per page and
their ratio: the machine's speed drifts between runs, so only pairs run side by side
compare (`git worktree add /tmp/before REV` makes the checkout). Exit status 0, or 1 when
a crawl fails.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Measure:
    name: str
    pages: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.pages if self.pages else 0.0


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, float, float,
                                                                       float]:
    """(exit status, stderr, wall s, CPU s, peak RSS MB) of one child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    return (process.returncode, text, seconds, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024)


def serve_mirror(articles: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.cli", "serve", "--demo", str(articles), "--port",
         "0"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()  # type: ignore[union-attr]
    match = re.search(r"at (http://127\.0\.0\.1:\d+)", line)
    if not match:
        process.kill()
        raise SystemExit(f"the mirror did not start: {line}")
    return process, match.group(1)


def crawl(name: str, workdir: Path, mirror: str, concurrency: int,
          profile: Path | None = None, extra_settings: tuple[str, ...] = (),
          code: Path = REPO) -> Measure:
    """One crawl of the mirror, with the newscrawl of the checkout `code`."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(code) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    runner = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else [])
    command = [*runner, "-m", "scrapy", "crawl", "baodantoc", "-a", f"mirror={mirror}",
               "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
               "-s", f"CONCURRENT_REQUESTS={concurrency}",
               "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
               "-s", "NEWSCRAWL_MAX_ERROR_RATE=1", "-s", "LOG_LEVEL=WARNING",
               "-s", "NEWSCRAWL_PROGRESS_INTERVAL=0",
               *[arg for setting in extra_settings for arg in ("-s", setting)]]
    status, stderr, seconds, cpu, rss = _run(command, workdir, env)
    if status != 0:
        print(stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{name}: the crawl exited with status {status}")
    report = json.loads(sorted((workdir / "output" / "runs").glob("*.json"))[-1].read_text())
    return Measure(name, report["pages_fetched"], seconds, cpu, rss)


def scrapy_alone(name: str, workdir: Path, arguments: list[str]) -> Measure:
    """`scrapy ARGUMENTS` outside the project (no newscrawl settings), measured from the
    stats Scrapy dumps at the end. CPU is the crawling process's only (a server of its own,
    as scrapy bench's, is another process)."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    status, stderr, _wall, cpu, rss = _run([sys.executable, "-m", "scrapy", *arguments],
                                           workdir, env)
    pages = re.search(r"'response_received_count': (\d+)", stderr)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", stderr)
    if status != 0 or not pages or not elapsed:
        print(stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{name} failed")
    return Measure(name, int(pages.group(1)), float(elapsed.group(1)), cpu, rss)


def bench(workdir: Path, seconds: int) -> Measure:
    """`scrapy bench` (Scrapy's defaults, its own server)."""
    return scrapy_alone("scrapy bench", workdir, [
        "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOGSTATS_INTERVAL=1"])


def floor(workdir: Path, mirror: str, concurrency: int, articles: int) -> Measure:
    """Scrapy alone on the same mirror: its HTML pages downloaded and nothing else done
    (benchmarks/floor_spider.py, the crawl's concurrency): the CPU a page costs before
    any of the crawl's own work."""
    from newscrawl.devtools.mirror import demo_pages

    paths = workdir / "floor-paths.txt"
    paths.write_text("".join(f"{path}\n" for path, page in demo_pages(articles).items()
                             if "html" in page.content_type), encoding="utf-8")
    return scrapy_alone("scrapy floor (download only)", workdir, [
        "runspider", str(REPO / "benchmarks" / "floor_spider.py"), "-a", f"mirror={mirror}",
        "-a", f"paths={paths}", "-s", f"CONCURRENT_REQUESTS={concurrency}",
        "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
        "-s", "TELNETCONSOLE_ENABLED=0", "-s", "LOG_LEVEL=INFO"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16,
                        help="concurrent requests (Scrapy's default, as scrapy bench uses)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for both crawls (to compare choices)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-file", type=Path,
                        help="keep the crawl's cProfile data here (default: thrown away)")
    parser.add_argument("--no-bench", action="store_true")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the floor spider (Scrapy alone on the same mirror)")
    parser.add_argument("--bench-seconds", type=int, default=20)
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="instead: another checkout's crawl and this one's, alternately "
                             "(--rounds times), for a before/after on a noisy machine; e.g. "
                             "git worktree add /tmp/before REV")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.baseline is not None:
        return compare(args.baseline.resolve(), args.articles, args.concurrency, args.rounds,
                       tuple(args.set))

    measures: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as scratch:
        workdir = Path(scratch)
        mirror_process, mirror = serve_mirror(args.articles)
        try:
            profile = (args.profile_file or workdir / "crawl.prof") if args.profile else None
            measures.append(crawl(f"crawl, {args.articles} articles", workdir, mirror,
                                  args.concurrency, profile, tuple(args.set)))
            measures.append(crawl("incremental re-run", workdir, mirror, args.concurrency,
                                  extra_settings=tuple(args.set)))
            if not args.no_floor:
                measures.append(floor(workdir, mirror, args.concurrency, args.articles))
        finally:
            mirror_process.terminate()
            mirror_process.wait(timeout=10)
        if not args.no_bench:
            measures.append(bench(workdir, args.bench_seconds))
        if profile is not None:
            print("Top 15 functions by own time (first crawl):")
            pstats.Stats(str(profile)).sort_stats("tottime").print_stats(15)

    peer = next((m for m in measures if m.name == "scrapy bench"), None)
    print(f"{'run':<28}{'pages':>8}{'pages/s':>10}{'vs bench':>10}{'CPU ms/page':>13}"
          f"{'peak RSS MB':>13}")
    for m in measures:
        ratio = f"{m.pages_per_second / peer.pages_per_second:.2f}" if peer else "-"
        print(f"{m.name:<28}{m.pages:>8}{m.pages_per_second:>10.1f}{ratio:>10}"
              f"{m.cpu_ms_per_page:>13.1f}{m.peak_rss_mb:>13.0f}")
    return 0


def compare(baseline: Path, articles: int, concurrency: int, rounds: int,
            extra_settings: tuple[str, ...]) -> int:
    """The baseline checkout's crawl and this one's, alternately on one mirror (the
    machine's speed drifts between runs: only pairs run side by side compare)."""
    if not (baseline / "newscrawl" / "__init__.py").is_file():
        print(f"--baseline {baseline}: not a newscrawl checkout", file=sys.stderr)
        return 2
    print(f"{'round':<7}{'before ms/page':>16}{'after ms/page':>15}{'after/before':>14}"
          f"{'before pages/s':>16}{'after pages/s':>15}")
    mirror_process, mirror = serve_mirror(articles)
    try:
        for number in range(1, rounds + 1):
            pair = []
            for code in (baseline, REPO):
                with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as scratch:
                    pair.append(crawl(f"{code}", Path(scratch), mirror, concurrency,
                                      extra_settings=extra_settings, code=code))
            before, after = pair
            print(f"{number:<7}{before.cpu_ms_per_page:>16.1f}{after.cpu_ms_per_page:>15.1f}"
                  f"{after.cpu_ms_per_page / before.cpu_ms_per_page:>14.2f}"
                  f"{before.pages_per_second:>16.1f}{after.pages_per_second:>15.1f}")
    finally:
        mirror_process.terminate()
        mirror_process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
