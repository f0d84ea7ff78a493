"""A local HTTP mirror of the site, for the demo, the tests and crawling saved copies.

It serves a mapping of URL path -> page on 127.0.0.1 with the real HTTP machinery
(status codes, Content-Type, the Date header the crawler reads its fetch time from).
Unknown paths are 404, like the live site.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class MirrorPage:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    date: datetime | None = None  # sent as the Date header; now when None
    status: int = 200
    location: str | None = None  # sent as the Location header (a redirect)


def demo_pages(n_articles: int, per_page: int = 5) -> dict[str, MirrorPage]:
    """The generated demo site (newscrawl.devtools.demo_site), dated with its own clock.

    Its articles come one every 37 minutes from DEFAULT_START; an archive-sized mirror
    (over 10,000 articles) starts earlier so that its newest article is no later than the
    10,000th's (July 2026), never in the future of a crawl's clock, which would not
    believe such dates."""
    from newscrawl.devtools.demo_site import DEFAULT_START, build_site, default_now
    from newscrawl.devtools.demo_site.articles import PUBLISH_STEP_MINUTES

    start = DEFAULT_START - timedelta(minutes=PUBLISH_STEP_MINUTES * max(0, n_articles - 10_000))
    now = default_now(n_articles, start=start)  # relative times were written against it
    return {path: MirrorPage(page.body, page.content_type or content_type_for(path), now)
            for path, page in build_site(n_articles, per_page=per_page, start=start).items()}


def pages_from_archive(*archives: Path) -> dict[str, MirrorPage]:
    """The pages of WARC archives (newscrawl.ops.archive) by URL path: each page's decoded
    body, type, status, redirect and Date as they were fetched (a later fetch of a path
    wins). The mirror replays a run."""
    from newscrawl.extraction.dates import parse_http_date
    from newscrawl.ops.archive import ArchiveReading, read_archive

    pages: dict[str, MirrorPage] = {}
    for archive in archives:
        for page in read_archive(archive, ArchiveReading()):
            path = urlsplit(page.url).path or "/"
            try:
                body = page.decoded_body()
            except (OSError, ValueError, ImportError):
                continue
            pages[path] = MirrorPage(body, page.headers.get("content-type")
                                     or content_type_for(path),
                                     parse_http_date(page.headers.get("date"))
                                     or page.received_at, page.status,
                                     page.headers.get("location"))
    return pages


def content_type_for(path: str) -> str:
    if path.endswith(".rss"):
        return "application/rss+xml; charset=utf-8"
    if path.endswith(".xml"):
        return "application/xml; charset=utf-8"
    if path.endswith(".txt"):
        return "text/plain; charset=utf-8"
    return "text/html; charset=utf-8"


def pages_from_manifest(sample_dir: Path) -> dict[str, MirrorPage]:
    """The pages a sample set's manifest.json lists (beside site/), each with its own Date
    (files the manifest does not list are not served)."""
    manifest = json.loads((sample_dir / "manifest.json").read_text(encoding="utf-8"))
    listed = {urlsplit(e.get("fetch_url") or e["url"]).path or "/" for e in manifest}
    return {path: page for path, page in pages_from_directory(sample_dir).items()
            if path in listed}


def pages_from_directory(root: Path) -> dict[str, MirrorPage]:
    """A saved copy of the site: files laid out by URL path (`van-hoa-p1.htm` is served at
    `/van-hoa-p1.htm`, an `index.html` at its folder's path), each sent with the fetch time
    of an optional `manifest.json` (entries with `path`, `fetch_url` or `url`, and
    `fetched_at`, as ../shared/samples has) as its Date, else the file's modification time.
    Only files inside `root` are served: a symlink or a manifest path leading out of it is
    skipped. Raises FileNotFoundError when `root` is not a directory and ValueError (one
    line) for a manifest that is not a list of such entries."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a directory")
    inside = root.resolve()
    pages: dict[str, MirrorPage] = {}
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = file.relative_to(root).as_posix()
        if relative == "manifest.json" or relative.startswith(".") or \
                not file.resolve().is_relative_to(inside):
            continue
        path = "/" + relative
        modified = datetime.fromtimestamp(file.stat().st_mtime, UTC)
        page = MirrorPage(file.read_bytes(), content_type_for(path), modified)
        pages[path] = page
        if file.name in ("index.html", "index.htm"):
            pages.setdefault(path.rsplit("/", 1)[0] + "/", page)
    manifest = root / "manifest.json"
    if manifest.is_file():
        pages.update(_manifest_pages(root, inside, manifest))
    return pages


def _manifest_pages(root: Path, inside: Path, manifest: Path) -> dict[str, MirrorPage]:
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ValueError(f"{manifest} is not JSON: {error}") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError(f"{manifest} is not a list of {{path, url, fetched_at}} entries")
    pages = {}
    for number, entry in enumerate(entries, 1):
        relative, url = entry.get("path"), entry.get("fetch_url") or entry.get("url")
        fetched = entry.get("fetched_at")
        if not isinstance(relative, str) or not isinstance(url, str) or \
                not isinstance(fetched, str | None):
            raise ValueError(f"{manifest} entry {number}: path and url must be text, "
                             "fetched_at an ISO time")
        file = root / relative
        if not file.is_file() or not file.resolve().is_relative_to(inside):
            continue  # missing, or outside the directory: never served
        try:
            date = datetime.fromisoformat(fetched.replace("Z", "+00:00")) if fetched else None
        except ValueError:
            raise ValueError(f"{manifest} entry {number}: fetched_at {fetched!r} is not an "
                             "ISO time") from None
        path = urlsplit(url).path or "/"
        pages[path] = MirrorPage(file.read_bytes(), content_type_for(path), date)
    return pages


class _Handler(BaseHTTPRequestHandler):
    server: _MirrorServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.requests.append(self.path)
        if self.server.delay:
            time.sleep(self.server.delay)  # a slow site, for kill/resume tests
        path = urlsplit(self.path).path or "/"
        page = self.server.pages.get(path)
        if page is None:
            page = MirrorPage(b"<html><body><h1>404 Not Found</h1></body></html>", status=404)
        self.send_response_only(page.status)
        self.send_header("Server", "newscrawl-mirror")
        sent_at = (page.date or datetime.now(UTC)).astimezone(UTC)
        self.send_header("Date", format_datetime(sent_at, usegmt=True))
        self.send_header("Content-Type", page.content_type)
        if page.location:
            self.send_header("Location", page.location)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        self.wfile.write(page.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the crawler logs what matters; keep test output quiet


class _MirrorServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the crawler went away (killed, timed out): nothing to report
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def __init__(self, pages: Mapping[str, MirrorPage], host: str, port: int,
                 delay: float = 0.0) -> None:
        super().__init__((host, port), _Handler)
        self.pages = pages
        self.delay = delay
        self.requests: list[str] = []


@dataclass
class RunningMirror:
    url: str
    server: _MirrorServer

    @property
    def requests(self) -> list[str]:
        """Paths requested so far, in order (what the crawler actually fetched)."""
        return self.server.requests


@contextmanager
def serve(pages: Mapping[str, MirrorPage], host: str = "127.0.0.1",
          port: int = 0, delay: float = 0.0) -> Iterator[RunningMirror]:
    """Serve `pages` on a free loopback port (or `port`) in a background thread, each
    response `delay` seconds late. `pages` may change while it serves (new articles)."""
    server = _MirrorServer(pages, host, port, delay)
    thread = threading.Thread(target=server.serve_forever, name="newscrawl-mirror", daemon=True)
    thread.start()
    try:
        yield RunningMirror(f"http://{host}:{server.server_address[1]}", server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
