"""Exports: the default feeds, the run id, and an exporter that says when a record is safe.

Each run writes `<output>/articles-<run-id>.jsonl` and `<output>/teasers-<run-id>.jsonl`
(the run's delta, for downstream jobs) and refreshes the stable `<output>/articles.jsonl`
and `<output>/teasers.jsonl` with the same records (for one-off use).

DurableFeedExporter is Scrapy's FeedExporter with one promise added: a record counts as
exported only once it is in every feed that takes it and on disk. It flushes and fsyncs
local feeds at checkpoints (every NEWSCRAWL_CHECKPOINT_ITEMS records or
NEWSCRAWL_CHECKPOINT_SECONDS seconds, and at the end) and then sends `records_durable`;
records of remote feeds (s3://, ftp://, ...) are durable only once the feed is stored at
the end of the run. A feed that cannot be written (read-only directory, full disk, closed
pipe, failed upload) stops the run: its records are never sent as durable, so the crawl
state keeps them pending and the next good run exports them.
"""

from __future__ import annotations

import asyncio
import csv
import errno
import io
import json
import logging
import os
import secrets
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PureWindowsPath
from typing import IO, Any
from urllib.parse import urlparse

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.exporters import BaseItemExporter, CsvItemExporter, JsonLinesItemExporter
from scrapy.extensions.feedexport import (
    FeedExporter,
    FeedSlot,
    FileFeedStorage,
    StdoutFeedStorage,
)
from scrapy.utils.defer import ensure_awaitable

from newscrawl.errors import UsageProblem
from newscrawl.extraction.records import Article, Teaser, record_values
from newscrawl.signals import on_item_scraped, records_durable

logger = logging.getLogger(__name__)

FEED_FILES = {
    "articles": "newscrawl.extraction.records.Article",
    "teasers": "newscrawl.extraction.records.Teaser",
}
STABLE_FEED_NAMES = frozenset(f"{kind}.jsonl" for kind in FEED_FILES)

_run_id_lock = threading.Lock()
_last_run_ms = 0


def new_run_id(now: datetime | None = None) -> str:
    """Sorts in start order: 20251116T160000123Z-3f9a (UTC to the millisecond; within one
    process a later call never gets an equal or earlier time, so ids never tie)."""
    global _last_run_ms
    now = now or datetime.now(UTC)
    milliseconds = int(now.timestamp() * 1000)
    with _run_id_lock:
        milliseconds = max(milliseconds, _last_run_ms + 1)
        _last_run_ms = milliseconds
    moment = datetime.fromtimestamp(milliseconds / 1000, UTC)
    return (moment.strftime("%Y%m%dT%H%M%S") + f"{milliseconds % 1000:03d}Z-"
            + secrets.token_hex(2))


def current_run_id(settings: Any) -> str:
    """This run's id (set when a crawl run starts); "manual" outside one."""
    return settings.get("NEWSCRAWL_RUN_ID") or "manual"


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


# Formats whose files hold one record type each: a feed of them asked for by `-o out.csv`
# without item_classes becomes out-articles.csv and out-teasers.csv, every column present.
ONE_TYPE_FORMATS = frozenset({"csv", "parquet"})
WRITTEN_AT_THE_END = frozenset({"parquet"})


def record_fields(kind: str) -> list[str]:
    """The columns of a record type (articles/teasers), in the contract's order."""
    from dataclasses import fields

    from newscrawl.extraction.records import Article, Teaser

    return [f.name for f in fields(Article if kind == "articles" else Teaser)]


def feeds_by_record_type(feeds: dict[str, Any]) -> dict[str, Any]:
    """FEEDS with every CSV/Parquet feed that takes both record types split in one feed
    per type (`out.csv` -> `out-articles.csv`, `out-teasers.csv`), so no type's columns
    are dropped; other feeds unchanged."""
    split: dict[str, Any] = {}
    for uri, options in feeds.items():
        options = dict(options or {})
        feed_format = options.get("format") or Path(urlparse(str(uri)).path).suffix[1:]
        if feed_format not in ONE_TYPE_FORMATS or options.get("item_classes"):
            split[uri] = feeds[uri]
            continue
        if str(uri) in ("-", "stdout:") or str(uri).startswith("stdout:"):
            raise UsageProblem(f"{feed_format} output to stdout would mix articles and teasers "
                               f"in one stream: give a file name (-O out.{feed_format})")
        base, dot, suffix = str(uri).rpartition(".")
        if not dot or "/" in suffix:
            base, dot, suffix = str(uri), "", ""
        if feed_format in WRITTEN_AT_THE_END:
            options["overwrite"] = True  # a Parquet file cannot be appended to: replaced
        for kind, item_class in FEED_FILES.items():
            split[f"{base}-{kind}{dot}{suffix}"] = {
                **options, "format": feed_format, "item_classes": [item_class],
                "fields": options.get("fields") or record_fields(kind)}
    return split


