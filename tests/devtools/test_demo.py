"""`newscrawl demo`: the real spider on the embedded mirror writes the exact articles."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from conftest import REPO, read_jsonl

from newscrawl.devtools.demo_site import demo_articles
from newscrawl.extraction.dates import iso

BOILERPLATE = ("Xem thêm", "Ý kiến độc giả", "Mã bảo mật", "Tin cùng chuyên mục",
               "Tin nổi bật", "Analytic", "Ảnh:", "Nguồn:", "Vui lòng nhập", "Thứ Sáu, ngày 23")


def test_demo_writes_every_article_exactly(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "newscrawl.cli", "demo", "--output",
                             str(tmp_path / "out")], cwd=REPO, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "articles.jsonl: 15 records" in result.stdout
    assert "runs/<run-id>.json: the run report" in result.stdout
    assert "Next, try:" in result.stdout and "newscrawl serve --demo" in result.stdout
    articles = read_jsonl(tmp_path / "out" / "articles.jsonl")
    teasers = read_jsonl(tmp_path / "out" / "teasers.jsonl")
    assert f"teasers.jsonl: {len(teasers)} records" in result.stdout

    by_url = {a["url"]: a for a in articles}
    truth = demo_articles(15)
    assert set(by_url) == {a.url for a in truth}
    for article in truth:
        got = by_url[article.url]
        assert got["title"] == article.title
        assert got["summary"] == article.summary
        assert got["body"].split("\n\n") == article.paragraphs, article.url
        assert got["authors"] == article.authors
        assert got["published_at"] == iso(article.published_at)
        assert got["published_raw"] == article.published_raw
        assert got["section"] == article.section_name
        assert got["section_url"] == article.section_url
        assert got["tags"] == article.tags
        assert [(i["url"], i["caption"]) for i in got["images"]] == article.images
        assert not any(marker in got["body"] for marker in BOILERPLATE), article.url

    keys = Counter((t["found_on"], t["block"], t["url"]) for t in teasers)
    assert max(keys.values()) == 1
    assert {t["block"] for t in teasers} == {"home", "listing", "related", "featured", "rss"}
    # Teaser dates resolve against the mirror's clock: exact for absolute times, within
    # the printed unit for "N giờ/phút trước" (the site floors them).
    published = {a.url: a.published_at for a in truth}
    for teaser in teasers:
        if not teaser["published_at"]:
            continue
        got, want = datetime.fromisoformat(teaser["published_at"]), published[teaser["url"]]
        unit = timedelta(hours=1) if "giờ trước" in teaser["published_raw"] else \
            timedelta(minutes=1) if "trước" in teaser["published_raw"] else timedelta(0)
        assert want <= got <= want + unit, teaser
