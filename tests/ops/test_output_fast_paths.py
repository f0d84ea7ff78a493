"""The output layer's fast paths give exactly what the generic routes give: the compiled
schema check jsonschema's verdicts (so no record the schema refuses gets through), the
record dicts dataclasses.asdict's and itemadapter's, the JSON Lines exporter Scrapy's bytes."""

from __future__ import annotations

import copy
import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

import fastjsonschema
import jsonschema
import pytest
from itemadapter import ItemAdapter
from scrapy.exporters import JsonLinesItemExporter

from newscrawl.extraction.page import parse_page
from newscrawl.extraction.records import Article, Teaser
from newscrawl.output.exports import RecordJsonLinesItemExporter
from newscrawl.output.items import record_dict, record_view
from newscrawl.output.pipelines import compile_record_check, fast_record_check, record_schema

SITE = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "baodantoc" / "site"

ODD_VALUES = [None, "", " ", 0, -1, 1.5, True, [], [""], [None], {}, "x", "not a url",
              "https://baodantoc.vn/a b", "ftp://baodantoc.vn/x", "2025-11-16T10:00:00+07:00",
              "2025-11-16T10:00:00", "2025-13-40T99:00:00Z", "1763295780360", "a" * 300,
              ["x", 1], [{"url": 1}], [{"url": "https://baodantoc.vn/i.jpg", "caption": 3}],
              [{"url": "https://baodantoc.vn/i.jpg", "caption": None}], "article", "teaser",
              "vi", "x-klingon", "0" * 64, "G" * 64, "home", "listing", 10**12]


def _record_objects() -> list[Article | Teaser]:
    fetched = datetime(2025, 11, 16, 16, 0, tzinfo=UTC)
    records = []
    for path in sorted(SITE.glob("*.htm")):
        url = f"https://baodantoc.vn/{path.name}"
        records.extend(parse_page(path.read_bytes(), url, fetched).records)
    for number, record in enumerate(records):
        if number % 2:
            record.run_id = "20251116T160000Z-1"  # set on some, unset on others
    return records


def _records() -> list[dict]:
    return [dict(record.to_dict(), run_id="20251116T160000Z-1") for record in _record_objects()]


def test_record_dicts_are_the_generic_dicts() -> None:
    records = _record_objects()
    assert len(records) > 100
    for record in records:
        fast = record_dict(record)
        assert fast == dataclasses.asdict(record) == ItemAdapter(record).asdict()
        assert list(fast) == list(dataclasses.asdict(record))  # column order
        fast["images" if "images" in fast else "authors"].append("changed")
        assert fast != dataclasses.asdict(record)  # a copy, not the record's own lists


def test_record_views_read_and_write_as_itemadapter_does() -> None:
    for record in _record_objects()[:40]:
        view, adapter = record_view(record), ItemAdapter(copy.deepcopy(record))
        for name in [*adapter.field_names(), "no_such_field"]:
            assert view.get(name, "default") == adapter.get(name, "default"), name
            if name in adapter:
                assert view[name] == adapter[name]
            else:
                with pytest.raises(KeyError):
                    view[name]
                with pytest.raises(KeyError):
                    view[name] = 1
                with pytest.raises(KeyError):
                    adapter[name] = 1
        view["run_id"] = adapter["run_id"] = "20251116T160000Z-7"
        assert record_dict(record) == adapter.asdict()
    plain = {"type": "article", "url": "u"}
    record_view(plain)["revision"] = 2  # any other item goes through ItemAdapter
    assert plain == {"type": "article", "url": "u", "revision": 2}


@pytest.mark.parametrize("options", [{}, {"encoding": "utf-8"}, {"encoding": None},
                                     {"fields_to_export": ["url", "title"]},
                                     {"export_empty_fields": True}])
def test_json_lines_exporter_writes_scrapys_bytes(options: dict) -> None:
    records = [*_record_objects(), {"type": "other", "url": "x", "tags": ["é"]}]

    def written(exporter_class: type) -> bytes:
        file = io.BytesIO()
        exporter = exporter_class(file, **copy.deepcopy(options))
        exporter.start_exporting()
        for record in records:
            exporter.export_item(record)
        exporter.finish_exporting()
        return file.getvalue()

    assert written(RecordJsonLinesItemExporter) == written(JsonLinesItemExporter)