def local_feed_file(uri: str) -> Path | None:
    """The local file a feed URI writes, or None for stdout and remote storages."""
    if uri.startswith("file://"):
        return Path(uri.removeprefix("file://"))
    if "://" in uri or uri.startswith("stdout:") or uri == "-":
        return None
    return Path(uri)


def has_remote_feeds(feeds: dict[str, Any]) -> bool:
    """Some feed goes to a remote storage (s3://, ftp://...), stored only at the end."""
    return any(local_feed_file(str(uri)) is None and not str(uri).startswith("stdout:")
               and str(uri) != "-" for uri in feeds)


def own_feed_files(feeds: dict[str, Any], run_id: str) -> list[str]:
    """Local feed files that hold this run's records and nothing a later run writes (the
    per-run files and user-given feeds, not the stable copies the next run replaces), as
    "path" for JSON Lines and "path<TAB>format" for other formats.

    None at all when a feed is remote: a killed or failed run's records are then not read
    back from its local files (its remote feed never got them), so they stay pending and
    the next run sends them to every feed again (a second copy locally, never a loss)."""
    if has_remote_feeds(feeds):
        return []
    found = []
    for uri, options in feeds.items():
        if "%(" in str(uri):
            continue  # a template (%(name)s, %(time)s): its file is named at open time
        path = local_feed_file(str(uri))
        if path is not None:
            found.append((path, (options or {}).get("format") or "jsonlines"))
    has_run_files = any(run_id in path.name for path, _ in found)
    return [str(path) if feed_format == "jsonlines" else f"{path}\t{feed_format}"
            for path, feed_format in found
            if not (has_run_files and path.name in STABLE_FEED_NAMES)]


# Formats whose records a later run can read back from a killed run's file.
READABLE_FORMATS = frozenset({"jsonlines", "jsonl", "jl", "json", "csv"})


def read_back(path: Path, feed_format: str) -> Iterator[dict[str, Any]]:
    """The records a (killed) run wrote to a local feed file, as far as they are whole."""
    if feed_format == "csv":
        with path.open(encoding="utf-8", errors="replace", newline="") as file:
            yield from csv.DictReader(file)
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    if feed_format == "json":
        yield from _json_array_items(text)
        return
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            yield record


def _json_array_items(text: str) -> Iterator[dict[str, Any]]:
    """Items of the JSON arrays in a file (one per run appending to it), the last of which
    may end early (its writer was killed)."""
    decoder = json.JSONDecoder()
    position = text.find("[") + 1
    while 0 < position < len(text):
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            return
        if text[position] == "]":
            position = text.find("[", position) + 1  # the next run's array, if any
            continue
        if text[position] == "[":  # a killed run's array left open, then the next one
            position += 1
            continue
        try:
            item, position = decoder.raw_decode(text, position)
        except ValueError:
            return
        if isinstance(item, dict):
            yield item


class _WholeWrites(io.FileIO):
    """An unbuffered file whose write() writes everything or raises: a raw write may
    write part of a line on a nearly full disk and return the short count, which the
    exporters ignore (the record would count as written while its line is torn)."""

    def write(self, data: Any) -> int:
        size = len(data)
        count = super().write(data)
        if count == size:
            return size  # nearly always: the line went whole
        view = memoryview(data).cast("B")
        written = count or 0
        while written < size:
            count = super().write(view[written:])
            if not count:
                raise OSError(errno.ENOSPC, "No space left on device (short write)", self.name)
            written += count
        return written


class LineFlushedFileStorage(FileFeedStorage):
    """Local feed files written without a user-space buffer.

    The JSON Lines exporter writes each record with one write() call, so every exported
    line reaches the operating system at once: a killed run (even SIGKILL) leaves every
    exported record on disk, and the crawl state never gets ahead of the output.
    """

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return _WholeWrites(path, self.write_mode)  # type: ignore[return-value]


