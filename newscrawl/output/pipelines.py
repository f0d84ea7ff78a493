"""Item pipelines, in order: stamp the run id, validate (JSON Schema, via spidermon), drop
duplicates within the run, then drop what earlier runs already exported
(newscrawl.ops.incremental). Every drop says why and is counted."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

import fastjsonschema
import jsonschema
from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.scrapy.stats import NAMES

from newscrawl.contracts import site_crawler
from newscrawl.ops.runkeys import run_keys
from newscrawl.output.exports import current_run_id
from newscrawl.output.items import record_dict, record_view

COVERAGE_FIELDS = ("published_at", "authors", "summary", "section", "tags", "images")


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    """The JSON Schema of output-schema.md shipped in the package (works from an egg too)."""
    text = resources.files("newscrawl.output").joinpath("schemas/records.schema.json").read_text(
        encoding="utf-8")
    return json.loads(text)


DRAFT_07 = "http://json-schema.org/draft-07/schema#"


@lru_cache(maxsize=1)
def fast_record_check() -> Callable[[dict[str, Any]], Any]:
    """The record schema compiled to Python code (compile_record_check), once."""
    return compile_record_check(record_schema())


RECORD_TYPES = ("article", "teaser")
# Keywords that say nothing of a null: a string schema made only of these, and "null"
# added to its type, accepts exactly what oneOf [it, null] accepts.
_STRING_ONLY_KEYWORDS = frozenset({"type", "pattern", "format", "minLength", "maxLength",
                                   "title", "description"})


def compile_record_check(schema: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
    """The schema compiled to Python code by fastjsonschema: several times faster than
    jsonschema, which matters for a dozen teasers per page. The check raises
    fastjsonschema.JsonSchemaException for an invalid record.

    fastjsonschema knows draft-07; the schema uses nothing of 2020-12 that draft-07 lacks
    ($defs are reached by JSON pointer). Two rewrites keep the verdicts and spare the
    exceptions fastjsonschema raises and catches on a valid record's way: an article or a
    teaser is checked against its own definition (what the root's if/then picks; only
    while the root is exactly that choice, else every record takes the whole schema), and
    a "string or null" written as oneOf [string schema, null] is checked as one schema of
    type [string, null] (only when the string schema's keywords all ignore a null). A test
    holds the verdicts to jsonschema's on 1,000+ mutated records."""
    whole = fastjsonschema.compile(dict(schema, **{"$schema": DRAFT_07}))
    if not _is_type_choice(schema):
        return whole
    definitions = _nullable_inlined(schema["$defs"], schema["$defs"])
    by_type = {name: fastjsonschema.compile({
        "$schema": DRAFT_07, "$id": schema["$id"], "$defs": definitions,
        "$ref": f"#/$defs/{name}"}) for name in RECORD_TYPES}

    def check(record: dict[str, Any]) -> Any:
        kind = record.get("type") if isinstance(record, dict) else None
        own = by_type.get(kind) if type(kind) is str else None
        return (own or whole)(record)

    return check


def _is_type_choice(schema: dict[str, Any]) -> bool:
    """The root says only: an object whose `type` picks its definition in $defs."""
    annotations = {"$schema", "$id", "title", "description", "$defs"}
    rest = {key: value for key, value in schema.items() if key not in annotations}
    return rest == {
        "type": "object", "required": ["type"],
        "properties": {"type": {"enum": list(RECORD_TYPES)}},
        "allOf": [{"if": {"properties": {"type": {"const": name}}},
                   "then": {"$ref": f"#/$defs/{name}"}} for name in RECORD_TYPES],
    } and all(name in schema.get("$defs", {}) for name in RECORD_TYPES)


def _nullable_inlined(node: Any, definitions: dict[str, Any]) -> Any:
    """The schema with each {"oneOf": [<a string schema>, {"type": "null"}]} written as
    that string schema with type ["string", "null"]: the same values pass."""
    if isinstance(node, list):
        return [_nullable_inlined(value, definitions) for value in node]
    if not isinstance(node, dict):
        return node
    choices = node.get("oneOf")
    if len(node) == 1 and isinstance(choices, list) and len(choices) == 2 \
            and choices[1] == {"type": "null"}:
        target = choices[0]
        while isinstance(target, dict) and len(target) == 1 \
                and str(target.get("$ref", "")).startswith("#/$defs/"):
            target = definitions.get(target["$ref"].removeprefix("#/$defs/"))
        if isinstance(target, dict) and target.get("type") == "string" \
                and set(target) <= _STRING_ONLY_KEYWORDS:
            return dict(target, type=["string", "null"])
    return {key: _nullable_inlined(value, definitions) for key, value in node.items()}


def schema_version() -> str:
    """The output schema's version: the last part of its $id (".../records/1.1.json")."""
    return record_schema()["$id"].rsplit("/", 1)[-1].removesuffix(".json")


class RunIdPipeline:
    """Every record says which run exported it (`run_id`, schema 1.1)."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunIdPipeline:
        return cls(current_run_id(crawler.settings))

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        record_view(item)["run_id"] = self.run_id
        return item


class OverArticleLimit(DropItem):
    """An article beyond `-a max_articles=N` (it stays pending for the next run)."""


class ArticleLimitPipeline:
    """`-a max_articles=N`: the run stops once N articles got past every other pipeline.

    Pages already downloading when the limit is reached still arrive; their articles are
    dropped here, never exported, and stay pending, so the next run fetches them first.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.limit: int | None = None
        self.passed = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleLimitPipeline:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        crawler_spider = site_crawler(spider or self.crawler.spider)
        self.limit = crawler_spider.article_limit() if crawler_spider is not None else None

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        record = record_view(item)
        if self.limit is None or record.get("type") != "article":
            return item
        if self.passed >= self.limit:
            self.crawler.stats.inc_value("newscrawl/dropped/over_max_articles")
            raise OverArticleLimit(f"over max_articles={self.limit}: {record.get('url')}",
                                   log_level="DEBUG")
        self.passed += 1
        if self.passed == self.limit:
            engine = self.crawler.engine
            if engine is not None and engine.spider is not None:
                asyncio.ensure_future(engine.close_spider_async(
                    reason="closespider_max_articles"))
        return item


class InvalidRecord(DropItem):
    """A record that fails the JSON Schema (an article stays pending: counted as failed)."""


class DuplicateInRun(DropItem):
    """A record this run already exported."""


# Fields a bad value of which costs that value, never the record: the value (or the list
# element) is dropped and counted as newscrawl/fixed/<field>. Anything else invalid (the URL,
# the title, the body...) means the record itself is wrong, and it is dropped.
OPTIONAL_VALUES = frozenset({"images", "image_url", "section_url", "section", "summary",
                             "published_at", "published_raw", "modified_at", "tags",
                             "authors"})


def repair_record(record: ItemAdapter, checker: jsonschema.Validator, stats: Any) -> bool:
    """Drop the optional values that break the schema (an image URL no browser would load,
    a date in year 9999), so the record itself survives validation; True if any was."""
    repaired = False
    for _ in range(20):  # each pass fixes what it finds; a record has a few bad values
        errors = [e for e in checker.iter_errors(record.asdict())
                  if e.absolute_path and e.absolute_path[0] in OPTIONAL_VALUES]
        if not errors:
            return repaired
        repaired = True
        error = errors[0]
        name, *rest = list(error.absolute_path)
        value = record[name]
        if rest and isinstance(value, list) and isinstance(rest[0], int):
            record[name] = [v for i, v in enumerate(value) if i != rest[0]]
        else:
            record[name] = [] if isinstance(value, list) else None
        stats.inc_value(f"newscrawl/fixed/{name}")
    return repaired


class ValidationPipeline(ItemValidationPipeline):
    """spidermon's JSON Schema validation, dropping invalid records with their reasons."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        # spidermon looks validators up by item class name, "Item" meaning any item.
        return cls(validators={"Item": [cls._load_jsonschema_validator(record_schema())]},
                   stats=crawler.stats, drop_items_with_errors=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checker = jsonschema.Draft202012Validator(
            record_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        self.fast_check = fast_record_check()
        # spidermon's own stat names, worked out once: it slugifies them on every call.
        self.items_stat = self.stats._get_stats_name(NAMES.ITEMS)
        self.fields_stat = self.stats._get_stats_name(NAMES.FIELDS)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        # A valid record (nearly all) is told valid by the compiled check and counted as
        # spidermon counts it; any other goes through spidermon for its error messages,
        # its stats and the repair of optional values.
        record = record_dict(item)
        try:
            self.fast_check(record)
        except fastjsonschema.JsonSchemaException:
            return super().process_item(item, spider)
        self.stats.stats.inc_value(self.items_stat)
        self.stats.stats.inc_value(self.fields_stat, count=len(record))
        return item

    def _drop_item(self, item: Any, errors: dict[str, list[str]]) -> None:
        record = ItemAdapter(item)
        if repair_record(record, self.checker, self.stats.stats) and self.checker.is_valid(
                record.asdict()):
            return  # the bad values are gone, the record stays
        self.stats.add_dropped_item()
        reasons = "; ".join(f"{field}: {', '.join(messages)}"
                            for field, messages in sorted(errors.items()))
        raise InvalidRecord(f"invalid {record.get('type')} {record.get('url')}: {reasons}",
                            log_level="WARNING")


class DedupePipeline:
    """One article per canonical URL; one teaser per (found_on, block, url). (The same story
    under two URLs is newscrawl.ops.incremental's to catch: it records the alias.)

    Also counts what was extracted: per type, per extraction layer, and the field coverage
    the end-of-run monitors read.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.seen = run_keys(crawler)  # on disk: a run may pass millions of teasers

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    @staticmethod
    def key(record: ItemAdapter) -> tuple[str, ...]:
        if record.get("type") == "teaser":
            return ("teaser", record["found_on"], record["block"], record["url"])
        return ("article", record["url"])

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        record = record_view(item)
        kind = record.get("type", "unknown")
        if not self.seen.add("passed", *self.key(record)):
            self.stats.inc_value(f"newscrawl/dropped/duplicate/{kind}")
            raise DuplicateInRun(f"duplicate {kind} {record.get('url')}", log_level="DEBUG")
        self.stats.inc_value(f"newscrawl/extracted/{kind}")
        if kind == "article":
            # Which layer produced the body: a rise in metadata/generic means template drift.
            self.stats.inc_value(f"newscrawl/extraction/{record.get('extraction', 'site')}")
            for field in COVERAGE_FIELDS:
                if record.get(field):
                    self.stats.inc_value(f"newscrawl/coverage/{field}")
        return item
