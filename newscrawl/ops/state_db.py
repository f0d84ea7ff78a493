"""Where the crawl state is kept: a SQLite file (the default) or a PostgreSQL database
(NEWSCRAWL_STATE_URL=postgresql://...), so runs scheduled on any machine share one state.

The state's SQL (newscrawl.ops.state) is written once, in SQLite's `?` placeholder style and
the SQL both engines speak (ON CONFLICT upserts); each connection class adapts what differs:
placeholders, how a write transaction starts, where the schema version is kept, which
column orders rows by insertion, the run lock (a lock file beside the SQLite file, a
PostgreSQL advisory lock), and which exceptions mean "the database failed".

On PostgreSQL a state lives in a schema of its own, `newscrawl_<spider>`, so one database can
hold the states of several spiders next to other applications' tables.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from newscrawl.ops.state_file import (
    _MIGRATIONS,
    _TABLES,
    SCHEMA_VERSION,
    StateError,
    StateLocked,
    StateUnavailable,
    _corrupt,
    _unavailable,
    check_state_file,
    reset_state,
    state_path,
)
from newscrawl.output.exports import safe_url_string_for_log

POSTGRES_SCHEMES = ("postgresql", "postgres")


class StateDatabase:
    """One open state database. Subclasses set `errors`, `row_order` and `location`."""

    errors: tuple[type[BaseException], ...] = ()
    # The column that grows with every row inserted into articles and aliases (is_known's
    # snapshot of "what was there when the run started").
    row_order = "rowid"
    location = ""

    # Strings never to show in a message (a password given in the URL).
    secrets: tuple[str, ...] = ()

    def describe(self, error: BaseException) -> str:
        """The error on one line, for a message (secrets masked)."""
        text = " ".join(str(error).split()) or type(error).__name__
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        raise NotImplementedError

    def script(self, sql: str) -> None:
        """Several statements separated by `;` (schema creation)."""
        for statement in sql.split(";"):
            if statement.strip():
                self.execute(statement)

    def begin(self) -> None:
        self.execute("BEGIN")

    def has_state(self) -> bool:
        """The newscrawl tables exist (False for a new, empty database)."""
        raise NotImplementedError

    def version(self) -> int:
        raise NotImplementedError

    def set_version(self, version: int) -> None:
        raise NotImplementedError

    def create(self) -> None:
        """The whole schema at the current version, in one transaction."""
        self.begin()
        self.script(self.tables())
        for statements in _MIGRATIONS.values():
            for statement in statements:
                self.execute(statement)
        self.set_version(SCHEMA_VERSION)
        self.execute("COMMIT")

    def migrate(self) -> None:
        """Bring an older schema to the current version (tables added, columns altered);
        a newer one is refused (a newer newscrawl wrote it: this one would misread it)."""
        version = self.version()
        if version > SCHEMA_VERSION:
            raise StateError(f"crawl state {self.location} has schema version {version}, "
                             f"newer than this newscrawl's ({SCHEMA_VERSION}): upgrade "
                             "newscrawl on this machine")
        if version == SCHEMA_VERSION:
            return
        self.begin()
        self.script(self.tables())  # tables new since then (CREATE ... IF NOT EXISTS)
        for target in range(max(version, 1) + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS.get(target, []):
                self.execute(statement)
        self.set_version(SCHEMA_VERSION)
        self.execute("COMMIT")

    def tables(self) -> str:
        return _TABLES

    def close(self) -> None:
        raise NotImplementedError


class SqliteConnection(StateDatabase):
    """A state in an open SQLite connection."""

    errors = (sqlite3.Error,)

    def __init__(self, db: sqlite3.Connection, location: str = "in memory") -> None:
        self.db = db
        self.location = location

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self.db.executemany(sql, rows)

    def begin(self) -> None:
        # Take the write lock now, not at the first write: no deadlock with a reader.
        self.db.execute("BEGIN IMMEDIATE")

    def has_state(self) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                               "AND name = 'articles'").fetchone() is not None

    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def set_version(self, version: int) -> None:
        self.db.execute(f"PRAGMA user_version = {int(version)}")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()


class SqliteStateDatabase(SqliteConnection):
    """The state file `<directory>/<name>.sqlite3`, locked by `<name>.lock` beside it (in
    memory when `directory` is None)."""

    def __init__(self, directory: str | os.PathLike[str] | None, name: str,
                 timeout: float) -> None:
        self._lock_file: IO[str] | None = None
        if directory is None:
            self.path: Path | None = None
            super().__init__(sqlite3.connect(":memory:", isolation_level=None))
            self.create()
            return
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.path = state_path(directory, name)
        self._lock(directory, directory / f"{name}.lock")
        try:
            check_state_file(self.path)
            try:
                if not self.path.exists():
                    self._create_file(self.path)
                # Another program holding the file (a backup, the sqlite3 shell) is waited
                # for up to `timeout` seconds before a write counts as failed.
                super().__init__(sqlite3.connect(self.path, isolation_level=None,
                                                 timeout=timeout), str(self.path))
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.migrate()
            except sqlite3.OperationalError as error:
                raise _unavailable(self.path, error) from None
            except sqlite3.DatabaseError as error:
                raise _corrupt(self.path, f"is damaged ({error})") from None
        except BaseException:
            self._unlock()
            raise

    def _lock(self, directory: Path, lock_path: Path) -> None:
        self._lock_file = open(lock_path, "a+")  # noqa: SIM115 (held for the run)
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.close()
            self._lock_file = None
            raise StateLocked(
                f"another newscrawl run is using the state in {directory} "
                f"(lock {lock_path}); wait for it to finish or use another "
                "NEWSCRAWL_STATE_DIR") from None
        self._lock_file.seek(0)
        self._lock_file.truncate()
        self._lock_file.write(f"{os.getpid()}\n")
        self._lock_file.flush()

    def _unlock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    @staticmethod
    def _create_file(path: Path) -> None:
        """A new state appears whole or not at all (a kill here leaves no empty file)."""
        temporary = path.with_name(path.name + ".new")
        temporary.unlink(missing_ok=True)
        database = SqliteConnection(sqlite3.connect(temporary, isolation_level=None))
        try:
            database.create()
        finally:
            database.close()
        temporary.replace(path)

    def close(self) -> None:
        if hasattr(self, "db"):
            super().close()
        self._unlock()


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and urlsplit(str(url)).scheme in POSTGRES_SCHEMES


def url_secrets(url: str) -> tuple[str, ...]:
    """The password of a URL, as written and decoded, in its user part or its query."""
    found = []
    userinfo = urlsplit(url).netloc.rpartition("@")[0]
    if ":" in userinfo:
        found.append(userinfo.partition(":")[2])
    for key, _, value in (p.partition("=") for p in urlsplit(url).query.split("&")):
        if key == "password" and value:
            found.append(value)
    return tuple(sorted({variant for secret in found
                         for variant in (secret, unquote(secret)) if variant},
                        key=len, reverse=True))


def schema_name(name: str) -> str:
    """The PostgreSQL schema holding a spider's state: `newscrawl_<spider>`."""
    return "newscrawl_" + re.sub(r"[^a-z0-9_]", "_", name.lower())


