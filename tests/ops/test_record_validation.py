"""The compiled fast check and jsonschema give every record the same verdict, so the
validation pipeline's fast path never lets through a record the schema refuses."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import fastjsonschema
import jsonschema
import pytest

from newscrawl.extraction.page import parse_page
from newscrawl.output.pipelines import fast_record_check, record_schema

SITE = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "baodantoc" / "site"

ODD_VALUES = [None, "", " ", 0, -1, 1.5, True, [], [""], [None], {}, "x", "not a url",
              "https://baodantoc.vn/a b", "ftp://baodantoc.vn/x", "2025-11-16T10:00:00+07:00",
              "2025-11-16T10:00:00", "2025-13-40T99:00:00Z", "1763295780360", "a" * 300,
              ["x", 1], [{"url": 1}], [{"url": "https://baodantoc.vn/i.jpg", "caption": 3}],
              [{"url": "https://baodantoc.vn/i.jpg", "caption": None}], "article", "teaser",
              "vi", "x-klingon", "0" * 64, "G" * 64, "home", "listing", 10**12]


def _records() -> list[dict]:
    fetched = datetime(2025, 11, 16, 16, 0, tzinfo=UTC)
    records = []
    for path in sorted(SITE.glob("*.htm")):
        url = f"https://baodantoc.vn/{path.name}"
        for record in parse_page(path.read_bytes(), url, fetched).records:
            records.append(dict(record.to_dict(), run_id="20251116T160000Z-1"))
    return records


def _mutations(record: dict):
    yield record
    yield dict(record, unexpected_field=1)
    for name in record:
        yield {key: value for key, value in record.items() if key != name}
        for value in ODD_VALUES:
            yield dict(record, **{name: copy.deepcopy(value)})


def test_fast_check_agrees_with_jsonschema() -> None:
    records = _records()
    assert {r["type"] for r in records} == {"article", "teaser"}
    schema = jsonschema.Draft202012Validator(
        record_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    fast = fast_record_check()
    checked = disagreements = 0
    # one article and one teaser of each kind of page give every field and branch
    samples = {(r["type"], r.get("block")): r for r in records}
    for record in samples.values():
        for candidate in _mutations(record):
            try:
                fast(candidate)
                fast_valid = True
            except fastjsonschema.JsonSchemaException:
                fast_valid = False
            checked += 1
            if fast_valid != schema.is_valid(candidate):
                disagreements += 1
                pytest.fail(f"verdicts differ (fast {fast_valid}) on {candidate!r}")
    assert checked > 1000 and disagreements == 0
