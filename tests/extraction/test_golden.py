"""Every sample page's records equal the gold in expected.jsonl (all fields but content_hash)."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, fetched_at, load_expected, load_manifest

from newscrawl.extraction.page import extract_records

PAGES = [e for e in load_manifest() if e["kind"] in ("article", "home", "listing", "rss")]


def _comparable(record: dict, keys: list[str]) -> dict:
    return {k: record.get(k) for k in keys if k != "content_hash"}


def _gold_for(url: str) -> list[dict]:
    return [r for r in load_expected()
            if (r["type"] == "article" and r["url"] == url)
            or (r["type"] == "teaser" and r["found_on"] == url)]


@pytest.mark.parametrize("entry", PAGES, ids=[e["path"].split("/")[-1][:40] for e in PAGES])
def test_page_matches_gold(entry: dict) -> None:
    body = (SAMPLES / entry["path"]).read_bytes()
    records = extract_records(body, entry["url"], fetched_at(entry))
    gold = _gold_for(entry["url"])
    assert gold, "the gold has records for every page"
    keys = list(gold[0].keys())
    got_articles = [_comparable(r, keys) for r in records if r["type"] == "article"]
    want_articles = [_comparable(r, keys) for r in gold if r["type"] == "article"]
    for got, want in zip(got_articles, want_articles, strict=False):
        for key in want:
            assert got[key] == want[key], key
    assert got_articles == want_articles
    teaser_keys = next((list(r) for r in gold if r["type"] == "teaser"), [])
    got_teasers = [_comparable(r, teaser_keys) for r in records if r["type"] == "teaser"]
    want_teasers = [_comparable(r, teaser_keys) for r in gold if r["type"] == "teaser"]
    for got, want in zip(got_teasers, want_teasers, strict=False):
        assert got == want
    assert len(got_teasers) == len(want_teasers)


def test_content_hash_is_filled_and_stable() -> None:
    entry = next(e for e in PAGES if e["kind"] == "article")
    body = (SAMPLES / entry["path"]).read_bytes()
    first = extract_records(body, entry["url"], fetched_at(entry))[0]
    again = extract_records(body, entry["url"], fetched_at(entry))[0]
    assert len(first["content_hash"]) == 64
    assert first["content_hash"] == again["content_hash"]
