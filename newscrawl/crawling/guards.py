"""Guards on what a server sends before extraction reads it: binary bodies, XML that
declares entities, gzip bombs, and readable reasons for failed downloads."""

from __future__ import annotations

import codecs

from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from twisted.web.client import ResponseFailed

from newscrawl.extraction.rss import declares_entities

__all__ = ["SitemapTooLarge", "declares_entities", "failure_reason", "gunzip_capped",
           "looks_binary"]

# Reasons for failures whose exception carries no message of its own.
_REASONS = {
    "truncated": "response cut short (fewer bytes than its Content-Length)",
    "connection_lost": "connection closed or reset before a whole response arrived",
    "timeout": "no response within DOWNLOAD_TIMEOUT",
    "too_large": "response larger than DOWNLOAD_MAXSIZE",
}
_BINARY_MAGIC = (b"\x1f\x8b", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04")
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def failure_reason(error: BaseException, kind: str) -> str:
    """A readable reason for a failed download (Twisted's own messages are reprs)."""
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    if kind == "truncated":
        return _REASONS[kind]
    cause = error.__cause__
    if isinstance(cause, ResponseFailed):
        messages = [m for m in (r.getErrorMessage() for r in cause.reasons) if m.strip()]
        if messages:
            return "; ".join(messages)
    return str(error) or _REASONS.get(kind, type(error).__name__)


class SitemapTooLarge(ValueError):
    """A compressed sitemap inflating past NEWSCRAWL_SITEMAP_MAX_BYTES."""


def looks_binary(body: bytes) -> bool:
    """True for bytes no web page is made of (images, archives, random data)."""
    head = body[:2048]
    if head.startswith(_BINARY_MAGIC):
        return True
    if head.startswith(_TEXT_BOMS):
        return False  # UTF-16 text is full of NUL bytes
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\x1b")
    return b"\x00" in head or controls * 20 > len(head)


def gunzip_capped(data: bytes, max_size: int) -> bytes:
    """Inflate gzip data (concatenated members too; a truncated one keeps what inflated),
    never producing more than `max_size` bytes: a gzip bomb raises SitemapTooLarge."""
    try:
        return gunzip(data, max_size=max_size)
    except ValueError:  # Scrapy's "past max_size" error; gunzip raises no other
        raise SitemapTooLarge(f"inflates past {max_size} bytes") from None
