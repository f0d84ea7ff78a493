"""Default exports and the file storage behind them.

Each run writes `<output>/articles-<run-id>.jsonl` and `<output>/teasers-<run-id>.jsonl`
(the run's delta, for downstream jobs) and refreshes the stable `<output>/articles.jsonl`
and `<output>/teasers.jsonl` with the same records (for one-off use).
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)

FEED_FILES = {
    "articles": "newscrawl.items.Article",
    "teasers": "newscrawl.items.Teaser",
}


def new_run_id(now: datetime | None = None) -> str:
    """Sortable and unique: 20251116T160000Z-3f9a."""
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def run_file(output_dir: str | Path, kind: str, run_id: str) -> Path:
    return Path(output_dir) / f"{kind}-{run_id}.jsonl"


def default_feeds(output_dir: str | Path = "output",
                  run_id: str | None = None) -> dict[str, dict[str, Any]]:
    """FEEDS: the stable file per record type, plus the per-run file when run_id is given."""
    feeds = {}
    for kind, item_class in FEED_FILES.items():
        paths = [Path(output_dir) / f"{kind}.jsonl"]
        if run_id:
            paths.append(run_file(output_dir, kind, run_id))
        for path in paths:
            feeds[str(path)] = {"format": "jsonlines", "encoding": "utf-8",
                                "item_classes": [item_class], "overwrite": True}
    return feeds


class LineFlushedFileStorage(FileFeedStorage):
    """Local feed files written without a user-space buffer.

    The JSON Lines exporter writes each record with one write() call, so every exported
    line reaches the operating system at once: a killed run (even SIGKILL) leaves every
    exported record on disk, and the crawl state never gets ahead of the output.
    """

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(self.write_mode, buffering=0)


def repair_torn_line(path: Path) -> int:
    """Cut a last line that a killed writer left without its newline; bytes removed."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    if not size:
        return 0
    with path.open("rb+") as file:
        file.seek(-1, 2)
        if file.read(1) == b"\n":
            return 0
        # Walk back to the last complete line.
        position = size
        block = 65536
        keep = 0
        while position > 0:
            start = max(0, position - block)
            file.seek(start)
            chunk = file.read(position - start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            position = start
        file.truncate(keep)
    logger.warning("Repaired %s: removed a torn last line (%d bytes) left by a killed run",
                   path, size - keep)
    return size - keep
