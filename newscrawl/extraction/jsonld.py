"""JSON-LD of an article page: every object of every ld+json script (broken JSON repaired
where possible, else mined with regular expressions), the article object among them, and
its fields as plain values."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from newscrawl.extraction.text import clean_text, split_authors

_ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "livebloposting", "liveblogposting", "techarticle", "scholarlyarticle", "report",
    "satiricalarticle", "advertisercontentarticle", "socialmediaposting", "discussionforumposting",
))
_MAX_JSON_NODES = 5000


# --------------------------------------------------------------------------------------------
# JSON-LD


_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_JSON_COMMENT = re.compile(r"^\s*(?:<!--|//<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\]\]>|\]\]>)\s*$")


def _loads_lenient(text: str) -> list[Any]:
    """Every JSON value in a script body, repairing common breakage; [] when hopeless."""
    text = text.strip()
    if not text:
        return []
    candidates = [text]
    repaired = _JSON_COMMENT.sub("", text).strip()
    repaired = _TRAILING_COMMA.sub(r"\1", repaired)
    if repaired != text:
        candidates.append(repaired)
    for candidate in candidates:
        values: list[Any] = []
        decoder = json.JSONDecoder(strict=False)
        pos = 0
        try:
            while pos < len(candidate):
                while pos < len(candidate) and candidate[pos] in " \t\r\n;,":
                    pos += 1
                if pos >= len(candidate):
                    break
                value, pos = decoder.raw_decode(candidate, pos)
                values.append(value)
        except (ValueError, RecursionError):
            if values:
                return values
            continue
        return values
    return []


_FIELD_RE = {
    name: re.compile(r'"' + name + r'"\s*:\s*"((?:[^"\\]|\\.){1,20000})"')
    for name in ("headline", "name", "description", "datePublished", "dateModified",
                 "articleSection", "keywords", "articleBody", "inLanguage", "url")
}
_AUTHOR_RE = re.compile(r'"author"\s*:\s*(?:\[\s*)?\{[^{}]*?"name"\s*:\s*"((?:[^"\\]|\\.){1,300})"')
_TYPE_RE = re.compile(r'"@type"\s*:\s*\[?\s*"(\w+)"')


def _regex_object(text: str) -> dict[str, Any] | None:
    """Last resort for JSON-LD that cannot be decoded: pull the simple string fields."""
    types = [t.lower() for t in _TYPE_RE.findall(text)]
    if not any(t in _ARTICLE_TYPES for t in types):
        return None
    obj: dict[str, Any] = {"@type": "Article"}
    for name, pattern in _FIELD_RE.items():
        match = pattern.search(text)
        if match:
            raw = match.group(1)
            try:
                obj[name] = json.loads('"' + raw + '"', strict=False)
            except ValueError:
                obj[name] = raw
    author = _AUTHOR_RE.search(text)
    if author:
        obj["author"] = {"name": author.group(1)}
    return obj


def _walk_json(values: list[Any]) -> Iterator[dict[str, Any]]:
    """Every dict inside the values (through @graph, lists and nested objects), bounded."""
    stack: list[Any] = list(reversed(values))
    seen = 0
    while stack and seen < _MAX_JSON_NODES:
        value = stack.pop()
        seen += 1
        if isinstance(value, dict):
            yield value
            stack.extend(reversed([v for v in value.values() if isinstance(v, dict | list)]))
        elif isinstance(value, list):
            stack.extend(reversed([v for v in value if isinstance(v, dict | list)]))


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return {value.lower().rsplit("/", 1)[-1]}
    if isinstance(value, list):
        return {v.lower().rsplit("/", 1)[-1] for v in value if isinstance(v, str)}
    return set()


def json_ld_objects(root: etree._Element) -> list[dict[str, Any]]:
    """All JSON objects found in the page's application/ld+json scripts (in page order)."""
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if "ld+json" not in kind:
            continue
        text = script.text or ""
        values = _loads_lenient(text)
        if not values:
            fallback = _regex_object(text)
            if fallback:
                objects.append(fallback)
            continue
        objects.extend(_walk_json(values))
    return objects


def pick_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    best: dict[str, Any] | None = None
    best_key = (-1, -1)
    for obj in objects:
        if not _types(obj) & _ARTICLE_TYPES:
            continue
        key = (int(bool(obj.get("articleBody"))) + int(bool(obj.get("headline"))),
               int(bool(obj.get("datePublished"))))
        if key > best_key:
            best, best_key = obj, key
    return best


def as_text(value: Any) -> str | None:
    """A JSON-LD value as one clean string (first of a list; name/@value/url of an object)."""
    for _ in range(5):
        if isinstance(value, list):
            value = value[0] if value else None
        elif isinstance(value, dict):
            value = value.get("name") or value.get("@value") or value.get("url") or \
                value.get("@id")
        else:
            break
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return clean_text(str(value)) or None
    return None


def resolve_ref(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and "@id" in value and len(value) <= 2 and \
            isinstance(value.get("@id"), str):
        return ids.get(value["@id"], value)
    return value


def json_authors(value: Any, ids: dict[str, dict[str, Any]]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:50]:
        item = resolve_ref(item, ids)
        if isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            if not isinstance(name, str):
                continue
        elif isinstance(item, str):
            name = item
        else:
            continue
        if name.startswith(("http://", "https://")):
            continue
        names.extend(split_authors(name))
    return names


def json_keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [k for k in (clean_text(p) for p in value.split(",")) if k]
    if isinstance(value, list):
        out: list[str] = []
        for item in value[:200]:
            text = as_text(item)
            if text:
                out.append(text)
        return out
    return []


_BLOCK_BREAK = re.compile(r"(?i)<\s*(?:br|/p|/div|/h\d|/li|p|div|h\d|li)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def body_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = "\n".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value and _TAG.search(value):
        value = _TAG.sub(" ", _BLOCK_BREAK.sub("\n", value))
    paragraphs = [clean_text(line) for line in value.splitlines()]
    return "\n\n".join(p for p in paragraphs if p) or None
