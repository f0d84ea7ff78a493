"""What users expect around the core (issue 11): --version and run ids, max_articles,
progress and the summary, CSV/Parquet per record type, the cumulative dataset, teasers
once, `newscrawl serve`, `newscrawl extract` on stdin/.gz/directories, the Python API and
`scrapy check` contracts. Every crawl runs against a real loopback mirror."""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import subprocess
import sys
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import REPO, SAMPLES, load_manifest, read_jsonl, run_crawl

import newscrawl
from newscrawl.devtools.demo_site import demo_articles
from newscrawl.devtools.mirror import MirrorPage, demo_pages, serve
from newscrawl.extraction.page import extract_records

CLI = [sys.executable, "-m", "newscrawl.cli"]
ENV = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings",
           PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None
        ) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, env=ENV, input=stdin, capture_output=True,
                          timeout=120, check=False)


def reports(cwd: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((cwd / "output" / "runs").glob("*.json"))]


# ---------------------------------------------------------------- version, run ids


def test_version_names_the_package_and_the_schema() -> None:
    result = cli("--version")
    assert result.returncode == 0
    schema = json.loads((REPO / "newscrawl/output/schemas/records.schema.json").read_text())
    version = schema["$id"].rsplit("/", 1)[-1].removesuffix(".json")
    assert result.stdout.decode().strip() == \
        f"newscrawl {newscrawl.__version__} (output schema {version})"
    assert "run_id" in schema["$defs"]["article"]["properties"]


def test_max_articles_stops_the_run_and_every_record_names_its_run(tmp_path: Path) -> None:
    with serve(demo_pages(20)) as mirror:
        first = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-a", "max_articles=4")
        assert first.returncode == 0, first.stderr[-2000:]
        articles = read_jsonl(tmp_path / "output" / "articles.jsonl")
        teasers = read_jsonl(tmp_path / "output" / "teasers.jsonl")
        report = reports(tmp_path)[-1]
        assert len(articles) == 4
        assert report["finish_reason"] == "closespider_max_articles"
        assert report["articles"]["exported"] == report["articles"]["new"] == 4
        assert report["newscrawl_version"] == newscrawl.__version__
        assert report["schema_version"] == "1.1"
        assert {r["run_id"] for r in articles + teasers} == {report["run_id"]}
        # The articles the limit left are owed to the next run, which exports them once.
        second = run_crawl(tmp_path, "-a", f"mirror={mirror.url}")
        assert second.returncode == 0, second.stderr[-2000:]
    runs = sorted((tmp_path / "output").glob("articles-*.jsonl"))
    exported = Counter(a["url"] for path in runs for a in read_jsonl(path))
    assert len(exported) == 20 and set(exported.values()) == {1}


def test_a_bad_max_articles_is_one_usage_line(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", "mirror=http://127.0.0.1:9", "-a", "max_articles=0")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(
        "newscrawl: usage error: -a max_articles='0'")


# ---------------------------------------------------------------- progress, summary


