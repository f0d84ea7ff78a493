"""Median milliseconds to extract one article page: newscrawl vs trafilatura, same run.

    python benchmarks/extract.py [--repeat 30] [--pages DIR]

newscrawl's figure covers every record of the page (article, all teasers, dates parsed);
trafilatura's is `trafilatura.extract` (body text only) on the same bytes. Pages are the
sample article pages of ../shared/samples/baodantoc plus the embedded demo mirror's.

A third figure is a floor: the bare minimum any extractor of these records does (parse,
resolve every link, the text of each body paragraph and of each teaser's link), with no
judgement at all. What a speed target leaves above it is the budget for everything else
(metadata, meta lines, summaries, images, dates, boilerplate and layout decisions).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newscrawl.extraction.page import parse_page  # noqa: E402
from newscrawl.extraction.selectors import select_all, select_first  # noqa: E402
from newscrawl.extraction.teasers import group_items  # noqa: E402
from newscrawl.extraction.toolkit import (  # noqa: E402
    forget_document,
    parse_html,
    site_link,
    text_of,
)
from newscrawl.sites import urls  # noqa: E402
from newscrawl.sites.baodantoc import LAYOUTS  # noqa: E402


def load_pages(sample_dir: Path) -> list[tuple[str, bytes]]:
    pages: list[tuple[str, bytes]] = []
    if sample_dir.is_dir():
        for path in sorted(sample_dir.glob("*-[0-9]*.htm")):
            pages.append((f"https://baodantoc.vn/{path.name}", path.read_bytes()))
    try:
        from newscrawl.devtools.demo_site import build_site
    except ImportError:
        build_site = None
    if build_site is not None:
        for path, page in sorted(build_site(15).items()):
            if path.endswith(".htm") and path[-17:-4].isdigit():
                pages.append((f"https://baodantoc.vn{path}", page.body))
    return pages


def bare_minimum(url: str, body: bytes) -> None:
    """The work no extractor of an article page's records can skip, and nothing else: the
    parse, every link resolved, the text of each paragraph of the body and of each teaser
    item's first link (found by the site's selectors)."""
    selectors = LAYOUTS[0].selectors
    root = parse_html(body)
    for anchor in root.iter("a"):
        target = site_link(anchor.get("href"), url)
        if target:
            urls.article_id(target)
    content = select_first(root, selectors.body)
    if content is not None:
        for paragraph in content.iter("p"):
            text_of(paragraph)
    for box in (select_all(root, selectors.related_block)
                + select_all(root, selectors.featured_block)):
        for _, item in group_items(box, url):
            text_of(next(item.iter("a"), None))
    forget_document()


def median_ms(function, pages: list[tuple[str, bytes]], repeat: int) -> float:
    """Median ms per page of one extractor, in passes of its own over the pages."""
    for url, body in pages:  # warm up: imports, caches, dateparser's first call
        function(url, body)
    timings = []
    for _ in range(repeat):
        for url, body in pages:
            start = time.perf_counter()
            function(url, body)
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def median_ms_pair(ours, theirs, pages: list[tuple[str, bytes]],
                   repeat: int) -> tuple[float, float]:
    """Median ms per page of both extractors, timed alternately page by page so that
    whatever else the machine does slows both alike."""
    for url, body in pages:  # warm up: imports, caches, dateparser's first call
        ours(url, body)
        theirs(url, body)
    timings: dict[str, list[float]] = {"ours": [], "theirs": []}
    for _ in range(repeat):
        for url, body in pages:
            for name, function in (("ours", ours), ("theirs", theirs)):
                start = time.perf_counter()
                function(url, body)
                timings[name].append((time.perf_counter() - start) * 1000)
    return statistics.median(timings["ours"]), statistics.median(timings["theirs"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pages", type=Path,
                        default=REPO.parent / "shared" / "samples" / "baodantoc" / "site")
    args = parser.parse_args()
    pages = load_pages(args.pages)
    if not pages:
        print("no article pages found", file=sys.stderr)
        return 2
    fetched = datetime(2025, 11, 16, 16, 0, tzinfo=UTC)

    def ours(url: str, body: bytes) -> None:
        page = parse_page(body, url, fetched)
        assert page.article is not None, url

    import trafilatura

    def theirs(url: str, body: bytes) -> None:
        trafilatura.extract(body.decode("utf-8"), url=url)

    ours_ms, theirs_ms = median_ms(ours, pages, args.repeat), median_ms(theirs, pages, args.repeat)
    # Alternating the two evicts each other's caches: a harsher, noise-proof figure.
    ours_alt, theirs_alt = median_ms_pair(ours, theirs, pages, args.repeat)
    floor_ms, theirs_floor = median_ms_pair(bare_minimum, theirs, pages, args.repeat)
    records = sum(len(parse_page(body, url, fetched).records) for url, body in pages)
    print(f"pages: {len(pages)} article pages ({records} records), {args.repeat} rounds")
    print(f"{'extractor':<34}{'median ms/page':>16}")
    print(f"{'newscrawl parse_page (all records)':<34}{ours_ms:>16.2f}")
    print(f"{'trafilatura.extract (body only)':<34}{theirs_ms:>16.2f}")
    print(f"speed-up: {theirs_ms / ours_ms:.1f}x (target >= 5x)")
    print(f"timed alternately page by page: {ours_alt:.2f} vs {theirs_alt:.2f} ms, "
          f"{theirs_alt / ours_alt:.1f}x")
    budget = theirs_floor / 10 - floor_ms
    print(f"floor, the bare minimum (parse, links, body and teaser-link texts), alternately: "
          f"{floor_ms:.2f} vs {theirs_floor:.2f} ms, {theirs_floor / floor_ms:.1f}x; at 10x "
          f"trafilatura the rest of the work has {budget:.2f} ms "
          f"(it takes {ours_alt - floor_ms:.2f} ms now)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
