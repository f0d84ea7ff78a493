"""Field validators every layer's values pass, whichever layer found them: a title never
carries the site's name, an author is never a weekday, a month, a date or time, the site's
name or the section's."""

from __future__ import annotations

import re
import unicodedata

from newscrawl.extraction.dates import is_date_text
from newscrawl.extraction.text import clean_text

# Between a headline and the site's name in a <title> or og:title.
_SEPARATORS = (" - ", " – ", " — ", " | ", " :: ", " « ", " » ", " · ")
_WEEKDAYS = frozenset({
    "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật", "thứ 2",
    "thứ 3", "thứ 4", "thứ 5", "thứ 6", "thứ 7", "cn", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday"})
_MONTH = re.compile(r"^(?:tháng\s+(?:\d{1,2}|một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười"
                    r"(?:\s+(?:một|hai))?)|january|february|march|april|may|june|july|august"
                    r"|september|october|november|december)$", re.IGNORECASE)


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", clean_text(text)).casefold()


def strip_site_name(title: str, site_names: list[str]) -> str:
    """The headline without a site name before or after a separator
    ("Lễ hội mừng lúa mới - Báo Dân tộc và Phát triển" -> "Lễ hội mừng lúa mới")."""
    names = {_key(name) for name in site_names if name and len(name) >= 3}
    if not names:
        return title
    for separator in _SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        if _key(tail) in names and head.strip():
            return head.strip()
        first, _, rest = title.partition(separator)
        if _key(first) in names and rest.strip():
            return rest.strip()
    return title


def is_plausible_author(name: str, not_names: list[str]) -> bool:
    """Not a weekday, a month, a date or time, nor one of `not_names` (site, section)."""
    key = _key(name)
    if not key or key in _WEEKDAYS or _MONTH.match(key) or is_date_text(name):
        return False
    return key not in {_key(other) for other in not_names if other}


def plausible_authors(authors: list[str], not_names: list[str]) -> list[str]:
    return [name for name in authors if is_plausible_author(name, not_names)]


_LANGUAGE_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$", re.IGNORECASE)


def primary_language(declared: str | None) -> str | None:
    """The BCP 47 primary language of a declaration ("vi-VN", "en_US", "VI" -> "vi", "en",
    "vi"); None for anything that is not a language tag."""
    match = _LANGUAGE_CODE.match((declared or "").strip())
    return match.group(1).lower() if match else None


def detect_language(text: str) -> str | None:
    """The language of a body that declares none (py3langid, a maintained detector)."""
    if len(text.split()) < 20:
        return None  # too little text for a trustworthy guess
    import py3langid  # the model loads on first use only

    code, _score = py3langid.classify(text[:5000])
    return primary_language(code)