def safe_url_string_for_log(uri: str) -> str:
    """The URI without a password (feed and database URIs may carry credentials:
    ftp://user:pass@..., ...?password=...). Never fails, whatever the URI."""
    parts = urlparse(uri)
    userinfo, at, hostinfo = parts.netloc.rpartition("@")
    if at and ":" in userinfo:
        parts = parts._replace(netloc=f"{userinfo.partition(':')[0]}:***@{hostinfo}")
    if "password=" in parts.query:
        parts = parts._replace(query="&".join(
            "password=***" if pair.startswith("password=") else pair
            for pair in parts.query.split("&")))
    return parts.geturl()


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror}{where}"
    return str(error) or type(error).__name__


class RecordJsonLinesItemExporter(JsonLinesItemExporter):
    """Scrapy's JSON Lines exporter, byte for byte, with a direct route for the record
    dataclasses: every field in column order, encoded at once. Scrapy's generic route
    (an ItemAdapter, then each field through serialize_field) costs more than the JSON
    encoding itself. Options that change the fields (fields_to_export, field serializers
    on other item types) take Scrapy's route."""

    # The last record's line and the options it was encoded with: a record goes to two
    # feeds (the cumulative file and the run's own), one after the other, and is encoded
    # once. Scrapy sends item_scraped once per record, so the same object is not seen
    # again changed.
    _last_line: tuple[Any, str, bytes] | None = None

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self._line_options = f"{self.encoding}|{sorted(self._kwargs.items())!r}"

    def export_item(self, item: Any) -> None:
        if self.fields_to_export is None and (type(item) is Article or type(item) is Teaser):
            last = RecordJsonLinesItemExporter._last_line
            if last is not None and last[0] is item and last[1] == self._line_options:
                line = last[2]
            else:
                line = (self.encoder.encode(record_values(item)) + "\n").encode(
                    self.encoding or "utf-8")
                RecordJsonLinesItemExporter._last_line = (item, self._line_options, line)
            self.file.write(line)
            return
        super().export_item(item)


class JsonCellCsvItemExporter(CsvItemExporter):
    """CSV with list and object fields (authors, tags, images) as JSON text in their cell,
    so they read back exactly (`json.loads`), never joined with commas. The header is
    written when the file opens (an empty run still names its columns) and not again
    when appending to a file that has one (`-o out.csv`, run after run)."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        try:
            appending = file.tell() > 0
        except (OSError, ValueError):
            appending = False
        if appending:
            self._headers_not_written = False

    def start_exporting(self) -> None:
        super().start_exporting()
        if self._headers_not_written and self.include_headers_line and self.fields_to_export:
            self._headers_not_written = False
            self._write_headers_and_set_fields_to_export(None)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        return super().serialize_field(field, name, value)


def parquet_schema(columns: list[str]) -> Any:
    """One Arrow schema per record type, whatever a run's values: a run whose records all
    lack a value (or an empty run) gives the same columns and types as any other."""
    import pyarrow as pa

    types = {"authors": pa.list_(pa.string()), "tags": pa.list_(pa.string()),
             "images": pa.list_(pa.struct([("url", pa.string()), ("caption", pa.string())])),
             "word_count": pa.int64(), "revision": pa.int64(), "position": pa.int64()}
    return pa.schema([(name, types.get(name, pa.string())) for name in columns])


class ParquetItemExporter(BaseItemExporter):
    """Parquet (pyarrow; `pip install newscrawl[parquet]`): records are gathered and
    written as one table when the feed closes, lists and images as nested columns, with
    the same schema every run (parquet_schema)."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise UsageProblem("Parquet output needs pyarrow: pip install "
                               "'newscrawl[parquet]'") from None
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.rows: list[dict[str, Any]] = []

    def export_item(self, item: Any) -> None:
        self.rows.append(dict(self.get_serialized_fields(item, default_value=None)))

    def finish_exporting(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = list(self.fields_to_export or (list(self.rows[0]) if self.rows else []))
        schema = parquet_schema(columns)
        table = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in self.rows],
                                     schema=schema)
        pq.write_table(table, self.file)


