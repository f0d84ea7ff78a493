"""`newscrawl compact`: one cumulative dataset from the per-run files.

Every run writes its delta (`articles-<run-id>.jsonl`, `teasers-<run-id>.jsonl`); a
downstream job that wants "everything so far" reads `<output>/dataset/` instead:

- `articles.jsonl`: every article once, at its latest revision (a higher `revision` wins;
  the same revision from a later run replaces an earlier one);
- `teasers.jsonl`: every teaser once per (`found_on`, `block`, `url`), the first sighting's
  record with `first_seen` and `last_seen` (fetch times) added.

Compaction reads the existing dataset and every per-run file, so it can be run after every
crawl, or once a week, and gives the same dataset either way; each file is replaced
atomically (written beside it, fsynced, renamed). With `keep_days`, per-run files of runs
older than that (by run id) are deleted once the new dataset is in place; the latest run's
files are always kept. A torn last line (a killed run) is skipped and counted.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

_RUN_FILE = re.compile(r"^(articles|teasers)-(\d{8}T\d{6}\d{3}Z-[0-9a-f]{4})\.jsonl$")


@dataclass
class CompactionResult:
    articles: int = 0
    teasers: int = 0
    runs: int = 0
    unreadable_lines: int = 0
    deleted: list[Path] = field(default_factory=list)
    dataset: Path = Path()


COMPACTED_RUNS = "compacted-runs.json"


def compacted_runs(output_dir: Path) -> set[str]:
    """Run ids whose records `<output_dir>/dataset/` holds (empty when never compacted)."""
    try:
        data = json.loads((output_dir / "dataset" / COMPACTED_RUNS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(run) for run in data.get("runs", [])} if isinstance(data, dict) else set()


def run_files(output_dir: Path) -> list[tuple[str, str, Path]]:
    """(run id, kind, path) of every per-run file, oldest run first."""
    found = []
    for path in output_dir.glob("*-*.jsonl"):
        match = _RUN_FILE.match(path.name)
        if match:
            found.append((match.group(2), match.group(1), path))
    return sorted(found)


def _records(path: Path, result: CompactionResult) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                result.unreadable_lines += 1
                continue
            if not isinstance(record, dict) or not isinstance(record.get("url"), str) or \
                    not isinstance(record.get("revision", 1), int | None):
                result.unreadable_lines += 1  # not a record of ours
                continue
            yield record


def _write_atomically(path: Path, records: Iterator[dict[str, Any]]) -> int:
    temporary = path.with_name(f".{path.name}.new")
    count = 0
    try:
        with temporary.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk leaves the old dataset, whole
        raise
    return count


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _newer(record: dict[str, Any], kept: dict[str, Any]) -> bool:
    revision, kept_revision = record.get("revision") or 1, kept.get("revision") or 1
    if revision != kept_revision:
        return revision > kept_revision
    return str(record.get("run_id") or "") >= str(kept.get("run_id") or "")


def compact(output_dir: str | Path, keep_days: int | None = None,
            now: datetime | None = None) -> CompactionResult:
    """Build (or refresh) `<output_dir>/dataset/` from the per-run files; see the module."""
    output = Path(output_dir)
    if not output.is_dir():
        raise FileNotFoundError(f"no output directory {output}")
    dataset = output / "dataset"
    dataset.mkdir(exist_ok=True)
    result = CompactionResult(dataset=dataset)
    files = run_files(output)
    result.runs = len({run for run, _, _ in files})

    articles: dict[str, dict[str, Any]] = {}
    teasers: dict[tuple[str, str, str], dict[str, Any]] = {}
    sources = {"articles": [dataset / "articles.jsonl"], "teasers": [dataset / "teasers.jsonl"]}
    for _, kind, path in files:
        sources[kind].append(path)
    for path in sources["articles"]:
        if path.exists():
            for record in _records(path, result):
                url = record.get("url")
                if url and (url not in articles or _newer(record, articles[url])):
                    articles[url] = record
    for path in sources["teasers"]:
        if path.exists():
            for record in _records(path, result):
                key = (record.get("found_on"), record.get("block"), record.get("url"))
                if not all(isinstance(part, str) and part for part in key):
                    result.unreadable_lines += 1
                    continue
                seen = _text(record.get("fetched_at"))
                first = _text(record.get("first_seen")) or seen
                last = _text(record.get("last_seen")) or seen
                kept = teasers.get(key)  # type: ignore[arg-type]
                if kept is None:
                    teasers[key] = {**record, "first_seen": first,  # type: ignore[index]
                                    "last_seen": last}
                else:
                    kept["first_seen"] = min(filter(None, (kept["first_seen"], first)),
                                             default=None)
                    kept["last_seen"] = max(filter(None, (kept["last_seen"], last)),
                                            default=None)
    result.articles = _write_atomically(dataset / "articles.jsonl", iter(articles.values()))
    result.teasers = _write_atomically(dataset / "teasers.jsonl", iter(teasers.values()))
    # Which runs the dataset holds: their per-run files may go, and the crawl state then
    # knows they were compacted, not lost (newscrawl.ops.incremental.report_missing_outputs).
    runs = sorted(compacted_runs(output) | {run for run, _, _ in files})
    manifest = dataset / COMPACTED_RUNS
    temporary = manifest.with_name(f".{manifest.name}.new")
    temporary.write_text(json.dumps({"runs": runs}, indent=0) + "\n", encoding="utf-8")
    temporary.replace(manifest)

    if keep_days is not None and files:
        cutoff = (now or datetime.now(UTC)) - timedelta(days=keep_days)
        latest = files[-1][0]
        for run, _, path in files:
            started = datetime.strptime(run[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
            if run != latest and started < cutoff:
                path.unlink(missing_ok=True)
                result.deleted.append(path)
    return result