def test_feeds_sharing_a_record_each_get_their_own_bytes() -> None:
    """A record is encoded once for the feeds it goes to one after the other, unless
    their options differ: every feed still gets exactly Scrapy's bytes."""
    records = _record_objects()
    options = [{}, {"encoding": "utf-8"}, {}, {"indent": 2}]
    ours = [io.BytesIO() for _ in options]
    theirs = [io.BytesIO() for _ in options]
    exporters = [RecordJsonLinesItemExporter(file, **dict(option))
                 for file, option in zip(ours, options, strict=True)]
    scrapys = [JsonLinesItemExporter(file, **dict(option))
               for file, option in zip(theirs, options, strict=True)]
    for record in records:
        for exporter in [*exporters, *scrapys]:
            exporter.export_item(record)
    assert [f.getvalue() for f in ours] == [f.getvalue() for f in theirs]
    assert ours[0].getvalue() == ours[2].getvalue() != ours[1].getvalue()


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


def _verdicts_agree(schema: dict, candidates: list[dict]) -> None:
    fast = compile_record_check(schema)
    slow = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for candidate in candidates:
        try:
            fast(candidate)
            fast_valid = True
        except fastjsonschema.JsonSchemaException:
            fast_valid = False
        assert fast_valid == slow.is_valid(candidate), candidate


def test_the_rewrites_step_aside_for_a_schema_they_do_not_fit() -> None:
    """A root that says more than "pick the definition by type", and a nullable string
    with a keyword that speaks of null too (enum), are checked as written."""
    teaser = next(r for r in _records() if r["type"] == "teaser")
    stricter_root = copy.deepcopy(record_schema())
    stricter_root["required"] = ["type", "checked_by_root"]
    _verdicts_agree(stricter_root, [teaser, dict(teaser, checked_by_root=1)])
    with_enum = copy.deepcopy(record_schema())
    with_enum["$defs"]["teaser"]["properties"]["section"] = {
        "oneOf": [{"type": "string", "enum": ["Xã hội"]}, {"type": "null"}]}
    _verdicts_agree(with_enum, [dict(teaser, section=value)
                                for value in (None, "Xã hội", "Thể thao", 1)])


def test_the_fast_validation_counts_what_spidermon_counts() -> None:
    """A valid record takes the compiled check, and its stats are spidermon's own names."""
    from scrapy.utils.test import get_crawler

    from newscrawl.output.pipelines import ValidationPipeline

    records = _record_objects()[:12]
    ours = ValidationPipeline.from_crawler(get_crawler())
    for record in records:
        ours.process_item(record)
    theirs = ValidationPipeline.from_crawler(get_crawler())
    for record in records:
        theirs.stats.add_item()  # spidermon's route, slugified names and all
        theirs.stats.add_fields(len(record_dict(record)))
    ours_stats = {k: v for k, v in ours.stats.stats.get_stats().items() if "/items" in k
                  or k.endswith("/fields")}
    assert ours_stats == {k: v for k, v in theirs.stats.stats.get_stats().items()
                          if "/items" in k or k.endswith("/fields")}
    assert ours_stats["spidermon/validation/items"] == len(records)


def test_stats_collector_without_the_shim_counts_as_scrapys() -> None:
    from scrapy.exceptions import ScrapyDeprecationWarning
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from newscrawl.ops.stats import RunStatsCollector

    crawler = get_crawler()
    ours, theirs = RunStatsCollector(crawler), MemoryStatsCollector(crawler)
    for stats in (ours, theirs):
        stats.inc_value("a")
        stats.inc_value("a", 3, start=10)
        stats.max_value("m", 5)
        stats.max_value("m", 2)
        stats.set_value("s", [1])
        with pytest.warns(ScrapyDeprecationWarning):  # the public methods keep the shim
            stats.inc_value("f", spider=None)
    assert ours.get_stats() == theirs.get_stats() == {"a": 4, "m": 5, "s": [1], "f": 1}


@pytest.mark.parametrize("log_level", ["DEBUG", "INFO", "WARNING"])
def test_log_lines_below_the_log_level_are_not_built(log_level: str) -> None:
    import logging

    from scrapy.exceptions import DropItem
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from newscrawl.output.logformatter import ReasonOnlyLogFormatter

    formatter = ReasonOnlyLogFormatter.from_crawler(get_crawler(
        settings_dict={"LOG_LEVEL": log_level}))
    response = HtmlResponse("https://baodantoc.vn/", body=b"<html></html>",
                            request=Request("https://baodantoc.vn/"))
    debug_shown = log_level == "DEBUG"
    assert (formatter.crawled(response.request, response, None) is not None) == debug_shown
    assert (formatter.scraped({"a": 1}, response, None) is not None) == debug_shown
    duplicate = DropItem("duplicate", log_level="DEBUG")
    assert (formatter.dropped({}, duplicate, response, None) is not None) == debug_shown
    invalid = formatter.dropped({}, DropItem("invalid", log_level="WARNING"), response, None)
    assert invalid is not None and invalid["level"] == logging.WARNING
    assert invalid["msg"] == "Dropped: %(exception)s"
