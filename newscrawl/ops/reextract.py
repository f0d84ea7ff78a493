"""`newscrawl reextract ARCHIVE... [-o DIR] [--jobs N]`: today's extraction over archived
pages (newscrawl.ops.archive), into the JSON Lines files a crawl writes, with no network.

Each page goes through what the crawl does with it: the spider's checks (empty, binary,
not a page), parse_page with the fetch time the crawl used (dates.fetch_time against the
time it was received), the JSON Schema with the same repair of bad optional values, one
record per article URL and per teaser key in an archive (a run's own dedupe), and the
run id of the run that fetched it. For unchanged code the records are the crawl's.
Pages are extracted in parallel (`--jobs`, default: the machine's cores), written in the
archive's order.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import fastjsonschema
import jsonschema
from itemadapter import ItemAdapter

from newscrawl.crawling.guards import looks_binary
from newscrawl.extraction.dates import fetch_time
from newscrawl.extraction.page import parse_page
from newscrawl.ops.archive import ArchivedResponse, ArchiveReading, read_archive
from newscrawl.output.items import record_dict
from newscrawl.output.pipelines import fast_record_check, record_schema, repair_record
from newscrawl.sites import urls
from newscrawl.sites.baodantoc import PLAUSIBLE_DATES

PAGES_PER_TASK = 16


@dataclass
class Reextraction:
    pages: int = 0
    articles: int = 0
    teasers: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # pages without records, why
    dropped: Counter[str] = field(default_factory=Counter)  # records dropped, why
    torn: list[str] = field(default_factory=list)  # archives whose last record was cut


def _page_task(page: ArchivedResponse) -> tuple[str, str, datetime, str, bytes] | str:
    """(url, run id, fetched at, content type, body) to extract, or why the crawl would
    not have extracted the page."""
    if not 200 <= page.status < 300:
        return f"status_{page.status}"
    url = page.canonical_url or urls.canonical_url(page.url)
    if urlsplit(url).path == "/robots.txt":
        return "robots_txt"
    try:
        body = page.decoded_body()
    except (OSError, ValueError, ImportError) as error:
        return f"undecodable: {type(error).__name__}"
    if not body.strip():
        return "empty_page"
    if looks_binary(body):
        return "binary"
    fetched, _ = fetch_time(page.headers.get("date"), page.received_at,
                            PLAUSIBLE_DATES.earliest)
    return url, page.run_id or "", fetched, page.headers.get("content-type", ""), body


def _extract(tasks: list[tuple[str, str, datetime, str, bytes]]
             ) -> list[tuple[str, list[dict[str, Any]]]]:
    """Worker: each page's records as dicts (run id stamped), or the page's problem."""
    out = []
    for url, run_id, fetched, content_type, body in tasks:
        page = parse_page(body, url, fetched, content_type)
        if page.problem_kind != "extraction":
            out.append((page.problem_kind or "problem", []))
            continue
        records = []
        for record in page.records:
            record.run_id = run_id or None
            records.append(record_dict(record))
        out.append(("", records))
    return out


def _chunks(pages: Iterator[ArchivedResponse], summary: Reextraction
            ) -> Iterator[list[tuple[str, str, datetime, str, bytes]]]:
    chunk = []
    for page in pages:
        task = _page_task(page)
        if isinstance(task, str):
            summary.skipped[task.split(":")[0]] += 1
            continue
        chunk.append(task)
        if len(chunk) >= PAGES_PER_TASK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _archive_pages(archives: list[Path], summary: Reextraction) -> Iterator[ArchivedResponse]:
    for archive in archives:
        reading = ArchiveReading()
        yield from read_archive(archive, reading)
        if reading.torn:
            summary.torn.append(f"{archive}: {reading.torn}")


def reextract(archives: list[Path], output_dir: Path, jobs: int = 0,
              progress: Any = None) -> Reextraction:
    """Re-extract the archives into output_dir/articles.jsonl and teasers.jsonl
    (replaced). `progress(summary)` is called every few seconds."""
    summary = Reextraction()
    output_dir.mkdir(parents=True, exist_ok=True)
    fast = fast_record_check()
    checker = jsonschema.Draft202012Validator(
        record_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    seen: set[tuple[str, ...]] = set()
    jobs = jobs or multiprocessing.cpu_count()
    chunks = _chunks(_archive_pages(archives, summary), summary)
    files = {kind: open(output_dir / f"{kind}.jsonl.tmp", "w", encoding="utf-8")  # noqa: SIM115
             for kind in ("articles", "teasers")}
    last_progress = time.monotonic()
    pool = multiprocessing.get_context("spawn").Pool(jobs) if jobs > 1 else None
    try:
        results = (pool.imap(_extract, chunks) if pool is not None
                   else map(_extract, chunks))
        for chunk in results:
            for problem, records in chunk:
                summary.pages += 1
                if problem:
                    summary.skipped[problem] += 1
                for record in records:
                    _write(record, files, seen, fast, checker, summary)
            if progress is not None and time.monotonic() - last_progress >= 2:
                last_progress = time.monotonic()
                progress(summary)
    finally:
        if pool is not None:
            pool.terminate()
        for file in files.values():
            file.close()
    for kind in files:
        (output_dir / f"{kind}.jsonl.tmp").replace(output_dir / f"{kind}.jsonl")
    return summary


def _write(record: dict[str, Any], files: dict[str, Any], seen: set[tuple[str, ...]],
           fast: Any, checker: jsonschema.Validator, summary: Reextraction) -> None:
    kind = record.get("type")
    try:
        fast(record)
    except fastjsonschema.JsonSchemaException:
        adapter = ItemAdapter(record)
        fixed: Counter[str] = Counter()
        repair_record(adapter, checker, _Counts(fixed))
        if not checker.is_valid(record):
            summary.dropped[f"invalid_{kind}"] += 1
            return
    key = (("teaser", record["found_on"], record["block"], record["url"])
           if kind == "teaser" else ("article", record["url"]))
    if key in seen:
        summary.dropped[f"duplicate_{kind}"] += 1
        return
    seen.add(key)
    files["teasers" if kind == "teaser" else "articles"].write(
        json.dumps(record, ensure_ascii=False) + "\n")
    if kind == "teaser":
        summary.teasers += 1
    else:
        summary.articles += 1


class _Counts:
    """The stats interface repair_record counts through."""

    def __init__(self, counter: Counter[str]) -> None:
        self.counter = counter

    def inc_value(self, key: str, count: int = 1) -> None:
        self.counter[key] += count


def print_progress(summary: Reextraction) -> None:
    print(f"reextract: {summary.pages} pages, {summary.articles} articles, "
          f"{summary.teasers} teasers", file=sys.stderr, flush=True)
