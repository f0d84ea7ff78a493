"""The output contract (../shared/spec/output-schema.md) as checks on one record."""

from __future__ import annotations

import re
from typing import Any

_ISO_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
_CANONICAL = re.compile(r"^https://baodantoc\.vn/[^?#\s]*$")

_COMMON: dict[str, tuple[type | tuple[type, ...], bool]] = {
    # field: (types, may be None)
    "url": (str, False),
    "article_id": (str, True),
    "title": (str, False),
    "summary": (str, True),
    "authors": (list, False),
    "published_at": (str, True),
    "published_raw": (str, True),
    "fetched_at": (str, False),
}
_ARTICLE = {
    **_COMMON,
    "body": (str, False),
    "modified_at": (str, True),
    "section": (str, True),
    "section_url": (str, True),
    "tags": (list, False),
    "images": (list, False),
    "language": (str, False),
    "word_count": (int, False),
    "content_hash": (str, False),
}
_TEASER = {
    **_COMMON,
    "section": (str, True),
    "image_url": (str, True),
    "found_on": (str, False),
    "block": (str, False),
    "position": (int, False),
}


def validation_errors(record: dict[str, Any]) -> list[str]:
    """Why this record breaks the contract, as 'field: problem' strings (empty when valid)."""
    kind = record.get("type")
    if kind not in ("article", "teaser"):
        return [f"type: unknown record type {kind!r}"]
    fields = _ARTICLE if kind == "article" else _TEASER
    errors = []
    for name, (types, nullable) in fields.items():
        if name not in record:
            errors.append(f"{name}: missing")
            continue
        value = record[name]
        if value is None:
            if not nullable:
                errors.append(f"{name}: null")
        elif not isinstance(value, types) or isinstance(value, bool):
            errors.append(f"{name}: expected {getattr(types, '__name__', types)}")
        elif isinstance(value, str) and not nullable and not value.strip():
            errors.append(f"{name}: empty")
    if errors:
        return errors
    if not _CANONICAL.match(record["url"]):
        errors.append("url: not a canonical baodantoc.vn URL")
    for name in ("published_at", "modified_at", "fetched_at"):
        value = record.get(name)
        if value and not _ISO_OFFSET.match(value):
            errors.append(f"{name}: not ISO 8601 with an offset")
    if any(not isinstance(a, str) or not a.strip() for a in record["authors"]):
        errors.append("authors: empty or non-string name")
    if kind == "article":
        if not record["body"].strip():
            errors.append("body: empty")
        if record["word_count"] != len(record["body"].split()):
            errors.append("word_count: does not match body")
        if any(not isinstance(i, dict) or not i.get("url") for i in record["images"]):
            errors.append("images: entry without url")
    elif record["position"] < 1:
        errors.append("position: must be 1 or more")
    return errors
