"""Bytes of any web page -> text -> lxml tree, whatever its charset claims.

Shared by the site extractor and the generic one, so every layer sees the same text.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

import lxml.etree

from newscrawl.sites.baodantoc import LEGACY_CHARSETS

Element = lxml.etree._Element

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""",
                           re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# C0 controls other than tab/newline/carriage return break libxml2 and mean nothing in text.
# Deleted from the UTF-8 bytes, where they can never be part of a multi-byte character.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError):
        return None
    # Python also has codecs that are no charset: "undefined" always fails, "hex" or
    # "rot13" turn bytes into bytes. A page naming one has not named its charset.
    if info.name == "undefined" or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def declared_encodings(body: bytes, content_type: str = "") -> list[str]:
    """Encodings the page claims, most authoritative first: HTTP header, then <meta>."""
    found = []
    header = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(body[:4096])
    for candidate in (header.group(1) if header else None, meta.group(1) if meta else None):
        name = _codec(candidate)
        if name and name not in found:
            found.append(name)
    return found


def decode_html(body: bytes, content_type: str = "") -> str:
    """The page's text. A missing or lying charset is survived:

    a BOM wins; then UTF-8 when the bytes are valid UTF-8 (legacy Vietnamese text almost
    never is, so a header claiming Latin-1 for UTF-8 bytes is overruled); then the
    declared charsets that decode cleanly; then Windows-1258.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(encoding, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _legacy_encoding(body, content_type)
    return body.decode(encoding, "replace")


def _legacy_encoding(body: bytes, content_type: str) -> str:
    """The single-byte charset of a page that is not UTF-8: the declared one that decodes
    cleanly, unless it is a Latin label on what is Vietnamese Windows-1258 text; else the
    site's legacy charset."""
    for encoding in [*declared_encodings(body, content_type), *LEGACY_CHARSETS]:
        if encoding in ("utf-8", "utf-16", "utf-32"):
            continue  # already failed, or not what a declared single-byte page means
        try:
            body.decode(encoding)
        except (UnicodeError, LookupError):
            continue
        if encoding in _LATIN_LABELS and looks_like_cp1258(body):
            return LEGACY_CHARSETS[0]
        return encoding
    return LEGACY_CHARSETS[0]


# Labels a Vietnamese Windows-1258 page is often mislabelled with.
_LATIN_LABELS = frozenset({"latin-1", "iso8859-1", "cp1252", "iso8859-15"})
# In Windows-1258, Vietnamese letters (ă đ ơ ư) and the combining tone marks sit on these
# bytes; Latin text seldom has them, and never between letters the way tones are.
_CP1258_LETTERS = frozenset(b"\xc3\xe3\xd0\xf0\xd5\xf5\xdd\xfd")
_CP1258_TONES = frozenset(b"\xcc\xec\xde\xd2\xf2")


def looks_like_cp1258(body: bytes) -> bool:
    """Vietnamese text in Windows-1258: tone marks right after letters, and the letters
    only Vietnamese uses, in quantity."""
    sample = body[:65536]
    tones = sum(1 for i in range(1, len(sample)) if sample[i] in _CP1258_TONES
                and (65 <= sample[i - 1] <= 122 or sample[i - 1] >= 0xC0))
    letters = sum(1 for byte in sample if byte in _CP1258_LETTERS)
    # Both: Italian "però, così" has tone bytes but none of ă đ ơ ư; Portuguese "não" has
    # the letters but no tones after letters.
    return tones >= 3 and letters >= 3


def charset_corrected(body: bytes | str, content_type: str = "") -> bool:
    """True when the page declares a Latin charset but is read as Windows-1258."""
    if isinstance(body, str):
        return False
    declared = declared_encodings(body, content_type)  # cheap: the header and the head
    if not declared or declared[0] not in _LATIN_LABELS or _is_plain_utf8(body):
        return False
    return _legacy_encoding(body, content_type) == LEGACY_CHARSETS[0]


def _is_plain_utf8(body: bytes | bytearray) -> bool:
    """Valid UTF-8 without a BOM: what decode_html would decode as UTF-8 anyway."""
    if body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@lru_cache(maxsize=1)
def _parser() -> lxml.etree.HTMLParser:
    # huge_tree: without it libxml2 stops at 255 levels of nesting, and a page with that
    # many unclosed elements before its content loses the content.
    return lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                 no_network=True, collect_ids=False, default_doctype=False,
                                 huge_tree=True)


_OPENING_RUN = re.compile(rb"(?:<[a-zA-Z][a-zA-Z0-9]*\b[^<>]{0,200}>\s*){20,}")


def _too_deep(parser: lxml.etree.HTMLParser) -> bool:
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log)


def parse_document(html: str | bytes, content_type: str = "") -> Element | None:
    """An lxml tree (plain elements, the fast kind) for any input; None when there is none."""
    if isinstance(html, bytes | bytearray) and _is_plain_utf8(html):
        data = bytes(html)  # the common case: parse the bytes as they came
        if not data.strip():
            return None
        if data.lstrip()[:5].lower() == b"<?xml":
            data = _XML_DECLARATION.sub("", data.decode("utf-8"), count=1).encode("utf-8")
    else:
        text = decode_html(html, content_type) if isinstance(html, bytes | bytearray) else html
        if not text or not text.strip():
            return None
        text = _XML_DECLARATION.sub("", text, count=1)
        data = text.encode("utf-8", "replace")
    data = data.translate(None, _CONTROL_BYTES)
    parser = _parser()
    try:
        root = lxml.etree.fromstring(data, parser=parser)
        if _too_deep(parser):
            # libxml2 drops everything past 2048 levels, even with huge_tree: hostile pages
            # open thousands of elements before the content. Runs of opening tags with
            # nothing between them carry no text; without them the content is reachable.
            root = lxml.etree.fromstring(_OPENING_RUN.sub(b"", data), parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    return root


def drop_keeping_tail(element: Element) -> None:
    """Remove an element from its tree but keep the text that follows it in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