class DurableFeedExporter(FeedExporter):
    """FeedExporter that confirms records only once they are safely written."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DurableFeedExporter:
        check_feeds(crawler.settings)
        try:
            exporter = super().from_crawler(crawler)
        except NotConfigured:
            if crawler.settings.getdict("FEEDS"):
                # Scrapy logged why above; a crawl whose output is switched off would
                # otherwise run to the end and write nothing.
                raise UsageProblem("a feed in FEEDS cannot be used (see the error above)"
                                   ) from None
            raise
        # The first of the project's item_scraped receivers (newscrawl.signals).
        crawler.signals.disconnect(exporter.item_scraped, signal=signals.item_scraped)
        on_item_scraped(crawler, exporter.item_scraped)
        return exporter

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.unconfirmed: list[Any] = []
        self.failures: dict[str, str] = {}
        self.checkpoint_items = max(crawler.settings.getint("NEWSCRAWL_CHECKPOINT_ITEMS"), 1)
        self.checkpoint_seconds = crawler.settings.getfloat("NEWSCRAWL_CHECKPOINT_SECONDS")
        self._last_checkpoint = time.monotonic()
        self._closing = False

    # ------------------------------------------------------------------ writing

    def open_spider(self, spider: Spider) -> None:
        super().open_spider(spider)
        # Open every feed now: an output that cannot be written stops the run before
        # it fetches anything, not after it has crawled for an hour.
        for slot in self.slots:
            try:
                slot.start_exporting()
            except Exception as error:
                self.fail(slot.uri, error)
                return

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self.failures:
            return  # the run is stopping; nothing more is written anywhere
        counts = [(slot, slot.itemcount) for slot in self.slots]
        try:
            super().item_scraped(item, spider)
        except Exception as error:
            failed = next((slot for slot, count in counts
                           if slot.filter.accepts(item) and slot.itemcount == count), None)
            self.fail(failed.uri if failed else "a feed", error)
            return
        self.unconfirmed.append(item)
        if (len(self.unconfirmed) >= self.checkpoint_items
                or time.monotonic() - self._last_checkpoint >= self.checkpoint_seconds):
            self.checkpoint()

    def checkpoint(self) -> bool:
        """Flush and fsync every open local feed; confirm what they hold when all of them
        stream straight to their final place. False when a feed failed."""
        self._last_checkpoint = time.monotonic()
        for slot in self.slots:
            if not self._sync(slot):
                return False
        if self.unconfirmed and all(self._streams(slot) for slot in self.slots):
            self._confirm()
        return True

    def _sync(self, slot: FeedSlot) -> bool:
        file = slot.file
        if file is None or getattr(file, "closed", False):
            return True
        try:
            file.flush()
            if isinstance(slot.storage, FileFeedStorage):
                os.fsync(file.fileno())
        except OSError as error:
            if error.errno in (errno.EINVAL, errno.ENOTSUP):
                return True  # a pipe or a terminal: flushed is as far as it goes
            self.fail(slot.uri, error)
            return False
        except Exception as error:
            self.fail(slot.uri, error)
            return False
        return True

    @staticmethod
    def _streams(slot: FeedSlot) -> bool:
        """Records written to this feed are in their final place once flushed (not for
        Parquet, written whole at the end: its records count once it is stored)."""
        return (isinstance(slot.storage, FileFeedStorage | StdoutFeedStorage)
                and "postprocessing" not in slot.feed_options
                and slot.format not in WRITTEN_AT_THE_END)

    def _confirm(self) -> None:
        items, self.unconfirmed = self.unconfirmed, []
        self.crawler.signals.send_catch_log(records_durable, items=items)

    # ------------------------------------------------------------------ failing

    def fail(self, uri: str, error: BaseException | str) -> None:
        """A feed cannot be written: record it, say it once, stop the run."""
        reason = error if isinstance(error, str) else _describe(error)
        uri = safe_url_string_for_log(uri)
        if uri in self.failures:
            return
        self.failures[uri] = reason
        stats = self.crawler.stats
        stats.inc_value("newscrawl/output/failed")
        stats.set_value("newscrawl/output/failures",
                        [f"{u}: {r}" for u, r in self.failures.items()])
        logger.error("Output failed: %s: %s. The run stops; records not written stay "
                     "pending for the next run.", uri, reason)
        if isinstance(error, BrokenPipeError) or uri in ("-", "stdout:"):
            # Nothing more can be said on a closed stdout; keep Python's exit quiet.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        engine = self.crawler.engine
        if not self._closing and engine is not None and engine.spider is not None:
            asyncio.ensure_future(engine.close_spider_async(reason="output_failed"))

    # ------------------------------------------------------------------ closing

    async def close_spider(self, spider: Spider) -> None:
        self._closing = True
        if not self.failures:
            self.checkpoint()
        await super().close_spider(spider)
        if not self.failures and self.unconfirmed:
            self._confirm()  # remote feeds: stored now, so their records are safe
        if self.failures:
            self.crawler.stats.set_value("newscrawl/output/unconfirmed", sum(
                1 for item in self.unconfirmed if ItemAdapter(item).get("type") == "article"))

    async def _close_slot(self, slot: FeedSlot, spider: Spider) -> None:
        """Scrapy's, with every failure (finishing, fsync, storing) made a run failure."""
        slot_type = type(slot.storage).__name__
        try:
            if slot.itemcount or (slot.store_empty and slot.batch_id == 1):
                slot.start_exporting()
                slot.finish_exporting()
            elif not isinstance(slot.storage, FileFeedStorage) or slot.file is None:
                return  # nothing to store
            if not self._sync(slot):
                raise OSError("could not be flushed to disk")
            await ensure_awaitable(slot.storage.store(self._get_file(slot)))
        except Exception as error:
            self.fail(slot.uri, error)
            self.crawler.stats.inc_value(f"feedexport/failed_count/{slot_type}")
            return
        logger.info("Stored %s feed (%d items) in: %s", slot.format, slot.itemcount,
                    safe_url_string_for_log(slot.uri), extra={"spider": spider})
        self.crawler.stats.inc_value(f"feedexport/success_count/{slot_type}")


