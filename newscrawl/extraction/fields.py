"""Field validators every layer's values pass, whichever layer found them: a title never
carries the site's name, an author is never a weekday, a month, a date or time, the site's
name or the section's."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from newscrawl.extraction.dates import is_date_text
from newscrawl.extraction.text import clean_text
from newscrawl.extraction.toolkit import HtmlElement, text_of

# Between a headline and the site's name in a <title> or og:title.
TITLE_SEPARATORS = (" - ", " – ", " — ", " | ", " :: ", " « ", " » ", " · ")
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
    for separator in TITLE_SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        if _key(tail) in names and head.strip():
            return head.strip()
        first, _, rest = title.partition(separator)
        if _key(first) in names and rest.strip():
            return rest.strip()
    return title


def site_names_in_chrome(root: HtmlElement, title: str) -> list[str]:
    """The outer part of a <title> ("Headline | Tin Vùng Cao") that is, whole, the name the
    page's chrome gives itself: a home link's text or its logo's alt/title, or a copyright
    line ("© 2020 Tin Vùng Cao. All rights reserved."). Learned from the page when no
    metadata gives it; a word the header or footer merely contains ("Hà Nội" in an
    address) is not a site name, and when both ends match neither is taken."""
    ends = set()
    for separator in TITLE_SEPARATORS:
        if separator in title:
            ends.update({title.rpartition(separator)[2].strip(),
                         title.partition(separator)[0].strip()})
    ends = {end for end in ends if 3 <= len(end) <= len(title) // 2 + 1}
    if not ends:
        return []
    names: set[str] = set()
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        if href.rstrip("/") in ("", "/", "#") or "home" in (link.get("rel") or "") \
                or _home_path(href):
            names.add(_key(text_of(link)))
            names.add(_key(link.get("title") or ""))
            names.update(_key(f"{img.get(a) or ''}") for img in link.iter("img")
                         for a in ("alt", "title"))
    for text in root.itertext():
        if "©" in text or "opyright" in text or "ản quyền" in text:
            names.add(_key(_COPYRIGHT_WORDS.sub(" ", text)).strip(" .,-–|"))
    matched = [end for end in ends if _key(end) in names]
    return matched if len(matched) == 1 else []


def _home_path(href: str) -> bool:
    try:
        return urlsplit(href).path in ("", "/", "/index.html", "/index.htm")
    except ValueError:
        return False


_COPYRIGHT_WORDS = re.compile(
    r"©|\(c\)|copyright|bản quyền(?: thuộc(?: về)?)?|all rights reserved\.?|\b(?:19|20)\d{2}\b"
    r"(?:\s*[-–]\s*(?:19|20)\d{2})?", re.IGNORECASE)


def is_plausible_author(name: str, not_names: list[str]) -> bool:
    """Not a weekday, a month, a date or time, nor one of `not_names` (site, section)."""
    key = _key(name)
    if not key or key in _WEEKDAYS or _MONTH.match(key) or is_date_text(name):
        return False
    return key not in {_key(other) for other in not_names if other}


def plausible_authors(authors: list[str], not_names: list[str]) -> list[str]:
    """The names that pass is_plausible_author, a weekday printed beside one cut off
    ("Thứ Hai, Minh Anh" and "Minh Anh Thứ Hai" -> "Minh Anh")."""
    names = [without_weekday(name) for name in authors]
    return [name for name in names if is_plausible_author(name, not_names)]


def without_weekday(text: str) -> str:
    """The text without a weekday printed before or after it ("Thứ Hai, Minh Anh")."""
    return _WEEKDAY_AFTER.sub("", _WEEKDAY_BEFORE.sub("", text.strip(" ,-|")))


_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
_WEEKDAY_BEFORE = re.compile(rf"^{_WEEKDAY}\s*[,:-]?\s+(?=\w)", re.IGNORECASE)
_WEEKDAY_AFTER = re.compile(rf"(?<=\w)\s*[,:-]?\s+{_WEEKDAY}\s*,?$", re.IGNORECASE)


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
