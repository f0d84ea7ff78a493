"""The raw-page archive: `-s NEWSCRAWL_ARCHIVE=DIR` writes every response a run downloads
(status, headers, body as the server sent it, fetch time) to `DIR/<run id>.warc.gz`, a
standard WARC 1.1 file written with warcio (Webrecorder's maintained WARC library: pure
Python, streaming, the reader and writer pywb and the Browsertrix tools use; fastwarc is
faster but reads only, and scrapy-webarchive has its own notion of when to write).

Each record is its own gzip member, flushed as soon as it is written, so a killed run
leaves a readable archive of everything it fetched: at worst its last record is cut, and
`read_archive` stops there and says so. `newscrawl reextract` runs today's extraction over
an archive; `newscrawl serve ARCHIVE` replays one as a mirror.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.output.exports import current_run_id

logger = logging.getLogger(__name__)

CANONICAL_HEADER = "Newscrawl-Canonical-URI"  # the page's site URL when fetched from a mirror
RUN_HEADER = "Newscrawl-Run-Id"
# A body is inflated up to this size, no more (what Scrapy's DOWNLOAD_MAXSIZE allows).
MAX_BODY = 1024 * 1024 * 1024


def archive_path(directory: str | Path, run_id: str) -> Path:
    return Path(directory) / f"{run_id}.warc.gz"


class ArchiveWriter:
    """Extension: every downloaded response into the run's WARC file (response_downloaded
    fires before any middleware, so the body is the server's: still compressed, redirects
    included)."""

    def __init__(self, crawler: Crawler, directory: str) -> None:
        self.crawler = crawler
        self.directory = Path(directory)
        self.file: IO[bytes] | None = None
        self.writer: WARCWriter | None = None
        self.path: Path | None = None
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveWriter:
        directory = crawler.settings.get("NEWSCRAWL_ARCHIVE")
        if not directory:
            raise NotConfigured("NEWSCRAWL_ARCHIVE is not set")
        extension = cls(crawler, directory)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.response_downloaded,
                                signal=signals.response_downloaded)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        run_id = current_run_id(self.crawler.settings)
        self.path = archive_path(self.directory, run_id)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.file = open(self.path, "ab")  # noqa: SIM115 (open for the whole run)
            self.writer = WARCWriter(self.file, gzip=True, warc_version="WARC/1.1")
            info = self.writer.create_warcinfo_record(self.path.name, {
                "software": "newscrawl", "format": "WARC File Format 1.1",
                "run-id": run_id})
            self._write(info)
        except OSError as error:
            self._fail(error)

    def response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        if self.writer is None or self.failed:
            return
        # Twisted has undone any chunking: a Transfer-Encoding header would mislead readers.
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in response.headers.items() for v in values
                   if k.lower() != b"transfer-encoding"]
        reason = _REASONS.get(response.status, "")
        http_headers = StatusAndHeaders(f"{response.status} {reason}".strip(), headers,
                                        protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": _warc_date(datetime.now(UTC)),
                        RUN_HEADER: current_run_id(self.crawler.settings)}
        canonical_of = getattr(spider, "canonical_of", None)
        if canonical_of is not None:  # the URL the spider files the page under
            warc_headers[CANONICAL_HEADER] = canonical_of(response)
        record = self.writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(response.body),
            http_headers=http_headers, warc_headers_dict=warc_headers)
        self._write(record)

    def _write(self, record: Any) -> None:
        try:
            self.writer.write_record(record)  # type: ignore[union-attr]
            self.file.flush()  # type: ignore[union-attr]
        except OSError as error:
            self._fail(error)

    def _fail(self, error: OSError) -> None:
        """The archive cannot be written: say it once, stop the run (exit status 4)."""
        self.failed = True
        where = self.path or self.directory
        reason = f"{error.strerror or error}"
        stats = self.crawler.stats
        stats.inc_value("newscrawl/output/failed")
        stats.set_value("newscrawl/output/failures", [
            *stats.get_value("newscrawl/output/failures", []), f"archive {where}: {reason}"])
        logger.error("Archive failed: %s: %s. The run stops.", where, reason)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            import asyncio
            asyncio.ensure_future(engine.close_spider_async(reason="output_failed"))

    def spider_closed(self, spider: Any) -> None:
        if self.file is not None:
            try:
                self.file.close()
            except OSError as error:
                if not self.failed:
                    self._fail(error)


_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 303: "See Other",
            304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
            404: "Not Found", 410: "Gone", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class ArchivedResponse:
    url: str  # as fetched
    canonical_url: str | None  # the site URL it stood for (None: url is the site's)
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes  # as the server sent it (see decoded_body)
    received_at: datetime
    run_id: str | None

    def decoded_body(self) -> bytes:
        """The body as the spider read it: Content-Encoding (gzip, deflate, br) undone."""
        return decode_content(self.body, self.headers.get("content-encoding", ""))


def decode_content(body: bytes, encoding: str) -> bytes:
    for coding in reversed([c.strip().lower() for c in encoding.split(",") if c.strip()]):
        if coding in ("gzip", "x-gzip"):
            body = gunzip(body, max_size=MAX_BODY)
        elif coding == "deflate":
            try:
                body = zlib.decompress(body)
            except zlib.error:
                body = zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some send
        elif coding == "br":
            import brotli  # Scrapy's own optional dependency for br

            body = brotli.decompress(body)
        elif coding != "identity":
            raise ValueError(f"unknown Content-Encoding {coding!r}")
    return body


@dataclass
class ArchiveReading:
    """What read_archive found besides the responses."""

    records: int = 0
    torn: str | None = None  # why reading stopped early (a killed run's cut last record)


def read_archive(path: str | Path, reading: ArchiveReading | None = None
                 ) -> Iterator[ArchivedResponse]:
    """The response records of a WARC file, in the order they were written. A cut last
    record (a killed run) ends the reading; `reading.torn` says so."""
    reading = reading if reading is not None else ArchiveReading()
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        while True:
            try:
                record = next(records)
                if record.rec_type != "response":
                    continue
                # raw_stream: the payload as stored (content_stream would undo its
                # Content-Encoding by itself); a record cut short leaves some of its length.
                body = record.raw_stream.read()
                if getattr(record.raw_stream, "limit", 0) > 0:
                    raise EOFError("the archive's last record is cut short")
            except StopIteration:
                return
            except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as error:
                reading.torn = f"{type(error).__name__}: {error}"
                return
            reading.records += 1
            rec = record.rec_headers
            http = record.http_headers
            status = int(http.get_statuscode() or "0") if http is not None else 0
            headers = {k.lower(): v for k, v in (http.headers if http is not None else [])}
            date = rec.get_header("WARC-Date") or ""
            try:
                received = datetime.fromisoformat(date.replace("Z", "+00:00"))
            except ValueError:
                received = datetime.now(UTC)
            yield ArchivedResponse(rec.get_header("WARC-Target-URI") or "",
                                   rec.get_header(CANONICAL_HEADER), status, headers, body,
                                   received, rec.get_header(RUN_HEADER))
