"""Kill a crawl in the middle (SIGTERM, SIGINT, SIGKILL), start it again with the same
JOBDIR: the crawl finishes and the union of the runs' outputs holds every article once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, read_jsonl, run_crawl

from newscrawl.devtools.demo_site import demo_articles
from newscrawl.devtools.mirror import demo_pages, serve

ARTICLES = 40


def _start(cwd: Path, mirror_url: str) -> subprocess.Popen:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, "-m", "scrapy", "crawl", "baodantoc", "-a",
               f"mirror={mirror_url}", "-s", "JOBDIR=job", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=2",
               "-s", "NEWSCRAWL_MAX_ERROR_RATE=1.0", "-s", "LOG_FILE=first-run.log"]
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _exported_lines(cwd: Path) -> int:
    return sum(len(f.read_bytes().splitlines()) for f in (cwd / "output").glob("articles-*"))


@pytest.mark.parametrize("kill", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_killed_crawl_resumes_with_every_article_once(tmp_path: Path, kill: int) -> None:
    with serve(demo_pages(ARTICLES), delay=0.1) as mirror:
        process = _start(tmp_path, mirror.url)
        deadline = time.monotonic() + 60
        while _exported_lines(tmp_path) < 5 and time.monotonic() < deadline:
            assert process.poll() is None, "the crawl ended before it could be killed"
            time.sleep(0.05)
        process.send_signal(kill)
        process.wait(timeout=60)
        first = _exported_lines(tmp_path)
        assert 5 <= first < ARTICLES, "killed in the middle"

        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-s", "JOBDIR=job")
    assert result.returncode == 0, result.stderr[-3000:]

    runs = sorted((tmp_path / "output").glob("articles-*.jsonl"))
    assert len(runs) == 2
    for run in runs:
        content = run.read_bytes()
        assert not content or content.endswith(b"\n"), f"torn last line in {run.name}"
    union = Counter(a["url"] for run in runs for a in read_jsonl(run))
    assert set(union) == {a.url for a in demo_articles(ARTICLES)}
    assert max(union.values()) == 1, [u for u, n in union.items() if n > 1]
