"""The crawl state: what runs exported, what they still owe, and what they learned.

One SQLite file per spider under NEWSCRAWL_STATE_DIR (default `.newscrawl/`), or one schema
per spider in a PostgreSQL database shared by every machine that runs the crawl
(NEWSCRAWL_STATE_URL; newscrawl.ops.state_db). It holds
- articles: every article exported (URL, content hash, revision), so a scheduled run
  fetches only what is new; aliases: other URLs of the same story;
- pending: every article URL a run decided to fetch and has not exported yet (in flight,
  failed, not reached), with its failure count and last error. Later runs fetch these
  first; after NEWSCRAWL_PENDING_MAX_FAILURES failed runs an article is given up, loudly;
- sections: which sections were paginated to their real last page;
- runs: each run's output files and article count (to find deleted outputs and killed
  runs); recent: the last articles' field coverage, for the drift monitors.

A lock file beside it (a PostgreSQL advisory lock) refuses a second concurrent run. A
state file that is empty, cut short or not a database stops the run before any request
(StateCorrupt): silently starting afresh would export every article again.

Writes are grouped into transactions by the caller (`batch()`): one per page of
discovered links, one per checkpoint of durably exported records.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import socket
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from newscrawl.ops.state_db import StateDatabase, open_database
from newscrawl.ops.state_file import (  # noqa: F401 (StateError & co. are re-exported)
    RESET_HINT,
    SCHEMA_VERSION,
    StateCorrupt,
    StateError,
    StateLocked,
    StateUnavailable,
    _now,
    reset_state,
    state_path,
)


def _guarded(default: Any = None, doing: str = "written") -> Any:
    """A state write (or read) that fails (disk full, locked past the timeout, the database
    server gone) stops the run once, through on_failure, instead of raising into Scrapy;
    later calls are skipped and answer `default`."""
    def decorate(method: Any) -> Any:
        @functools.wraps(method)
        def guarded(self: CrawlState, *args: Any, **kwargs: Any) -> Any:
            if self.failure is not None:
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except self.db.errors as error:
                self._failed(error, doing)
                return default() if callable(default) else default
        return guarded
    return decorate


def _writes(default: Any = None) -> Any:
    return _guarded(default, "written")


def _reads(default: Any = None) -> Any:
    # Once the state cannot be read, nothing counts as new: the run stops, and what it
    # has not exported stays pending.
    return _guarded(default, "read")


def _no_counts() -> dict[str, int]:
    return {"articles": 0, "aliases": 0, "pending": 0, "given_up": 0}


@dataclass(frozen=True)
class KnownArticle:
    url: str
    content_hash: str
    revision: int
    last_seen: str


@dataclass(frozen=True)
class PendingArticle:
    url: str
    failures: int
    last_error: str | None
    given_up_at: str | None


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    articles: int
    outputs: list[str]


class CrawlState:
    """Exported articles, pending work, completed sections, runs and the drift window.

    `CrawlState(directory, name)` opens (or creates) the locked SQLite state;
    `CrawlState(None, name, url="postgresql://...")` the one in PostgreSQL (see
    newscrawl.ops.state_db); `CrawlState.in_memory()` a throw-away one for runs without a
    state on disk.
    """

    def __init__(self, directory: str | os.PathLike[str] | None, name: str = "newscrawl",
                 *, timeout: float = 30.0, url: str | None = None,
                 node: str | None = None) -> None:
        self._depth = 0
        # is_known's snapshot: the articles and aliases insertion marks, the given-up URLs.
        self._known_marks: tuple[int, int, frozenset[str]] | None = None
        # Why writing failed (None while all is well), and who to tell.
        self.failure: str | None = None
        self.on_failure: Callable[[str], None] | None = None
        self._trusted_sections: frozenset[str] | None = None
        # The machine this run is on: killed runs and missing outputs are its own only.
        self.node = node or socket.gethostname()
        self.db: StateDatabase = open_database(directory, name, timeout, url)
        self.path = getattr(self.db, "path", None)
        self.location = self.db.location
        try:
            # Unfinished runs of this machine (another machine's are its own to reconcile).
            self._unfinished_at_open = self.db.execute(
                "SELECT 1 FROM runs WHERE finished_at IS NULL AND (node IS NULL OR node = ?) "
                "LIMIT 1", (self.node,)).fetchone() is not None
        except self.db.errors as error:
            self.db.close()
            raise StateUnavailable(f"crawl state {self.location} cannot be read "
                                   f"({' '.join(str(error).split())})") from None

    @classmethod
    def in_memory(cls) -> CrawlState:
        return cls(None)

    def _failed(self, error: BaseException, doing: str = "written") -> None:
        reason = self.db.describe(error)
        self.failure = f"crawl state {self.location} could not be {doing} ({reason})"
        if self._depth:
            with contextlib.suppress(*self.db.errors):
                self.db.execute("ROLLBACK")
            self._depth = 0
        if self.on_failure is not None:
            self.on_failure(self.failure)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group writes into one transaction (nested batches join the outer one)."""
        if self._depth == 0:
            self.db.begin()
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.db.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self.db.execute("COMMIT")

    # ------------------------------------------------------------------ reads

    @_reads(True)
    def is_known(self, url: str) -> bool:
        """Exported, recorded as an alias, or given up, as the state was when the run
        started (this run's own exports never change the answer). Looked up in the file,
        not held in memory: rows this run adds have rowids (seq on PostgreSQL) past the
        marks taken at the first question (an update keeps its row's)."""
        order = self.db.row_order
        if self._known_marks is None:
            marks = self.db.execute(
                f"SELECT (SELECT COALESCE(MAX({order}), 0) FROM articles), "
                f"(SELECT COALESCE(MAX({order}), 0) FROM aliases)").fetchone()
            given_up = frozenset(row[0] for row in self.db.execute(
                "SELECT url FROM pending WHERE given_up_at IS NOT NULL"))  # a few at most
            self._known_marks = (int(marks[0]), int(marks[1]), given_up)
        articles_mark, aliases_mark, given_up = self._known_marks
        return url in given_up or bool(self.db.execute(
            f"SELECT EXISTS (SELECT 1 FROM articles WHERE url = ? AND {order} <= ?) "
            f"OR EXISTS (SELECT 1 FROM aliases WHERE url = ? AND {order} <= ?)",
            (url, articles_mark, url, aliases_mark)).fetchone()[0])

    @_reads(None)
    def article(self, url: str) -> KnownArticle | None:
        row = self.db.execute(
            "SELECT url, content_hash, revision, last_seen FROM articles WHERE url = ?",
            (url,)).fetchone()
        return KnownArticle(*row) if row else None

    @_reads(None)
    def url_for_hash(self, content_hash: str) -> str | None:
        row = self.db.execute("SELECT url FROM articles WHERE content_hash = ? LIMIT 1",
                              (content_hash,)).fetchone()
        return row[0] if row else None

    @_reads(frozenset())
    def trusted_completed_sections(self) -> frozenset[str]:
        """Sections paginated to their end, as the state was when it was opened; none at all
        when a run before this one did not finish (killed, or its output or state failed):
        it may have left a section half-read, so this run walks every section once."""
        if self._trusted_sections is None:
            rows = self.db.execute("SELECT slug FROM sections WHERE completed_at IS NOT NULL")
            self._trusted_sections = frozenset() if self._unfinished_at_open else frozenset(
                row[0] for row in rows)
        return self._trusted_sections

    @_reads(False)
    def section_completed(self, slug: str) -> bool:
        row = self.db.execute("SELECT completed_at FROM sections WHERE slug = ?",
                              (slug,)).fetchone()
        return bool(row and row[0])

    @_reads(list)
    def pending(self, *, given_up: bool = False) -> list[PendingArticle]:
        """Articles still owed (oldest first), or those given up."""
        condition = "IS NOT NULL" if given_up else "IS NULL"
        rows = self.db.execute(
            "SELECT url, failures, last_error, given_up_at FROM pending "
            f"WHERE given_up_at {condition} ORDER BY first_seen, url").fetchall()
        return [PendingArticle(*row) for row in rows]

    @_reads(list)
    def unfinished_runs(self) -> list[tuple[str, list[str]]]:
        """Runs of this machine that were killed: (run id, their article files). Another
        machine's are left to it: their files are on its disks."""
        rows = self.db.execute("SELECT run_id, outputs FROM runs WHERE finished_at IS NULL "
                               "AND (node IS NULL OR node = ?) ORDER BY started_at, run_id",
                               (self.node,)).fetchall()
        return [(run_id, [p for p in outputs.split("\n") if p]) for run_id, outputs in rows]

    @_reads(list)
    def finished_runs_with_articles(self) -> list[RunRecord]:
        """Finished runs of this machine that exported articles (their files are here)."""
        rows = self.db.execute("SELECT run_id, articles, outputs FROM runs "
                               "WHERE finished_at IS NOT NULL AND articles > 0 "
                               "AND (node IS NULL OR node = ?) ORDER BY started_at, run_id",
                               (self.node,)).fetchall()
        return [RunRecord(run_id, count, [p for p in outputs.split("\n") if p])
                for run_id, count, outputs in rows]

    @_reads(list)
    def recent_articles(self, limit: int) -> list[tuple[str, set[str]]]:
        """(layer, fields present) of the last `limit` exported articles, newest first."""
        rows = self.db.execute("SELECT layer, fields FROM recent ORDER BY seq DESC LIMIT ?",
                               (limit,)).fetchall()
        return [(layer, set(filter(None, fields.split(",")))) for layer, fields in rows]

    @_reads(_no_counts)
    def counts(self) -> dict[str, int]:
        def count(sql: str) -> int:
            return self.db.execute(sql).fetchone()[0]

        return {
            "articles": count("SELECT COUNT(*) FROM articles"),
            "aliases": count("SELECT COUNT(*) FROM aliases"),
            "pending": count("SELECT COUNT(*) FROM pending WHERE given_up_at IS NULL"),
            "given_up": count("SELECT COUNT(*) FROM pending WHERE given_up_at IS NOT NULL"),
        }

    # ------------------------------------------------------------------ writes

    @_writes(0)
    def record_exports(self, records: Iterable[dict[str, Any]], run_id: str,
                       coverage_fields: Iterable[str] = ()) -> int:
        """Articles durably written to every feed: remember them (new or new revision),
        settle their pending entries and add them to the drift window."""
        now = _now()
        fields = tuple(coverage_fields)
        count = 0
        with self.batch():
            for record in records:
                self.db.execute(
                    """INSERT INTO articles (url, article_id, content_hash, published_at,
                                             revision, first_seen, last_seen)
                       VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (url) DO UPDATE SET content_hash = excluded.content_hash,
                           published_at = excluded.published_at,
                           revision = excluded.revision, last_seen = excluded.last_seen""",
                    (record["url"], record.get("article_id"), record["content_hash"],
                     record.get("published_at"), int(record.get("revision") or 1), now, now))
                self.db.execute("DELETE FROM pending WHERE url = ?", (record["url"],))
                present = ",".join(f for f in fields if record.get(f))
                self.db.execute("INSERT INTO recent (run_id, layer, fields) VALUES (?, ?, ?)",
                                (run_id, record.get("extraction") or "site", present))
                count += 1
        return count

    @_writes()
    def record_teasers(self, records: Iterable[dict[str, Any]]) -> None:
        """Teasers durably written by a NEWSCRAWL_TEASERS=new run: their keys, 12 bytes
        each, so a state of a million teasers stays small."""
        with self.batch():
            self.db.executemany("INSERT INTO teasers (key) VALUES (?) ON CONFLICT DO NOTHING",
                                [(teaser_key(r["found_on"], r["block"], r["url"]),)
                                 for r in records])

    @_reads(True)
    def teaser_exported(self, found_on: str, block: str, url: str) -> bool:
        """Whether an earlier NEWSCRAWL_TEASERS=new run exported this teaser (as the state
        was when this run started)."""
        # The live table answers as the start would: a teaser this run wrote again in this
        # run is a duplicate, dropped (DedupePipeline) before this question is asked.
        return self.db.execute("SELECT 1 FROM teasers WHERE key = ?",
                               (teaser_key(found_on, block, url),)).fetchone() is not None

    @_writes()
    def add_pending(self, urls: Iterable[str]) -> None:
        """Article URLs a run is about to fetch: owed until exported or settled."""
        now = _now()
        with self.batch():
            self.db.executemany(
                "INSERT INTO pending (url, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING",
                ((url, now) for url in urls))

    @_writes()
    def settle_pending(self, url: str) -> None:
        """Fetched and deliberately not exported (unchanged, an alias, older than since)."""
        self.db.execute("DELETE FROM pending WHERE url = ? AND given_up_at IS NULL", (url,))

    @_writes(False)
    def record_failure(self, url: str, error: str, run_id: str, max_failures: int) -> bool:
        """A pending article failed in this run (counted once per run); True when this
        failure gives it up."""
        with self.batch():
            self.db.execute("INSERT INTO pending (url, first_seen) VALUES (?, ?) "
                            "ON CONFLICT DO NOTHING", (url, _now()))
            self.db.execute(
                """UPDATE pending SET failures = failures + 1, last_error = ?,
                       last_failed_run = ?
                   WHERE url = ? AND given_up_at IS NULL
                         AND (last_failed_run IS NULL OR last_failed_run != ?)""",
                (error, run_id, url, run_id))
            cursor = self.db.execute(
                "UPDATE pending SET given_up_at = ? WHERE url = ? AND given_up_at IS NULL "
                "AND failures >= ?", (_now(), url, max(max_failures, 1)))
        return cursor.rowcount > 0

    @_writes(0)
    def retry_given_up(self) -> int:
        """Give every given-up article another chance; how many."""
        with self.batch():
            cursor = self.db.execute(
                "UPDATE pending SET given_up_at = NULL, failures = 0 "
                "WHERE given_up_at IS NOT NULL")
        return cursor.rowcount

    @_writes()
    def touch(self, url: str) -> None:
        """Seen again, unchanged."""
        self.db.execute("UPDATE articles SET last_seen = ? WHERE url = ?", (_now(), url))

    @_writes()
    def record_alias(self, url: str, canonical_url: str, content_hash: str) -> None:
        with self.batch():
            self.db.execute(
                "INSERT INTO aliases (url, canonical_url, content_hash, first_seen) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (url, canonical_url, content_hash, _now()))
            self.settle_pending(url)

    @_writes()
    def mark_section_completed(self, slug: str) -> None:
        self.db.execute(
            "INSERT INTO sections (slug, completed_at) VALUES (?, ?) "
            "ON CONFLICT (slug) DO UPDATE SET completed_at = excluded.completed_at",
            (slug, _now()))

    @_writes()
    def mark_section_incomplete(self, slug: str) -> None:
        """A listing page of the section failed: the next run walks it to the end again."""
        self.db.execute("UPDATE sections SET completed_at = NULL WHERE slug = ?", (slug,))

    @_writes()
    def start_run(self, run_id: str, outputs: list[str]) -> None:
        self.db.execute(
            "INSERT INTO runs (run_id, started_at, outputs, node) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, "
            "outputs = excluded.outputs, node = excluded.node, finished_at = NULL, "
            "articles = 0, status = NULL", (run_id, _now(), "\n".join(outputs), self.node))

    @_writes()
    def finish_run(self, run_id: str, articles: int = 0, status: str = "finished",
                   window: int = 0) -> None:
        with self.batch():
            self.db.execute("UPDATE runs SET finished_at = ?, articles = articles + ?, "
                            "status = ? WHERE run_id = ?", (_now(), articles, status, run_id))
            if window > 0:
                self.db.execute("DELETE FROM recent WHERE seq <= "
                                "(SELECT MAX(seq) FROM recent) - ?", (window,))

    @_writes()
    def forget_runs(self, run_ids: Iterable[str]) -> None:
        """Stop checking these runs' output files (their records were re-exported)."""
        with self.batch():
            self.db.executemany("UPDATE runs SET articles = 0 WHERE run_id = ?",
                                ((run_id,) for run_id in run_ids))

    def close(self) -> None:
        with contextlib.suppress(*self.db.errors):
            if self._depth:
                self.db.execute("COMMIT")
        self._depth = 0
        self.db.close()


def teaser_key(found_on: str, block: str, url: str) -> bytes:
    return hashlib.blake2b(f"{found_on}\t{block}\t{url}".encode(), digest_size=12).digest()


def attach_state(crawler: Any, state: CrawlState) -> None:
    """Make the run's state reachable from the crawler (see state_of)."""
    crawler.newscrawl_state = state


def state_of(crawler: Any) -> CrawlState | None:
    """The run's crawl state, or None outside a crawl run (scrapy parse, check, shell)."""
    return getattr(crawler, "newscrawl_state", None)
