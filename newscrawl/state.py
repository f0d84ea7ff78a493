"""The crawl state: what earlier runs exported, so a scheduled run fetches only what is new.

One SQLite file per spider under NEWSCRAWL_STATE_DIR (default `.newscrawl/`). A lock file
beside it refuses a second concurrent run instead of letting two runs corrupt the state.
Rows are written only after an item has been exported (see newscrawl.extensions), so a
crash never marks as done an article that is not in the output.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_SCHEMA = """
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
    outputs       TEXT NOT NULL DEFAULT ''  -- newline-separated article feed files
);
"""


class StateLocked(RuntimeError):
    """Another run holds the state."""


@dataclass(frozen=True)
class KnownArticle:
    url: str
    content_hash: str
    revision: int
    last_seen: str


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class CrawlState:
    """Exported articles, their aliases (same story, other URL) and completed sections."""

    def __init__(self, directory: str | os.PathLike[str], name: str) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / f"{name}.sqlite3"
        self._lock_file = open(self.directory / f"{name}.lock", "a+")  # noqa: SIM115
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.close()
            raise StateLocked(
                f"another newscrawl run is using the state in {self.directory} "
                f"(lock {self._lock_file.name}); wait for it to finish or use another "
                "NEWSCRAWL_STATE_DIR") from None
        self._lock_file.seek(0)
        self._lock_file.truncate()
        self._lock_file.write(f"{os.getpid()}\n")
        self._lock_file.flush()
        self.db = sqlite3.connect(self.path, isolation_level=None)  # autocommit per statement
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self._known: set[str] = {row[0] for row in self.db.execute("SELECT url FROM articles")}
        self._known.update(row[0] for row in self.db.execute("SELECT url FROM aliases"))

    # ------------------------------------------------------------------ reads

    def is_known(self, url: str) -> bool:
        """Was this URL exported (or recorded as an alias) by an earlier run?"""
        return url in self._known

    @property
    def known_count(self) -> int:
        return len(self._known)

    def article(self, url: str) -> KnownArticle | None:
        row = self.db.execute(
            "SELECT url, content_hash, revision, last_seen FROM articles WHERE url = ?",
            (url,)).fetchone()
        return KnownArticle(*row) if row else None

    def url_for_hash(self, content_hash: str) -> str | None:
        row = self.db.execute("SELECT url FROM articles WHERE content_hash = ? LIMIT 1",
                              (content_hash,)).fetchone()
        return row[0] if row else None

    def section_completed(self, slug: str) -> bool:
        row = self.db.execute("SELECT completed_at FROM sections WHERE slug = ?",
                              (slug,)).fetchone()
        return bool(row and row[0])

    # ------------------------------------------------------------------ writes

    def record_export(self, record: dict[str, Any]) -> None:
        """An article was written to the output: remember it (new or new revision)."""
        now = _now()
        self.db.execute(
            """INSERT INTO articles (url, article_id, content_hash, published_at, revision,
                                     first_seen, last_seen)
               VALUES (:url, :article_id, :content_hash, :published_at, :revision, :now, :now)
               ON CONFLICT (url) DO UPDATE SET content_hash = excluded.content_hash,
                   published_at = excluded.published_at, revision = excluded.revision,
                   last_seen = excluded.last_seen""",
            {"url": record["url"], "article_id": record.get("article_id"),
             "content_hash": record["content_hash"], "published_at": record.get("published_at"),
             "revision": record.get("revision") or 1, "now": now})
        self._known.add(record["url"])

    def touch(self, url: str) -> None:
        """Seen again, unchanged."""
        self.db.execute("UPDATE articles SET last_seen = ? WHERE url = ?", (_now(), url))

    def record_alias(self, url: str, canonical_url: str, content_hash: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO aliases (url, canonical_url, content_hash, first_seen) "
            "VALUES (?, ?, ?, ?)", (url, canonical_url, content_hash, _now()))
        self._known.add(url)

    def mark_section_completed(self, slug: str) -> None:
        self.db.execute(
            "INSERT INTO sections (slug, completed_at) VALUES (?, ?) "
            "ON CONFLICT (slug) DO UPDATE SET completed_at = excluded.completed_at",
            (slug, _now()))

    def start_run(self, run_id: str, outputs: list[str]) -> None:
        self.db.execute("INSERT OR REPLACE INTO runs (run_id, started_at, outputs) "
                        "VALUES (?, ?, ?)", (run_id, _now(), "\n".join(outputs)))

    def finish_run(self, run_id: str) -> None:
        self.db.execute("UPDATE runs SET finished_at = ? WHERE run_id = ?", (_now(), run_id))

    def unfinished_runs(self) -> list[tuple[str, list[str]]]:
        """Runs that were killed: (run id, their article files)."""
        rows = self.db.execute("SELECT run_id, outputs FROM runs WHERE finished_at IS NULL "
                               "ORDER BY started_at").fetchall()
        return [(run_id, [p for p in outputs.split("\n") if p]) for run_id, outputs in rows]

    def close(self) -> None:
        self.db.close()
        fcntl.flock(self._lock_file, fcntl.LOCK_UN)
        self._lock_file.close()

    def counts(self) -> dict[str, int]:
        return {
            "articles": self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            "aliases": self.db.execute("SELECT COUNT(*) FROM aliases").fetchone()[0],
        }