def test_progress_lines_and_the_summary_whatever_the_log_level(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with serve(demo_pages(12), delay=0.02) as mirror:
        quiet = run_crawl(tmp_path / "a", "-a", f"mirror={mirror.url}",
                          "-s", "LOG_LEVEL=WARNING")
        chatty = run_crawl(tmp_path / "b", "-a", f"mirror={mirror.url}", "-s", "LOG_LEVEL=INFO",
                           "-s", "NEWSCRAWL_PROGRESS_INTERVAL=0.1")
    assert quiet.returncode == 0
    summary = [line for line in quiet.stderr.splitlines() if "newscrawl summary" in line]
    assert summary == [line for line in summary if line.startswith("newscrawl summary (finished)")]
    assert len(summary) == 1 and "articles 12" in summary[0]
    progress = [line for line in chatty.stderr.splitlines() if "Progress: pages" in line]
    assert progress, chatty.stderr[-2000:]
    assert re.search(r"articles \d+ \(new \d+, updated 0\), teasers \d+, errors 0", progress[-1])
    assert any("listed by the sitemap still to fetch" in line for line in progress)


# ---------------------------------------------------------------- CSV and Parquet


def test_csv_and_parquet_feeds_get_one_file_per_record_type(tmp_path: Path) -> None:
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    with serve(demo_pages(8)) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-O", "out.csv",
                           "-O", "out.parquet")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "dropped fields" not in result.stderr
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.parquet").exists()
    with (tmp_path / "out-articles.csv").open(encoding="utf-8") as file:
        articles = list(csv.DictReader(file))
    with (tmp_path / "out-teasers.csv").open(encoding="utf-8") as file:
        teasers = list(csv.DictReader(file))
    assert len(articles) == 8 and teasers
    assert {"body", "images", "tags", "run_id"} <= set(articles[0])
    assert "body" not in teasers[0] and "found_on" in teasers[0]
    by_url = {a.url: a for a in demo_articles(8)}
    for row in articles:
        assert isinstance(json.loads(row["images"]), list)
        assert json.loads(row["authors"]) and json.loads(row["tags"]) is not None
        assert row["title"] == by_url[row["url"]].title
    table = pyarrow_parquet.read_table(tmp_path / "out-articles.parquet")
    assert table.num_rows == 8
    assert sorted(table.column("url").to_pylist()) == sorted(r["url"] for r in articles)
    assert pyarrow_parquet.read_table(tmp_path / "out-teasers.parquet").num_rows == len(teasers)


# ---------------------------------------------------------------- cumulative dataset


def test_compact_builds_the_dataset_and_cleans_up_old_run_files(tmp_path: Path) -> None:
    pages = demo_pages(10)
    changed = demo_articles(10)[3]
    with serve(pages) as mirror:
        assert run_crawl(tmp_path, "-a", f"mirror={mirror.url}").returncode == 0
        pages.clear()
        pages.update(demo_pages(12))  # two new articles
        page = pages[changed.path]
        first = changed.paragraphs[0].encode()[:40]
        pages[changed.path] = MirrorPage(page.body.replace(first, b"Cap nhat: " + first),
                                         page.content_type, page.date)
        assert run_crawl(tmp_path, "-a", f"mirror={mirror.url}").returncode == 0
        assert run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-a",
                         f"start_urls={changed.url}", "-a", "follow=0").returncode == 0
        output = tmp_path / "output"
        assert len(list(output.glob("articles-*.jsonl"))) == 3
        result = cli("compact", "--output", str(output))
        assert result.returncode == 0, result.stderr
        dataset = read_jsonl(output / "dataset" / "articles.jsonl")
        assert Counter(a["url"] for a in dataset) == Counter({a.url: 1 for a in demo_articles(12)})
        revised = next(a for a in dataset if a["url"] == changed.url)
        assert revised["revision"] == 2 and revised["body"].startswith("Cap nhat: ")
        teasers = read_jsonl(output / "dataset" / "teasers.jsonl")
        keys = Counter((t["found_on"], t["block"], t["url"]) for t in teasers)
        assert max(keys.values()) == 1
        seen_in_runs = {(t["found_on"], t["block"], t["url"])
                        for path in output.glob("teasers-*.jsonl") for t in read_jsonl(path)}
        assert set(keys) == seen_in_runs
        assert all(t["first_seen"] <= t["last_seen"] for t in teasers)
        assert any(t["first_seen"] < t["last_seen"] for t in teasers) or len(
            {t["fetched_at"] for t in teasers}) == 1
        # Compacting again gives the same dataset; old per-run files may then go.
        again = cli("compact", "--output", str(output), "--keep-days", "0")
        assert again.returncode == 0, again.stderr
        assert read_jsonl(output / "dataset" / "articles.jsonl") == dataset
        assert len(list(output.glob("articles-*.jsonl"))) == 1  # the latest run's stays
        # The state knows the deleted files were compacted, not lost: no warning.
        fourth = run_crawl(tmp_path, "-a", f"mirror={mirror.url}")
    assert fourth.returncode == 0
    assert "output files of" not in fourth.stderr
    assert "missing_output" not in json.dumps(reports(tmp_path)[-1]["missing_earlier_outputs"]
                                              ["runs"])
    assert reports(tmp_path)[-1]["missing_earlier_outputs"]["articles"] == 0


