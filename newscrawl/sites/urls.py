"""Canonical URLs: https, host baodantoc.vn, no query or fragment, normalised encoding."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize
from w3lib.url import safe_url_string

from newscrawl.sites.baodantoc import (
    ARTICLE_PATH,
    CANONICAL_HOST,
    FEED_INDEX_PATH,
    LISTING_PATH,
    RSS_PATH,
    SITE_HOSTS,
    SKIP_PATH,
)

# Each URL rule keeps its last answers: a page's menus and boxes repeat on every page, and
# this many covers them. Not more: the caches would grow with the archive up to their
# size (each entry costs some 200 bytes; 65,536 of them in seven caches was 90 MB).
URL_CACHE_SIZE = 4096


@lru_cache(maxsize=URL_CACHE_SIZE)
def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_site_url(url: str) -> bool:
    """True for URLs on baodantoc.vn or its mobile/www hosts (never any other host)."""
    return host_of(url) in SITE_HOSTS


def site_url(href: str | None, base: str | None = None) -> str | None:
    """The canonical site URL a link or argument points to; None for anything else: another
    host, a non-web scheme, a malformed URL (a bad port, an IDNA error), or an ambiguous one.
    Never raises. The one gate every external URL passes before it may be requested.

    Ambiguous means parsers could disagree about its host, which is how a request is sent
    elsewhere than checked: browsers, w3lib and Scrapy read a backslash as a slash
    (`https://evil.example\\@baodantoc.vn/` is evil.example to them), so backslashes are
    read that way here too, and a URL with user info (`user@host`) is refused outright.
    """
    text = (href or "").strip()
    if not text or text.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    try:
        absolute = urljoin(base, text) if base else text
        absolute = safe_url_string(absolute.replace("\\", "/"))
        parts = urlsplit(absolute)
        port = parts.port  # raises ValueError for ":99999" or ":abc"
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or "@" in parts.netloc or host not in SITE_HOSTS:
            return None
        if port is not None and port != {"http": 80, "https": 443}[parts.scheme]:
            return None
        return canonical_url(absolute)
    except (ValueError, UnicodeError):
        return None


# An absolute URL that w3lib would give back unchanged: a lower-case host, a path of
# unreserved characters only (nothing to encode or to normalise) and no dot segment, no
# query, no fragment.
# Most links are like this, and w3lib's two passes cost more than the rest of the rule.
_PLAIN_URL = re.compile(r"(https?)://([a-z0-9.-]+)(?::([1-9]\d*))?((?:/(?!\.)[A-Za-z0-9._~-]*)*)")


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of a site URL; other hosts keep their host but lose query/fragment.

    https, host baodantoc.vn (m./www. mapped to it), no query string, no fragment,
    percent-encoding normalised by w3lib (so 'Th%c3%a1ng' and 'Tháng' are one URL).
    """
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    plain = _PLAIN_URL.fullmatch(url)
    if plain and int(plain[3] or 0) <= 65535:
        scheme, host, port, path = plain.groups()
        if host in SITE_HOSTS:
            return f"https://{CANONICAL_HOST}{path or '/'}"
        if port and (scheme, int(port)) not in {("http", 80), ("https", 443)}:
            host = f"{host}:{port}"
        return f"{scheme}://{host}{path or '/'}"
    url = safe_url_string(url)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    scheme = parts.scheme.lower() or "https"
    if host in SITE_HOSTS:
        host, scheme = CANONICAL_HOST, "https"
    elif parts.port and (scheme, parts.port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{parts.port}"
    path = parts.path or "/"
    # canonicalize_url normalises percent-encoding (and would sort a query we drop anyway).
    normalised = w3lib_canonicalize(urlunsplit((scheme, host, path, "", "")))
    return normalised


def rebase_url(url: str, mirror: str | None) -> str:
    """The URL to fetch for a canonical site URL: same path on the mirror when one is set."""
    if not mirror:
        return url
    parts = urlsplit(url)
    base = urlsplit(mirror.rstrip("/"))
    return urlunsplit((base.scheme, base.netloc, base.path + (parts.path or "/"), parts.query, ""))


def from_mirror(url: str, mirror: str | None) -> str:
    """Map a URL on the mirror server back to the site (the inverse of rebase_url)."""
    if not mirror:
        return url
    base = urlsplit(mirror.rstrip("/"))
    parts = urlsplit(url)
    if parts.netloc.lower() != base.netloc.lower():
        return url
    path = parts.path
    if base.path and path.startswith(base.path):
        path = path[len(base.path):] or "/"
    return urlunsplit(("https", CANONICAL_HOST, path, parts.query, ""))


@lru_cache(maxsize=URL_CACHE_SIZE)
def article_id(url: str) -> str | None:
    """The 13-digit id at the end of an article URL, else None."""
    match = ARTICLE_PATH.match(urlsplit(url).path)
    return match.group(1) if match else None


@lru_cache(maxsize=URL_CACHE_SIZE)
def listing_page(url: str) -> tuple[str, int] | None:
    """('cong-tac-dan-toc', 2) for .../cong-tac-dan-toc-p2.htm, else None."""
    if not is_site_url(url):
        return None
    match = LISTING_PATH.match(urlsplit(url).path)
    if not match or article_id(url):
        return None
    return match.group("slug"), int(match.group("page"))


def is_listing_url(url: str) -> bool:
    return listing_page(url) is not None


@lru_cache(maxsize=URL_CACHE_SIZE)
def is_rss_url(url: str) -> bool:
    return is_site_url(url) and bool(RSS_PATH.search(urlsplit(url).path))


@lru_cache(maxsize=URL_CACHE_SIZE)
def is_feed_index_url(url: str) -> bool:
    """The HTML page that lists the site's RSS feeds (not a feed itself)."""
    return is_site_url(url) and bool(FEED_INDEX_PATH.match(urlsplit(url).path))


@lru_cache(maxsize=URL_CACHE_SIZE)
def is_home_url(url: str) -> bool:
    return is_site_url(url) and urlsplit(url).path in ("", "/", "/index.html", "/index.htm")


@lru_cache(maxsize=URL_CACHE_SIZE)
def is_skipped_url(url: str) -> bool:
    return bool(SKIP_PATH.match(urlsplit(url).path))
