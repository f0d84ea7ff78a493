"""The raw-page archive (-s NEWSCRAWL_ARCHIVE), re-extraction and replay, on real crawls
of a local mirror, one of them killed with SIGKILL half-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, read_jsonl, run_crawl

from newscrawl.devtools.mirror import demo_pages, pages_from_archive, serve
from newscrawl.ops.archive import ArchiveReading, read_archive


def _key(record: dict) -> tuple:
    if record["type"] == "article":
        return ("article", record["url"])
    return ("teaser", record["found_on"], record["block"], record["url"])


def _by_key(*paths: Path) -> dict[tuple, dict]:
    records = [r for path in paths for r in read_jsonl(path)]
    keyed = {_key(r): r for r in records}
    assert len(keyed) == len(records), "each record once"
    return keyed


def _reextract(archive: Path, out: Path, jobs: int = 2) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", "reextract", str(archive),
                           "-o", str(out), "--jobs", str(jobs)],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def test_reextraction_gives_the_crawls_records_and_the_archive_replays(tmp_path: Path
                                                                       ) -> None:
    with serve(demo_pages(30)) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", "NEWSCRAWL_ARCHIVE=archive")
    assert result.returncode == 0, result.stderr[-3000:]
    [archive] = sorted((tmp_path / "archive").glob("*.warc.gz"))
    reading = ArchiveReading()
    pages = list(read_archive(archive, reading))
    assert reading.torn is None and len(pages) == reading.records >= 30 + 3
    assert {p.run_id for p in pages} == {archive.name.removesuffix(".warc.gz")}

    again = _reextract(archive, tmp_path / "re")
    assert again.returncode == 0, again.stderr
    assert "30 articles" in again.stderr
    crawled = _by_key(tmp_path / "output" / "articles.jsonl",
                      tmp_path / "output" / "teasers.jsonl")
    reextracted = _by_key(tmp_path / "re" / "articles.jsonl", tmp_path / "re" / "teasers.jsonl")
    assert reextracted == crawled  # every field, run_id included
    assert _reextract(archive, tmp_path / "re1", jobs=1).stdout == ""
    assert _by_key(tmp_path / "re1" / "articles.jsonl",
                   tmp_path / "re1" / "teasers.jsonl") == crawled

    # The archive as a mirror: a crawl of the replay finds the same articles, dated alike.
    replay_dir = tmp_path / "replay"
    replay_dir.mkdir()
    with serve(pages_from_archive(archive)) as replay:
        result = run_crawl(replay_dir, "-a", f"mirror={replay.url}")
    assert result.returncode == 0, result.stderr[-3000:]
    replayed = _by_key(replay_dir / "output" / "articles.jsonl")
    originals = {k: v for k, v in crawled.items() if k[0] == "article"}
    assert set(replayed) == set(originals)
    assert all({**replayed[k], "run_id": None} == {**originals[k], "run_id": None}
               for k in originals)


def test_a_killed_runs_archive_reads_back_what_it_fetched(tmp_path: Path) -> None:
    n = 120
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with serve(demo_pages(n), delay=0.02) as mirror:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "baodantoc", "-a", f"mirror={mirror.url}",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
             "-s", "CONCURRENT_REQUESTS=2", "-s", "NEWSCRAWL_ARCHIVE=archive",
             "-s", "NEWSCRAWL_CHECKPOINT_ITEMS=1", "-s", "LOG_FILE=first-run.log"],
            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        articles = tmp_path / "output" / "articles.jsonl"
        while (not articles.exists() or len(articles.read_bytes().splitlines()) < n // 3) \
                and time.monotonic() < deadline:
            assert process.poll() is None, "the crawl ended before it could be killed"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}",
                           "-s", "NEWSCRAWL_ARCHIVE=archive")
    assert result.returncode == 0, result.stderr[-3000:]
    killed, finished = sorted((tmp_path / "archive").glob("*.warc.gz"))
    runs = [a.name.removesuffix(".warc.gz") for a in (killed, finished)]
    outputs = [_by_key(tmp_path / "output" / f"articles-{run}.jsonl",
                       tmp_path / "output" / f"teasers-{run}.jsonl") for run in runs]
    # Every article exactly once over the two runs.
    exported = [k for out in outputs for k in out if k[0] == "article"]
    assert len(exported) == len(set(exported)) == n

    for archive, out, crawled in zip((killed, finished), ("re-killed", "re-finished"),
                                     outputs, strict=True):
        again = _reextract(archive, tmp_path / out)
        assert again.returncode == 0, again.stderr
        reextracted = _by_key(tmp_path / out / "articles.jsonl",
                              tmp_path / out / "teasers.jsonl")
        if archive is killed:
            # The archive holds every page the killed run fetched: what it had written
            # durably, and what it had not.
            assert crawled.items() <= reextracted.items()
            assert len([k for k in reextracted if k[0] == "article"]) >= len(
                [k for k in crawled if k[0] == "article"])
        else:
            assert reextracted == crawled