def test_compact_keeps_what_a_torn_line_cannot_give(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    record = {"type": "article", "url": "https://baodantoc.vn/a-1763000000001.htm",
              "revision": 1, "run_id": "20251116T160000000Z-aaaa"}
    (output / "articles-20251116T160000000Z-aaaa.jsonl").write_text(
        json.dumps(record) + '\n{"type": "art', encoding="utf-8")
    result = cli("compact", "--output", str(output))
    assert result.returncode == 0
    assert "1 unreadable lines skipped" in result.stderr.decode()
    assert read_jsonl(output / "dataset" / "articles.jsonl") == [record]
    missing = cli("compact", "--output", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stderr.decode().count("\n") == 1


def test_teasers_new_exports_each_teaser_once_across_runs(tmp_path: Path) -> None:
    with serve(demo_pages(8)) as mirror:
        first = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-s", "NEWSCRAWL_TEASERS=new")
        teasers_first = read_jsonl(tmp_path / "output" / "teasers.jsonl")
        second = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-a", "full=0",
                           "-s", "NEWSCRAWL_TEASERS=new")
        teasers_second = read_jsonl(tmp_path / "output" / "teasers.jsonl")
        third = run_crawl(tmp_path, "-a", f"mirror={mirror.url}")  # the default: all
    assert first.returncode == second.returncode == third.returncode == 0
    assert teasers_first and teasers_second == []
    assert read_jsonl(tmp_path / "output" / "teasers.jsonl")
    bad = run_crawl(tmp_path, "-s", "NEWSCRAWL_TEASERS=some")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines()[-1] == \
        "newscrawl: usage error: -s NEWSCRAWL_TEASERS='some': not all or new"


# ---------------------------------------------------------------- serve


def _serving(*args: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([*CLI, "serve", *args, "--port", "0"], env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()  # type: ignore[union-attr]
    match = re.search(r"at (http://127\.0\.0\.1:\d+)", line)
    assert match, (line, process.stderr.read() if process.poll() is not None else "")  # type: ignore[union-attr]
    return process, match.group(1)


def test_serve_a_saved_copy_with_its_fetch_times_and_the_demo_site() -> None:
    process, base = _serving(str(SAMPLES))
    try:
        entry = next(e for e in load_manifest() if e["kind"] == "article")
        path = entry["fetch_url"].removeprefix("https://baodantoc.vn")
        with urllib.request.urlopen(base + path, timeout=10) as response:
            assert response.status == 200
            assert response.read() == (SAMPLES / entry["path"]).read_bytes()
            date = datetime.strptime(response.headers["Date"], "%a, %d %b %Y %H:%M:%S GMT")
        assert date.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z") == \
            entry["fetched_at"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    process, base = _serving("--demo", "3")
    try:
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            assert response.status == 200 and b"<html" in response.read().lower()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_refuses_what_it_cannot_serve_in_one_line(tmp_path: Path) -> None:
    for args in (["/no/such/dir"], [], [str(tmp_path), "--demo", "3"]):
        result = cli("serve", *args, "--port", "0")
        assert result.returncode == 2
        assert result.stderr.decode().count("\n") == 1, result.stderr


# ---------------------------------------------------------------- extract


def test_extract_reads_stdin_gz_and_directories_and_finds_the_url_itself(tmp_path: Path
                                                                          ) -> None:
    entries = [e for e in load_manifest() if e["kind"] == "article"]
    fetched = entries[0]["fetched_at"]
    gold = [json.dumps(r, ensure_ascii=False) for r in extract_records(
        (SAMPLES / entries[0]["path"]).read_bytes(), entries[0]["url"],
        datetime.fromisoformat(fetched.replace("Z", "+00:00")))]
    body = (SAMPLES / entries[0]["path"]).read_bytes()
    by_stdin = cli("extract", "-", "--fetched-at", fetched, stdin=body)
    assert by_stdin.returncode == 0, by_stdin.stderr
    assert by_stdin.stdout.decode().splitlines() == gold  # the URL from rel=canonical
    (tmp_path / "page.htm.gz").write_bytes(gzip.compress(body))
    by_gz = cli("extract", str(tmp_path / "page.htm.gz"), "--fetched-at", fetched)
    assert by_gz.stdout.decode().splitlines() == gold
    pages = tmp_path / "pages"
    pages.mkdir()
    for entry in entries:
        (pages / Path(entry["path"]).name).write_bytes((SAMPLES / entry["path"]).read_bytes())
    one = cli("extract", str(pages), "--fetched-at", fetched)
    two = cli("extract", str(pages), "--fetched-at", fetched, "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    lines = [json.loads(line) for line in one.stdout.decode().splitlines()]
    assert sum(r["type"] == "article" for r in lines) == len(entries)


def test_extract_says_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "bare.html").write_text("<html><body><p>Không có gì</p></body></html>")
    for args in (["/no/such/page.htm"], [str(tmp_path / "bare.html")],
                 [str(tmp_path), "--url", "https://baodantoc.vn/"], ["-", "--jobs", "0"]):
        result = cli("extract", *args, stdin=b"")
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.decode().count("\n") == 1, (args, result.stderr)


# ---------------------------------------------------------------- Python API


def test_the_python_api_extracts_and_crawls(tmp_path: Path) -> None:
    entry = next(e for e in load_manifest() if e["kind"] == "article")
    html = (SAMPLES / entry["path"]).read_bytes()
    moment = datetime.fromisoformat(entry["fetched_at"].replace("Z", "+00:00"))
    assert newscrawl.extract(html, fetched_at=moment) == extract_records(html, entry["url"],
                                                                          moment)
    with pytest.raises(ValueError, match="names none"):
        newscrawl.extract("<html><body><p>x</p></body></html>")
    with serve(demo_pages(6)) as mirror:
        report = newscrawl.crawl(mirror=mirror.url, max_articles=3, output_dir="data",
                                 state_dir="state", cwd=tmp_path,
                                 settings={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0,
                                           "NEWSCRAWL_MAX_ERROR_RATE": 1.0})
    assert report["articles"]["exported"] == 3
    assert len(read_jsonl(tmp_path / "data" / "articles.jsonl")) == 3
    with pytest.raises(Exception, match="max_articles"):
        newscrawl.crawl(max_articles=0, cwd=tmp_path)
    with pytest.raises(newscrawl.CrawlFailed) as failed:
        newscrawl.crawl(mirror="http://127.0.0.1:9", cwd=tmp_path, output_dir="bad",
                        state_dir="state2", settings={"RETRY_ENABLED": False})
    assert failed.value.status == 3 and "monitors failed" in failed.value.message


# ---------------------------------------------------------------- scrapy check


def test_scrapy_check_runs_real_contracts_against_a_mirror(tmp_path: Path) -> None:
    def check(mirror_url: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "scrapy", "check", "baodantoc",
                               "-s", f"NEWSCRAWL_MIRROR={mirror_url}"], cwd=tmp_path, env=ENV,
                              capture_output=True, text=True, timeout=120, check=False)

    with serve(demo_pages(8)) as mirror:
        good = check(mirror.url)
        asked = list(mirror.requests)
    assert good.returncode == 0, good.stderr[-2000:]
    assert "Ran 5 contracts" in good.stderr and "OK" in good.stderr
    assert "/" in asked and "/sitemap.xml" in asked
    empty = {"/": MirrorPage("<html><body><p>Bảo trì</p></body></html>".encode()),
             "/sitemap.xml": MirrorPage(b'<?xml version="1.0"?><urlset '
                                        b'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                        b"</urlset>", "application/xml")}
    with serve(empty) as mirror:
        bad = check(mirror.url)
    assert bad.returncode != 0
    assert "teasers, expected at least 5" in bad.stderr


def test_the_dates_of_run_files_decide_what_keep_days_deletes(tmp_path: Path) -> None:
    from newscrawl.ops.compact import compact

    output = tmp_path / "output"
    output.mkdir()
    now = datetime(2025, 11, 20, tzinfo=UTC)
    for days in (10, 3, 0):
        run = (now - timedelta(days=days)).strftime("%Y%m%dT%H%M%S") + "000Z-abcd"
        (output / f"articles-{run}.jsonl").write_text("", encoding="utf-8")
    result = compact(output, keep_days=5, now=now)
    assert [p.name[9:17] for p in result.deleted] == ["20251110"]
    assert len(list(output.glob("articles-*.jsonl"))) == 2


# ---------------------------------------------------------------- what a hostile review found


def test_teasers_new_after_a_killed_run_exports_each_teaser_once(tmp_path: Path) -> None:
    import signal
    import time

    env = dict(ENV)
    with serve(demo_pages(40), delay=0.02) as mirror:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "baodantoc", "-a", f"mirror={mirror.url}",
             "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
             "-s", "NEWSCRAWL_MAX_ERROR_RATE=1", "-s", "NEWSCRAWL_TEASERS=new",
             "-s", "NEWSCRAWL_CHECKPOINT_ITEMS=100000", "-s", "NEWSCRAWL_CHECKPOINT_SECONDS=1000",
             "-s", "LOG_FILE=killed.log"], cwd=tmp_path, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(
                len(f.read_bytes().splitlines())
                for f in (tmp_path / "output").glob("teasers-*")) < 50:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        again = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-s", "NEWSCRAWL_TEASERS=new")
    assert again.returncode == 0, again.stderr[-2000:]
    keys = Counter((t["found_on"], t["block"], t["url"])
                   for path in (tmp_path / "output").glob("teasers-*.jsonl")
                   for t in read_jsonl(path))
    assert keys and max(keys.values()) == 1


def test_one_type_formats_are_refused_on_stdout_and_keep_their_columns_when_empty(
        tmp_path: Path) -> None:
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    refused = run_crawl(tmp_path, "-a", "mirror=http://127.0.0.1:9", "-O", "-:csv")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1].startswith(
        "newscrawl: usage error: csv output to stdout would mix articles and teasers")
    with serve(demo_pages(6)) as mirror:
        for run in range(2):  # the second run has nothing new to export
            result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-o", "empty.parquet",
                               "-o", "appended.csv", "-s", "NEWSCRAWL_TEASERS=new")
            assert result.returncode == 0, (run, result.stderr[-2000:])
    table = pyarrow_parquet.read_table(tmp_path / "empty-articles.parquet")
    assert table.num_rows == 0 and "body" in table.column_names
    assert str(table.schema.field("images").type).startswith("list<")
    with (tmp_path / "appended-articles.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 6 and all(row["url"].startswith("https://") for row in rows)


def test_the_summary_survives_a_log_file_at_warning_level(tmp_path: Path) -> None:
    with serve(demo_pages(6)) as mirror:
        result = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-s", "LOG_FILE=run.log",
                           "-s", "LOG_LEVEL=WARNING")
    assert result.returncode == 0
    assert result.stderr.startswith("newscrawl summary (finished): pages fetched")


def test_serve_never_serves_files_outside_its_directory(tmp_path: Path) -> None:
    from newscrawl.devtools.mirror import pages_from_directory

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html>hi</html>")
    (tmp_path / "secret.txt").write_text("SECRET")
    (site / "link.htm").symlink_to(tmp_path / "secret.txt")
    (site / "manifest.json").write_text(json.dumps([
        {"path": "../secret.txt", "url": "https://baodantoc.vn/x.htm"},
        {"path": "/etc/hostname", "url": "https://baodantoc.vn/h.htm"},
        {"path": "index.html", "url": "https://baodantoc.vn/",
         "fetched_at": "2025-11-16T15:55:00Z"}]))
    pages = pages_from_directory(site)
    assert not any(b"SECRET" in page.body for page in pages.values())
    assert "/x.htm" not in pages and "/h.htm" not in pages and "/link.htm" not in pages
    assert pages["/"].date == datetime(2025, 11, 16, 15, 55, tzinfo=UTC)
    for manifest in ('{"a": 1}', '["a.htm"]', '[{"path": 5, "url": "x"}]',
                     '[{"path": "index.html", "url": "https://baodantoc.vn/", '
                     '"fetched_at": 5}]', "not json"):
        (site / "manifest.json").write_text(manifest)
        result = cli("serve", str(site), "--port", "0")
        assert result.returncode == 2, manifest
        assert result.stderr.decode().count("\n") == 1 and "manifest.json" in \
            result.stderr.decode(), (manifest, result.stderr)
    for port in ("70000", "-5"):
        result = cli("serve", "--demo", "3", "--port", port)
        assert result.returncode == 2 and b"--port must be 0-65535" in result.stderr


def test_compact_skips_what_is_not_a_record_of_ours(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    run = "20251116T160000000Z-aaaa"
    lines = [{"type": "article", "url": ["x"]}, {"type": "article", "url": "u", "revision": "2"},
             {"type": "article", "url": "https://baodantoc.vn/a-1763000000001.htm",
              "revision": 1}]
    (output / f"articles-{run}.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    (output / f"teasers-{run}.jsonl").write_text(
        json.dumps({"type": "teaser", "found_on": 1, "block": "b", "url": "u"}) + "\n")
    result = cli("compact", "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert "3 unreadable lines skipped" in result.stderr.decode()
    assert read_jsonl(output / "dataset" / "articles.jsonl") == [lines[2]]


def test_the_python_api_turns_python_values_into_arguments(tmp_path: Path) -> None:
    from newscrawl.api import _argument_text

    assert _argument_text("sections", {"van-hoa", "tin-tuc"}) == "tin-tuc,van-hoa"
    assert _argument_text("full", True) == "1"
    with pytest.raises(ValueError, match="max_articles=True"):
        newscrawl.crawl(max_articles=True, cwd=tmp_path)


def test_a_killed_parquet_run_loses_nothing(tmp_path: Path) -> None:
    """Parquet is written whole at the end: a run killed before it counts nothing as
    exported, so the next run exports every article."""
    import signal
    import time

    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    with serve(demo_pages(30), delay=0.03) as mirror:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "baodantoc", "-a", f"mirror={mirror.url}",
             "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
             "-s", "NEWSCRAWL_MAX_ERROR_RATE=1", "-s", "NEWSCRAWL_CHECKPOINT_ITEMS=1",
             "-O", "out.parquet", "-s", "LOG_FILE=killed.log"], cwd=tmp_path, env=ENV,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(
                p.startswith("/") and "-17" in p for p in mirror.requests) < 10:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        again = run_crawl(tmp_path, "-a", f"mirror={mirror.url}", "-O", "out.parquet")
    assert again.returncode == 0, again.stderr[-2000:]
    urls = pyarrow_parquet.read_table(tmp_path / "out-articles.parquet").column("url")
    assert sorted(urls.to_pylist()) == sorted(a.url for a in demo_articles(30))


def test_compact_on_a_full_disk_keeps_the_old_dataset(tmp_path: Path) -> None:
    from test_guarantees import small_filesystem

    output = tmp_path / "output"
    output.mkdir()
    big = {"type": "article", "url": "https://baodantoc.vn/a-1763000000001.htm",
           "body": "x" * 200_000, "revision": 1}
    (output / "articles-20251116T160000000Z-aaaa.jsonl").write_text(json.dumps(big) + "\n")
    with small_filesystem(output / "dataset", "64k") as dataset:
        (dataset / "articles.jsonl").write_text('{"url": "old"}\n')
        result = cli("compact", "--output", str(output))
        assert result.returncode == 2
        assert result.stderr.decode().count("\n") == 1 and b"No space" in result.stderr
        assert (dataset / "articles.jsonl").read_text() == '{"url": "old"}\n'
        assert not list(dataset.glob(".*.new"))
