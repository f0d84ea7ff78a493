"""Text normalisation shared by every extractor: NFC, entities, white space."""

from __future__ import annotations

import html
import re
import unicodedata

# Zero-width and BOM characters carry no text; NBSP and friends are plain spaces to readers.
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
# Parts of a byline or meta line: "A - B - 08:31", "Tin tức | A | 5 giờ trước", "A · B".
_DASHES = re.compile(r"\s+[-–—|·•]\s+")


# Texts clean_text gave for the page being extracted: the layers clean again what they
# read from each other (a teaser's time, a body's paragraphs for its hash), about a third
# of the text of a page. Only texts without "&" are kept: cleaning any other text of them
# gives it back unchanged (entities are what a second cleaning could still decode), so
# the memory never changes an answer. Emptied when the page is done
# (forget_clean_texts), and bounded.
_CLEANED: dict[str, None] = {}
_CLEANED_MAX = 4096


def clean_text(value: str | None) -> str:
    """NFC, entities decoded, invisible characters dropped, white space folded and stripped."""
    if not value:
        return ""
    if value in _CLEANED:
        return value  # clean text of this page: cleaning it again changes nothing
    cleaned = _clean(value)
    if "&" not in cleaned:
        if len(_CLEANED) >= _CLEANED_MAX:
            _CLEANED.clear()
        _CLEANED[cleaned] = None
    return cleaned


def forget_clean_texts() -> None:
    """The page is done: its texts are not kept (toolkit.forget_document calls this)."""
    _CLEANED.clear()


def _clean(value: str) -> str:
    if "&" in value:
        value = html.unescape(value)
    for char in _INVISIBLE:
        if char in value:
            value = value.replace(char, "")
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    # str.split() folds every Unicode space (NBSP included) and is faster than a regex.
    return " ".join(value.split())


def clean_or_none(value: str | None) -> str | None:
    """Like clean_text, but an empty result is None (for optional schema fields)."""
    return clean_text(value) or None


def split_dashed(value: str) -> list[str]:
    """Split "A - B - C" (a dash, bar or dot with spaces around) into cleaned parts."""
    return [part for part in (clean_text(p) for p in _DASHES.split(value)) if part]


_AUTHOR_SEPARATORS = re.compile(r"\s+[-–—&]\s+|\s*[,;/]\s*|\s+(?:và|and)\s+", re.IGNORECASE)
_AUTHOR_PREFIX = re.compile(
    r"^(?:(?:bài|bài và ảnh|bài, ảnh|ảnh|tác giả|by|theo|pv|phóng viên)\s*:\s*|by\s+)",
    re.IGNORECASE,
)


def strip_author_prefix(value: str) -> str:
    """'Bài và ảnh: Minh Anh' -> 'Minh Anh'."""
    return _AUTHOR_PREFIX.sub("", value)


def split_authors(value: str | None) -> list[str]:
    """'T.Nhân - H.Trường' -> ['T.Nhân', 'H.Trường']; 'Bài và ảnh: A, B' -> ['A', 'B']."""
    text = clean_text(value)
    if not text:
        return []
    text = strip_author_prefix(text)
    names: list[str] = []
    for part in _AUTHOR_SEPARATORS.split(text):
        name = part.strip(" .:-–—")
        if name and name not in names:
            names.append(name)
    return names
