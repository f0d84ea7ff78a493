"""The crawl state's file: its schema and migrations, the integrity check made before a
run uses it, the errors a user sees about it, and `newscrawl state reset`."""

from __future__ import annotations

import fcntl
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.errors import RefusedToStart

SCHEMA_VERSION = 4


_SQLITE_MAGIC = b"SQLite format 3\x00"


RESET_HINT = "newscrawl state reset"


_TABLES = """
CREATE TABLE IF NOT EXISTS articles (
    url           TEXT PRIMARY KEY,
    article_id    TEXT,
    content_hash  TEXT NOT NULL,
    published_at  TEXT,
    revision      INTEGER NOT NULL DEFAULT 1,
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles (content_hash);
CREATE TABLE IF NOT EXISTS aliases (
    url           TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    first_seen    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sections (
    slug          TEXT PRIMARY KEY,
    completed_at  TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    run_id        TEXT PRIMARY KEY,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    outputs       TEXT NOT NULL DEFAULT ''  -- newline-separated local article feed files
);
CREATE TABLE IF NOT EXISTS pending (
    url             TEXT PRIMARY KEY,
    first_seen      TEXT NOT NULL,
    failures        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    last_failed_run TEXT,
    given_up_at     TEXT
);
CREATE TABLE IF NOT EXISTS recent (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id        TEXT NOT NULL,
    layer         TEXT NOT NULL,
    fields        TEXT NOT NULL  -- comma-separated fields the article had
);
CREATE TABLE IF NOT EXISTS teasers (  -- teasers exported with NEWSCRAWL_TEASERS=new (v3)
    key           BLOB PRIMARY KEY  -- 12-byte BLAKE2b of found_on, block, url
) WITHOUT ROWID;
"""


# Columns added after version 1 (a v1 state is migrated in place when opened).
_MIGRATIONS = {
    2: ["ALTER TABLE runs ADD COLUMN articles INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE runs ADD COLUMN status TEXT"],
    3: [],  # the teasers table only (created with the others)
    # The machine (NEWSCRAWL_NODE) each run ran on: a shared state's runs read back and
    # check only their own machine's output files.
    4: ["ALTER TABLE runs ADD COLUMN node TEXT"],
}


class StateError(RefusedToStart):
    """The state cannot be used; the message is one line a user can act on."""


class StateLocked(StateError):
    """Another run holds the state."""


class StateCorrupt(StateError):
    """The state file is empty, cut short or not a newscrawl state."""


class StateUnavailable(StateError):
    """The state file cannot be opened or read just now (a full or read-only disk, a lock
    held too long by another program); it is not damaged."""


def _unavailable(path: Path, error: sqlite3.Error) -> StateUnavailable:
    return StateUnavailable(
        f"crawl state {path} cannot be used now ({error}): is its disk full or read-only, "
        "or another program holding it? Nothing was changed; run again once that is fixed")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def state_path(directory: str | os.PathLike[str], name: str) -> Path:
    return Path(directory) / f"{name}.sqlite3"


def _corrupt(path: Path, problem: str) -> StateCorrupt:
    return StateCorrupt(
        f"crawl state {path} {problem}: restore it from a backup, or start over with "
        f"`{RESET_HINT}` (the next run then exports every article again)")


def check_state_file(path: Path) -> None:
    """Raise StateCorrupt unless `path` is missing (a new state) or a readable state."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        raise _corrupt(path, "is empty (0 bytes; truncated?)")
    with path.open("rb") as file:
        if file.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise _corrupt(path, "is not a SQLite database")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            db.close()
    except sqlite3.OperationalError as error:  # I/O, full disk, locked: not damage
        raise _unavailable(path, error) from None
    except sqlite3.DatabaseError as error:
        raise _corrupt(path, f"is damaged ({error})") from None
    if verdict != "ok":
        raise _corrupt(path, f"is damaged ({verdict})")
    if "articles" not in tables:
        raise _corrupt(path, "holds no newscrawl state (no articles table)")


def reset_state(directory: str | os.PathLike[str], name: str) -> list[Path]:
    """Move a state aside (to `<file>.reset-<UTC time>`, nothing is deleted) so the next
    run starts afresh; refused while a run holds it. Returns the new names."""
    directory = Path(directory)
    lock_path = directory / f"{name}.lock"
    moved: list[Path] = []
    if not directory.is_dir():
        return moved
    suffix = ".reset-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StateLocked(f"a newscrawl run is using the state in {directory} "
                              f"(lock {lock_path}); wait for it to finish") from None
        base = state_path(directory, name)
        for path in (base, base.with_name(base.name + "-wal"),
                     base.with_name(base.name + "-shm"), base.with_name(base.name + ".new")):
            if path.exists():
                target = path.with_name(path.name + suffix)
                path.replace(target)
                moved.append(target)
    return moved
