"""A loopback HTTP server that misbehaves on demand, and tiny pages of the site's shape.

Each path maps to a Route: a Reply, a list of Replies (the n-th request gets the n-th,
the last one repeats) or a function of (path with query, hit number) returning one. A
Reply can also hang, reset the connection, send fewer bytes than its Content-Length or
stream a huge body. Every request is recorded with its arrival time.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from conftest import REPO

HTML = "text/html; charset=utf-8"
Fault = Literal["hang", "reset", "reset_mid_body", "truncate"]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    headers: Mapping[str, str] = field(default_factory=dict)
    fault: Fault | None = None
    stream_bytes: int = 0  # send this many filler bytes after `body`, no Content-Length


Route = Reply | Sequence[Reply] | Callable[[str, int], Reply | None]


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", headers={"Location": location})


class _Handler(BaseHTTPRequestHandler):
    server: FaultyServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = urlsplit(self.path).path or "/"
        hit = self.server.record(self.path)
        reply = self.server.reply_for(path, self.path, hit)
        if reply.fault == "hang":
            self.server.stopping.wait(30)  # accept, never answer (until the test ends)
            self.close_connection = True
            return
        if reply.fault == "reset":
            self._reset()
            return
        self.send_response_only(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.stream_bytes:
            self.send_header("Connection", "close")
            self.end_headers()
            self._stream(reply)
            return
        announced = len(reply.body)
        if reply.fault in ("truncate", "reset_mid_body"):
            announced = len(reply.body) * 2 + 1000
        self.send_header("Content-Length", str(announced))
        if reply.fault:
            self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(reply.body)
        except OSError:
            return
        if reply.fault == "reset_mid_body":
            self._reset()
        elif reply.fault == "truncate":
            self.close_connection = True

    def _stream(self, reply: Reply) -> None:
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        sent = 0
        try:
            self.wfile.write(reply.body)
            while sent < reply.stream_bytes:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass  # the client gave up, as it should
        self.close_connection = True

    def _reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0), no FIN."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class FaultyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes: Mapping[str, Route], host: str,
                 fallback: Callable[[str, int], Reply | None] | None = None) -> None:
        super().__init__((host, 0), _Handler)
        self.routes = dict(routes)
        self.fallback = fallback
        self.stopping = threading.Event()
        self.hits: list[tuple[str, float]] = []  # (path with query, monotonic time)
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def record(self, raw_path: str) -> int:
        """Record a request; its number among the requests for the same path (0 first)."""
        path = urlsplit(raw_path).path or "/"
        with self._lock:
            hit = sum(1 for p, _ in self.hits if (urlsplit(p).path or "/") == path)
            self.hits.append((raw_path, time.monotonic()))
        return hit

    def reply_for(self, path: str, raw_path: str, hit: int) -> Reply:
        route = self.routes.get(path)
        if route is None and self.fallback is not None:
            route = self.fallback
        if callable(route):
            route = route(raw_path, hit)
        if isinstance(route, Sequence):
            route = route[min(hit, len(route) - 1)]
        return route or Reply(404, b"<html><body><h1>404</h1></body></html>")

    @property
    def paths(self) -> list[str]:
        return [p for p, _ in self.hits]

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.hits if p == path)

    def times(self, path: str) -> list[float]:
        return [t for p, t in self.hits if p == path]

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets and broken pipes are the point here


@contextmanager
def serve_faults(routes: Mapping[str, Route], host: str = "127.0.0.1",
                 fallback: Callable[[str, int], Reply | None] | None = None,
                 defaults: bool = True) -> Iterator[FaultyServer]:
    """Serve `routes` on a free port of `host` (any 127.x.y.z) in a background thread.

    With `defaults`, robots.txt allows everything and /rss/home.rss and /sitemap.xml are
    valid but empty, so a test only sees the failures it set up.
    """
    all_routes: dict[str, Route] = dict(DEFAULT_ROUTES) if defaults else {}
    all_routes.update(routes)
    server = FaultyServer(all_routes, host, fallback)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="faulty-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- pages


def article_id(n: int) -> str:
    return f"{1763000000000 + n:013d}"


def article_path(n: int, slug: str = "bai-viet") -> str:
    return f"/{slug}-{n}-{article_id(n)}.htm"


def article_html(n: int, links: Sequence[str] = (), title: str | None = None) -> bytes:
    """An article page the site extractor reads: title, byline, date and two paragraphs."""
    title = title or f"Bài viết số {n} về đồng bào vùng cao"
    anchors = "".join(f'<a href="{href}">Liên kết {i}</a> ' for i, href in enumerate(links))
    return (
        "<html><head><meta charset='utf-8'><title>x</title></head><body>"
        f"<h1 class='title-detail'>{title}</h1>"
        "<div class='author-detail'><span class='author'>Minh Anh</span> - "
        "<span class='time'>08:31, 01/12/2024</span></div>"
        "<div class='sapo-detail'>Tóm tắt bài viết.</div>"
        "<div id='contentDetail'><p>Từ sáng sớm, bản Nà Lẹng đã rộn ràng tiếng chày.</p>"
        f"<p>Đoạn thứ hai của bài {n}.</p></div>"
        f"<div class='footer-links'>{anchors}</div></body></html>"
    ).encode()


def links_html(links: Sequence[str], extra: str = "") -> bytes:
    """A page (home, or anything else) that only links to `links`."""
    items = "".join(f'<div class="item"><h3><a href="{href}">Tin {i} về bản làng</a></h3></div>'
                    for i, href in enumerate(links))
    return f"<html><head><meta charset='utf-8'>{extra}</head><body>{items}</body></html>".encode()


def listing_html(articles: Sequence[str], next_href: str | None) -> bytes:
    """A section listing page: teasers in div.list-news, then a rel=next link."""
    items = "".join(f'<div class="item-news"><h3><a href="{href}">Tin {i} của chuyên mục</a>'
                    f"</h3></div>" for i, href in enumerate(articles))
    pager = f'<div class="pagination"><a rel="next" href="{next_href}">Sau</a></div>' \
        if next_href else ""
    return (f"<html><head><meta charset='utf-8'></head><body><div class='list-news'>{items}"
            f"</div>{pager}</body></html>").encode()


def rss_xml(links: Sequence[str], prolog: str = "") -> bytes:
    items = "".join(f"<item><title>Tin {i}</title><link>{href}</link></item>"
                    for i, href in enumerate(links))
    return (f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel>'
            f"<title>Báo Dân tộc</title>{items}</channel></rss>").encode()


def sitemap_xml(locs: Sequence[str], index: bool = False, prolog: str = "") -> bytes:
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    tag, root = ("sitemap", "sitemapindex") if index else ("url", "urlset")
    entries = "".join(f"<{tag}><loc>{loc}</loc></{tag}>" for loc in locs)
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<{root} {ns}>{entries}</{root}>'.encode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


DEFAULT_ROUTES: dict[str, Route] = {
    "/robots.txt": Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"),
    "/rss/home.rss": Reply(body=rss_xml([]), content_type="application/rss+xml"),
    "/sitemap.xml": Reply(body=sitemap_xml([]), content_type="application/xml"),
}


# --------------------------------------------------------------------------- crawling


@dataclass
class Crawl:
    """A finished `scrapy crawl baodantoc` run: exit code, log, stats, output records."""

    returncode: int
    log: str
    seconds: float
    output: Path

    @property
    def stats(self) -> dict[str, int]:
        """Integer crawl stats from the final stats dump."""
        dump = self.log[self.log.rfind("Dumping Scrapy stats:"):]
        return {k: int(v) for k, v in re.findall(r"'([^']+)': (\d+)[,}]", dump)}

    def errors(self) -> dict[str, int]:
        return {k.removeprefix("newscrawl/errors/"): v for k, v in self.stats.items()
                if k.startswith("newscrawl/errors/")}

    @property
    def summary(self) -> str:
        return next(line for line in self.log.splitlines() if "newscrawl summary" in line)

    def failure_lines(self, url: str) -> list[str]:
        """Log lines reporting `url` as failed (each failure must be reported once)."""
        return [line for line in self.log.splitlines() if f"Failed {url}:" in line]

    def records(self, name: str = "articles") -> list[dict]:
        path = self.output / "output" / f"{name}.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]


def crawl(cwd: Path, mirror: str, *args: str, timeout: float = 60) -> Crawl:
    """The real spider against `mirror`, fast settings (tiny retry waits, 2 s timeouts)."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, "-m", "scrapy", "crawl", "baodantoc",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
               "-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=2",
               "-s", "NEWSCRAWL_RETRY_BACKOFF_BASE=0.05", "-s", "TELNETCONSOLE_ENABLED=False",
               # Fault tests fail on purpose: the error-rate monitor would flag every run.
               "-s", "NEWSCRAWL_MAX_ERROR_RATE=1.0",
               "-a", f"mirror={mirror}", *args]
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)
    return Crawl(result.returncode, result.stderr, time.monotonic() - started, cwd)
