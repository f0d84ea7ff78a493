"""Article-extraction benchmark: newscrawl.extraction.generic against trafilatura on aeb-dev.

    python benchmarks/aeb.py [--data DIR] [--json] [--only ours|trafilatura] [--dump FILE]

Both extractors run in the same process on every page.  Pages are decompressed and decoded
before timing, each extractor is warmed up once, and only the extraction call is timed.
Scoring (newscrawl.devtools.evaluation): 4-word shingle precision / recall per page,
averaged; F1 is the harmonic mean of the averages. F1 is also printed for two fixed halves
(by a hash of the page id): tune rules on one, keep them only if they help the other, and
quote the check half. Exit status is 0, or 2 when the data set is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from newscrawl.devtools.evaluation import PageScore, score_page, summarize  # noqa: E402
from newscrawl.extraction.generic import extract_body_from_html  # noqa: E402
from newscrawl.extraction.page import parse_page  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "aeb-dev"

Extractor = Callable[[str, str], str]


def load_pages(data_dir: Path) -> list[tuple[str, str, str, str]]:
    """(id, url, html, true text) for every page of the data set, sorted by id."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        entry = truth[page_id]
        raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        html = raw.decode("utf-8", "replace")
        pages.append((page_id, entry.get("url") or "", html, entry.get("articleBody") or ""))
    return pages


def half(page_id: str) -> str:
    """"tuning" or "check": a fixed split by a hash of the page id. Rules are tuned on the
    tuning half and kept only if they help the check half, whose figure is the one quoted."""
    digest = hashlib.sha256(page_id.encode("utf-8")).digest()
    return "tuning" if digest[0] % 2 == 0 else "check"


def ours(html: str, url: str) -> str:
    return "\n\n".join(extract_body_from_html(html, url).paragraphs)


def ours_article(html: str, url: str) -> str:
    """The whole article path (`newscrawl extract`): layers, lead and title handling."""
    article = parse_page(html, url).article
    return article.body if article else ""


def trafilatura_extractor() -> Extractor | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url) or ""

    return run


def run_extractor(extract: Extractor, pages: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    _, url, html, _ = pages[0]
    with contextlib.suppress(Exception):
        extract(html, url)  # warm-up
    times: list[float] = []
    scores: list[PageScore] = []
    outputs: dict[str, str] = {}
    for page_id, url, html, truth in pages:
        start = time.perf_counter()
        try:
            predicted = extract(html, url)
        except Exception as exc:  # a crash counts as an empty answer, the run goes on
            print(f"{page_id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            predicted = ""
        times.append(time.perf_counter() - start)
        outputs[page_id] = predicted
        scores.append(score_page(predicted, truth))
    summary = summarize(scores)
    halves = {name: summarize([score for (page_id, *_), score in zip(pages, scores,
                                                                   strict=True)
                               if half(page_id) == name]).f1
              for name in ("tuning", "check")}
    return {
        "f1_tuning": halves["tuning"],
        "f1_check": halves["check"],
        "f1": summary.f1,
        "precision": summary.precision,
        "recall": summary.recall,
        "pages": summary.pages,
        "median_ms": statistics.median(times) * 1000,
        "total_s": sum(times),
        "outputs": outputs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"aeb data directory (default: {DEFAULT_DATA})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--only", choices=("ours", "trafilatura"), help="run one extractor")
    parser.add_argument("--dump", type=Path, help="write every page's outputs to this JSON file")
    args = parser.parse_args(argv)

    data_dir: Path = args.data
    if not (data_dir / "ground-truth.json").is_file() or not (data_dir / "html").is_dir():
        print(f"aeb data not found in {data_dir} (expected ground-truth.json and html/)",
              file=sys.stderr)
        return 2
    pages = load_pages(data_dir)
    if not pages:
        print(f"no pages in {data_dir}", file=sys.stderr)
        return 2

    extractors: dict[str, Extractor] = {}
    if args.only != "trafilatura":
        extractors["newscrawl"] = ours
        extractors["nc-article"] = ours_article
    if args.only != "ours":
        traf = trafilatura_extractor()
        if traf is None:
            print("trafilatura is not installed: running newscrawl only", file=sys.stderr)
        else:
            extractors["trafilatura"] = traf

    results = {name: run_extractor(fn, pages) for name, fn in extractors.items()}
    if args.dump:
        args.dump.write_text(json.dumps({n: r["outputs"] for n, r in results.items()},
                                        ensure_ascii=False), encoding="utf-8")
    figures = {name: {k: v for k, v in r.items() if k != "outputs"} for name, r in results.items()}
    if "newscrawl" in figures and "trafilatura" in figures:
        figures["speedup"] = (figures["trafilatura"]["median_ms"]
                              / max(figures["newscrawl"]["median_ms"], 1e-9))

    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"aeb-dev: {len(pages)} pages from {data_dir}")
    counts = {name: sum(1 for page_id, *_ in pages if half(page_id) == name)
              for name in ("tuning", "check")}
    print(f"halves by page-id hash: tuning {counts['tuning']} pages, check {counts['check']}")
    print(f"{'extractor':<12} {'F1':>7} {'prec':>7} {'recall':>7} {'ms/page':>9} {'total s':>8}"
          f" {'F1 tune':>8} {'F1 check':>9}")
    for name, fig in figures.items():
        if name == "speedup":
            continue
        print(f"{name:<12} {fig['f1']:7.4f} {fig['precision']:7.4f} {fig['recall']:7.4f} "
              f"{fig['median_ms']:9.2f} {fig['total_s']:8.2f} {fig['f1_tuning']:8.4f} "
              f"{fig['f1_check']:9.4f}")
    if "speedup" in figures:
        print(f"speed: newscrawl is {figures['speedup']:.1f}x faster than trafilatura "
              "(median ms/page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