def check_feeds(settings: Any) -> None:
    """Refuse, before the crawl, feeds Scrapy would silently switch off."""
    exporters = {k for k, v in settings.getwithbase("FEED_EXPORTERS").items() if v}
    storages = {k for k, v in settings.getwithbase("FEED_STORAGES").items() if v}
    for uri, options in settings.getdict("FEEDS").items():
        uri = str(uri)
        feed_format = (options or {}).get("format")
        if not feed_format:
            raise UsageProblem(f"feed {uri}: no format given and none can be inferred; "
                               "add one, e.g. -o out.jsonl or -o 'out.dat:jsonlines'")
        if feed_format not in exporters:
            raise UsageProblem(f"feed {uri}: unknown format {feed_format!r} "
                               f"(known: {', '.join(sorted(exporters))})")
        scheme = urlparse(uri).scheme
        if scheme not in storages and not PureWindowsPath(uri).drive:
            raise UsageProblem(f"feed {uri}: unknown storage scheme {scheme!r} "
                               f"(known: {', '.join(sorted(s for s in storages if s))})")


def repair_torn_line(path: Path, feed_format: str = "jsonlines") -> int:
    """Cut a last record that a killed writer left unfinished; bytes removed.

    A record ends at a newline; in CSV only at a newline outside quotes (bodies hold
    newlines), so a CSV file is scanned for the end of its last whole record."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    if not size:
        return 0
    with path.open("rb+") as file:
        file.seek(-1, 2)
        ends_with_newline = file.read(1) == b"\n"
        if feed_format == "csv":
            file.seek(0)
            keep = _csv_records_end(file.read())
        elif ends_with_newline:
            return 0
        else:
            keep = _last_newline_end(file, size)
        if keep == size:
            return 0
        file.truncate(keep)
    logger.warning("Repaired %s: removed a torn last line (%d bytes) left by a killed run",
                   path, size - keep)
    return size - keep


def _last_newline_end(file: IO[bytes], size: int) -> int:
    """Offset just past the file's last newline (0 when it has none), read from the end."""
    position = size
    while position > 0:
        start = max(0, position - 65536)
        file.seek(start)
        newline = file.read(position - start).rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        position = start
    return 0


def _csv_records_end(data: bytes) -> int:
    """Offset just past the last newline outside a quoted field (a doubled quote inside a
    field toggles twice, so it needs no special case)."""
    end, quoted = 0, False
    for index in range(len(data)):
        byte = data[index]
        if byte == 0x22:  # "
            quoted = not quoted
        elif byte == 0x0A and not quoted:
            end = index + 1
    return end
