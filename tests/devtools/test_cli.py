"""The `newscrawl` command: extract a saved page; clear errors with exit status 2."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import REPO, SAMPLES, load_expected, load_manifest

from newscrawl.devtools.evaluation import score_page


def newscrawl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)


def test_extract_prints_the_gold_records() -> None:
    entry = next(e for e in load_manifest() if e["kind"] == "article")
    result = newscrawl("extract", str(SAMPLES / entry["path"]), "--url", entry["url"],
                       "--fetched-at", entry["fetched_at"])
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    gold = [r for r in load_expected()
            if r.get("url") == entry["url"] and r["type"] == "article"
            or r.get("found_on") == entry["url"]]
    assert len(records) == len(gold)
    for got, want in zip(records, gold, strict=True):
        assert {k: got[k] for k in want if k != "content_hash"} == \
            {k: v for k, v in want.items() if k != "content_hash"}
    assert "\\u1" not in result.stdout and "ệ" in result.stdout  # UTF-8, not escapes


def test_extract_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = newscrawl("extract", str(tmp_path / "nope.html"), "--url", "https://baodantoc.vn/")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newscrawl: error: cannot read")


def test_extract_unreadable_page_is_a_clear_error(tmp_path: Path) -> None:
    page = tmp_path / "binary.htm"
    page.write_bytes(bytes(range(256)) * 20)
    result = newscrawl("extract", str(page), "--url",
                       "https://baodantoc.vn/x-1733016543180.htm")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("newscrawl: error: no records")


def test_extract_bad_fetched_at(tmp_path: Path) -> None:
    entry = next(e for e in load_manifest() if e["kind"] == "article")
    result = newscrawl("extract", str(SAMPLES / entry["path"]), "--url", entry["url"],
                       "--fetched-at", "last tuesday")
    assert result.returncode == 2
    assert "--fetched-at" in result.stderr


def test_extract_a_page_of_another_site_uses_the_generic_layer() -> None:
    aeb = SAMPLES.parent.parent / "aeb-dev"
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    page_id, gold = sorted(truth.items())[0]
    html = gzip.decompress((aeb / "html" / f"{page_id}.html.gz").read_bytes())
    with tempfile.NamedTemporaryFile(suffix=".html") as saved:
        saved.write(html)
        saved.flush()
        result = newscrawl("extract", saved.name, "--url", gold["url"])
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    article = records[0]
    assert article["type"] == "article" and article["extraction"] == "generic"
    assert article["article_id"] is None and article["title"]
    assert score_page(article["body"], gold["articleBody"]).recall > 0.9
