"""`newscrawl state export` / `import`: a crawl state as one JSON Lines file, to move it
between backends (a SQLite file and PostgreSQL, either way) or machines, or to back it up.

The file: a header line `{"newscrawl_state": <schema version>, "spider": ..., ...}`, one line
per row `{"table": ..., "row": [values in TABLE_COLUMNS order]}` in insertion order, and a
last line `{"end": true, "rows": N}`, so a file cut short is refused rather than half
imported. Teaser keys (bytes) travel as hex. An import goes into an empty state only, in
one transaction: all of it or nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, Any

from newscrawl.ops.state import SCHEMA_VERSION, CrawlState, StateError

# Every table and column a state holds, in the order rows are written and read back.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("url", "article_id", "content_hash", "published_at", "revision",
                 "first_seen", "last_seen"),
    "aliases": ("url", "canonical_url", "content_hash", "first_seen"),
    "sections": ("slug", "completed_at"),
    "runs": ("run_id", "started_at", "finished_at", "outputs", "articles", "status", "node"),
    "pending": ("url", "first_seen", "failures", "last_error", "last_failed_run",
                "given_up_at"),
    "recent": ("run_id", "layer", "fields"),
    "teasers": ("key",),
}
_BINARY = {("teasers", "key")}


def _order(state: CrawlState, table: str) -> str:
    if table in ("articles", "aliases"):
        return state.db.row_order  # insertion order: is_known's marks rely on it
    if table == "recent":
        return "seq"  # the drift window is the newest rows
    return TABLE_COLUMNS[table][0]


class StateFileError(StateError):
    """The export file cannot be imported (not one, cut short, from a newer version)."""


def export_state(state: CrawlState, out: IO[str], spider: str) -> Counter[str]:
    """Write the whole state to `out`; rows per table."""
    counts: Counter[str] = Counter()
    out.write(json.dumps({"newscrawl_state": SCHEMA_VERSION, "spider": spider,
                          "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                          "source": state.location}, ensure_ascii=False) + "\n")
    for table, columns in TABLE_COLUMNS.items():
        cursor = state.db.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY {_order(state, table)}")
        for row in cursor:
            values = [value.hex() if (table, column) in _BINARY and value is not None
                      else value for column, value in zip(columns, row, strict=True)]
            out.write(json.dumps({"table": table, "row": values}, ensure_ascii=False) + "\n")
            counts[table] += 1
    out.write(json.dumps({"end": True, "rows": sum(counts.values())}) + "\n")
    out.flush()
    return counts


def _rows(lines: Iterable[str]) -> tuple[dict[str, Any], list[tuple[str, list[Any]]]]:
    header: dict[str, Any] | None = None
    rows: list[tuple[str, list[Any]]] = []
    end: dict[str, Any] | None = None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            raise StateFileError(f"line {number} is not JSON: not a newscrawl state export, "
                                 "or damaged") from None
        if not isinstance(entry, dict):
            raise StateFileError(f"line {number} is not an object: not a newscrawl state "
                                 "export, or damaged")
        if header is None:
            if "newscrawl_state" not in entry:
                raise StateFileError("not a newscrawl state export (no header line)")
            header = entry
        elif end is not None:
            raise StateFileError(f"line {number} follows the end line")
        elif entry.get("end"):
            end = entry
        else:
            table, row = entry.get("table"), entry.get("row")
            if table not in TABLE_COLUMNS or not isinstance(row, list) \
                    or len(row) != len(TABLE_COLUMNS[table]):
                raise StateFileError(f"line {number} is not a row of a known table")
            rows.append((table, _decoded(table, row, number)))
    if header is None:
        raise StateFileError("the file is empty")
    if end is None or end.get("rows") != len(rows):
        raise StateFileError("the file is cut short (no end line, or fewer rows than it "
                             "says): export it again")
    version = header["newscrawl_state"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StateFileError(f"the header's state version {version!r} is not a version")
    if version > SCHEMA_VERSION:
        raise StateFileError(f"the export is of state version {version}, newer than this "
                             f"newscrawl's ({SCHEMA_VERSION}): upgrade first")
    return header, rows


def _decoded(table: str, row: list[Any], number: int) -> list[Any]:
    """The row's values as the database takes them: hex back to bytes, and only JSON
    scalars (a list or object in a cell is damage)."""
    values = []
    for column, value in zip(TABLE_COLUMNS[table], row, strict=True):
        if isinstance(value, list | dict):
            raise StateFileError(f"line {number}: {table}.{column} is not a single value")
        if (table, column) in _BINARY and value is not None:
            try:
                value = bytes.fromhex(value)
            except (TypeError, ValueError):
                raise StateFileError(f"line {number}: {table}.{column} is not hex") from None
        values.append(value)
    return values


def import_state(state: CrawlState, lines: Iterable[str]) -> Counter[str]:
    """Load an export into `state`, which must be empty; rows per table."""
    _header, rows = _rows(lines)
    held = {table: state.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in TABLE_COLUMNS}
    if any(held.values()):
        raise StateError(
            f"the state {state.location} is not empty ({held['articles']} articles, "
            f"{held['runs']} runs): import goes into an empty state only (move this one "
            "aside with `newscrawl state reset` first)")
    counts: Counter[str] = Counter()
    with state.batch():
        for table, values in rows:
            columns = TABLE_COLUMNS[table]
            state.db.execute(f"INSERT INTO {table} ({', '.join(columns)}) "
                             f"VALUES ({', '.join('?' * len(columns))})", values)
            counts[table] += 1
    return counts
