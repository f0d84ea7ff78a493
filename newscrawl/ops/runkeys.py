"""A run's own bookkeeping (what it has requested, exported, seen on each listing, and the
article URLs still to request) kept in a private temporary SQLite database on disk, not in
Python sets: a backfill of hundreds of thousands of articles must not grow the crawl's
memory. SQLite holds the hot part in a bounded page cache and deletes the file when the
run ends (or dies: the file is unlinked as soon as it is opened).

Keys are 16-byte BLAKE2b digests of their parts: 2^-64 odds of two keys colliding in a
run of a million, against 150 bytes or more per URL in a Python set.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

logger = logging.getLogger(__name__)

# SQLite's page cache for the run's keys, in KiB: what it may hold in memory at most.
CACHE_KIB = 4096
# Keys known to be in the sets, most recent last: the links every page repeats (menus,
# featured boxes) are answered without a query. Bounded, so memory does not grow.
RECENT_KEYS = 8192


def _digest(parts: tuple[str, ...]) -> bytes:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


def _guarded(default: Any) -> Any:
    """A failing write or read (the temporary file's disk is full) stops the run once,
    through on_failure, and answers `default` from then on: nothing is new (no record
    passes, no URL is requested) and the frontier is empty, so what the run has not
    written stays pending for the next run."""
    def decorate(method: Any) -> Any:
        @functools.wraps(method)
        def guarded(self: RunKeys, *args: Any, **kwargs: Any) -> Any:
            if self.failure is not None:
                return default
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as error:
                self.failure = f"the run's bookkeeping file failed: {error}"
                self.queued = 0
                if self.on_failure is not None:
                    self.on_failure(self.failure)
                return default
        return guarded
    return decorate


class RunKeys:
    """Named sets of keys (`add`, `has`, `discard`, `count`), a key -> text map (`put`,
    `get`), and a priority FIFO of URLs (`push`, `pop`), all for one run."""

    failure: str | None = None
    on_failure: Callable[[str], None] | None = None

    def __init__(self) -> None:
        # "" opens a private temporary database on disk; nothing outlives the connection.
        self.db = sqlite3.connect("", isolation_level=None)
        for pragma in (f"cache_size=-{CACHE_KIB}", "journal_mode=OFF", "synchronous=OFF",
                       "temp_store=FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.executescript("""
            CREATE TABLE keys (kind TEXT, key BLOB, value TEXT, PRIMARY KEY (kind, key))
                WITHOUT ROWID;
            CREATE TABLE frontier (id INTEGER PRIMARY KEY, priority INTEGER, url TEXT);
            CREATE INDEX frontier_order ON frontier (priority DESC, id);
        """)
        # One transaction for the whole run: nothing here needs to survive the process
        # (there is no journal to roll back with anyway), and a commit per statement
        # made every key cost twice as much.
        self.db.execute("BEGIN")
        self._counts: dict[str, int] = {}
        self._recent: dict[tuple[str, bytes], None] = {}
        self.queued = 0

    def _remember(self, key: tuple[str, bytes]) -> None:
        recent = self._recent
        recent[key] = None
        if len(recent) > RECENT_KEYS:
            del recent[next(iter(recent))]  # the oldest

    # ------------------------------------------------------------------ sets

    @_guarded(False)
    def add(self, kind: str, *parts: str) -> bool:
        """Add a key; True when it was not there yet."""
        key = (kind, _digest(parts))
        if key in self._recent:
            return False
        added = self.db.execute("INSERT OR IGNORE INTO keys (kind, key) VALUES (?, ?)",
                                key).rowcount == 1
        if added:
            self._counts[kind] = self._counts.get(kind, 0) + 1
        self._remember(key)
        return added

    @_guarded(True)
    def has(self, kind: str, *parts: str) -> bool:
        key = (kind, _digest(parts))
        if key in self._recent:
            return True
        found = self.db.execute("SELECT 1 FROM keys WHERE kind = ? AND key = ?",
                                key).fetchone() is not None
        if found:
            self._remember(key)
        return found

    @_guarded(None)
    def discard(self, kind: str, *parts: str) -> None:
        key = (kind, _digest(parts))
        self._recent.pop(key, None)
        if self.db.execute("DELETE FROM keys WHERE kind = ? AND key = ?", key).rowcount:
            self._counts[kind] -= 1

    def count(self, kind: str) -> int:
        return self._counts.get(kind, 0)

    @_guarded(0)
    def count_not_in(self, kind: str, other: str) -> int:
        """Keys of `kind` that are not keys of `other` too."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM keys AS a WHERE a.kind = ? AND NOT EXISTS "
            "(SELECT 1 FROM keys AS b WHERE b.kind = ? AND b.key = a.key)",
            (kind, other)).fetchone()
        return int(row[0])

    @_guarded(None)
    def clear(self, kind: str) -> None:
        self._recent = {key: None for key in self._recent if key[0] != kind}
        self.db.execute("DELETE FROM keys WHERE kind = ?", (kind,))
        self._counts.pop(kind, None)

    # ------------------------------------------------------------------ map

    @_guarded(None)
    def put(self, kind: str, key: str, value: str) -> None:
        """Map a key to a text (a kind used as a map is not counted)."""
        self.db.execute("INSERT OR REPLACE INTO keys (kind, key, value) VALUES (?, ?, ?)",
                        (kind, _digest((key,)), value))

    @_guarded(None)
    def get(self, kind: str, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM keys WHERE kind = ? AND key = ?",
                              (kind, _digest((key,)))).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------------ frontier

    @_guarded(0)
    def push(self, urls: Iterable[str], priority: int = 0) -> int:
        """Queue URLs to request later (highest priority first, then first in, first out)."""
        cursor = self.db.executemany("INSERT INTO frontier (priority, url) VALUES (?, ?)",
                                     ((priority, url) for url in urls))
        self.queued += max(cursor.rowcount, 0)
        return max(cursor.rowcount, 0)

    @_guarded([])
    def pop(self, limit: int) -> list[tuple[str, int]]:
        """Up to `limit` queued (url, priority), taken off the queue."""
        rows = self.db.execute("SELECT id, url, priority FROM frontier "
                               "ORDER BY priority DESC, id LIMIT ?", (limit,)).fetchall()
        if rows:
            self.db.executemany("DELETE FROM frontier WHERE id = ?", ((r[0],) for r in rows))
            self.queued -= len(rows)
        return [(url, priority) for _, url, priority in rows]

    def close(self) -> None:
        self.db.close()


def run_keys(crawler: Any) -> RunKeys:
    """The crawler's RunKeys, made on first use (one per run, shared by spider and
    pipelines)."""
    keys = getattr(crawler, "newscrawl_run_keys", None)
    if keys is None:
        keys = crawler.newscrawl_run_keys = RunKeys()
        keys.on_failure = functools.partial(_stop_run, crawler)
    return keys


def _stop_run(crawler: Any, reason: str) -> None:
    """As a failed state write: exit status 6, one line, the next run picks up."""
    crawler.stats.set_value("newscrawl/state/failed", reason)
    logger.error("%s; the run stops, and the next run picks up what it wrote", reason)
    engine = getattr(crawler, "engine", None)
    if engine is not None and engine.spider is not None:
        asyncio.ensure_future(engine.close_spider_async(reason="state_failed"))