def advisory_key(schema: str) -> int:
    """The 64-bit advisory lock key of a state (the same on every machine)."""
    digest = hashlib.blake2b(f"newscrawl state {schema}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@lru_cache(maxsize=256)
def _pg_sql(sql: str) -> str:
    # The state's SQL holds no literal `?` or `%`: placeholders only.
    return sql.replace("%", "%%").replace("?", "%s")


def _pg_tables() -> str:
    """The SQLite schema in PostgreSQL's words; articles and aliases get the insertion
    order column SQLite's rowid gives for free."""
    tables = (_TABLES.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
              .replace("BLOB PRIMARY KEY", "BYTEA PRIMARY KEY")
              .replace(") WITHOUT ROWID;", ");"))
    for table in ("articles", "aliases"):
        head = f"CREATE TABLE IF NOT EXISTS {table} (\n"
        assert head in tables, table
        tables = tables.replace(head, head + "    seq           BIGSERIAL,\n")
    assert "AUTOINCREMENT" not in tables and "BLOB" not in tables
    return tables


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StateError("NEWSCRAWL_STATE_URL is a PostgreSQL URL but psycopg is not "
                         "installed: pip install 'newscrawl[postgres]'") from None
    return psycopg


class PostgresStateDatabase(StateDatabase):
    """The state in schema `newscrawl_<name>` of a PostgreSQL database; the run lock is a
    session advisory lock, released when the run's connection ends (also when it is
    killed: the server notices the closed connection)."""

    row_order = "seq"

    def __init__(self, url: str, name: str, timeout: float, *, lock: bool = True,
                 create: bool = True) -> None:
        psycopg = _psycopg()
        self.errors = (psycopg.Error,)
        self.url = url
        self.schema = schema_name(name)
        self.location = f"{safe_url_string_for_log(url)} (schema {self.schema})"
        self.secrets = url_secrets(url)
        try:
            self.db = psycopg.connect(url, autocommit=True,
                                      connect_timeout=max(int(timeout), 1),
                                      application_name=f"newscrawl {name}")
        except psycopg.Error as error:
            raise self._unavailable(error) from None
        try:
            # A write blocked by another session fails after `timeout` (as SQLite's; 0
            # would mean "wait for ever" here).
            self.db.execute(f"SET lock_timeout = '{max(int(timeout * 1000), 1)}ms'")
            if lock:
                self._lock()
            exists = self.exists()
            if create or exists:
                if not exists:  # a schema made beforehand needs no CREATE right
                    self.db.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
                self.db.execute(f'SET search_path TO "{self.schema}"')
                if not self.has_state():
                    self.create()
                else:
                    self.migrate()
        except psycopg.Error as error:
            self.db.close()
            raise self._unavailable(error) from None
        except BaseException:
            self.db.close()
            raise

    def _unavailable(self, error: BaseException) -> StateUnavailable:
        reason = self.describe(error)
        return StateUnavailable(
            f"crawl state {self.location} cannot be used now ({reason}): is the database "
            "server running and reachable, and the user allowed to create the schema? "
            "Nothing was changed; run again once that is fixed")

    def _lock(self) -> None:
        held = self.db.execute("SELECT pg_try_advisory_lock(%s)",
                               (advisory_key(self.schema),)).fetchone()[0]
        if not held:
            raise StateLocked(
                f"another newscrawl run is using the state {self.location} (PostgreSQL "
                "advisory lock); wait for it to finish or use another NEWSCRAWL_STATE_URL")

    def exists(self) -> bool:
        return self.db.execute("SELECT 1 FROM information_schema.schemata "
                               "WHERE schema_name = %s", (self.schema,)).fetchone() is not None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if not params:  # sent as it is: no placeholders to adapt
            return self.db.execute(sql)
        return self.db.execute(_pg_sql(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        cursor = self.db.cursor()
        cursor.executemany(_pg_sql(sql), list(rows))
        return cursor

    def tables(self) -> str:
        return _pg_tables() + ("CREATE TABLE IF NOT EXISTS schema_version "
                               "(version INTEGER NOT NULL);")

    def has_state(self) -> bool:
        return self.db.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name = 'articles'", (self.schema,)).fetchone() is not None

    def version(self) -> int:
        row = self.db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def set_version(self, version: int) -> None:
        self.db.execute("DELETE FROM schema_version")
        self.db.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    def reset(self) -> str | None:
        """Rename the state's schema aside (nothing is deleted); its new name, or None when
        there is no state. Refused while a run holds the lock (taken at open)."""
        if not self.exists():
            return None
        suffix = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")  # two resets a second apart
        target = f"{self.schema}_reset_{suffix}"
        self.db.execute(f'ALTER SCHEMA "{self.schema}" RENAME TO "{target}"')
        return target

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.db.close()  # ends the session: the advisory lock goes with it


def open_database(directory: str | os.PathLike[str] | None, name: str, timeout: float,
                  url: str | None = None) -> StateDatabase:
    """The state database: PostgreSQL when `url` is given, else the SQLite file in
    `directory` (in memory when that is None too)."""
    if url:
        return PostgresStateDatabase(checked_url(url), name, timeout)
    return SqliteStateDatabase(directory, name, timeout)


def checked_url(url: str) -> str:
    if not is_postgres_url(url):
        raise StateError(f"NEWSCRAWL_STATE_URL {safe_url_string_for_log(url)!r} is not a "
                         "postgresql://user@host:port/database URL")
    return url


def missing_state(directory: str | os.PathLike[str] | None, url: str | None,
                  name: str) -> str | None:
    """Where the state would be, when there is none there yet; None when there is one."""
    if url:
        database = PostgresStateDatabase(checked_url(url), name, 30.0, lock=False,
                                         create=False)
        try:
            return None if database.exists() else database.location
        except database.errors as error:
            raise database._unavailable(error) from None
        finally:
            database.close()
    path = state_path(directory or ".", name)
    return None if path.exists() else str(path)


def reset_state_at(directory: str | os.PathLike[str] | None, url: str | None,
                   name: str) -> list[str]:
    """Move a state aside so the next run starts afresh (nothing is deleted): the SQLite
    files renamed, or the PostgreSQL schema renamed. Refused while a run holds it."""
    if url:
        database = PostgresStateDatabase(checked_url(url), name, 30.0, create=False)
        try:
            moved = database.reset()
        except database.errors as error:
            raise StateError(f"crawl state {database.location} could not be moved aside "
                             f"({database.describe(error)}); nothing was changed") from None
        finally:
            database.close()
        return [f"schema {database.schema} -> {moved}"] if moved else []
    return [str(path) for path in reset_state(directory or ".", name)]
