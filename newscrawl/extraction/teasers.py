"""Teasers: the linked article stubs of home, listing, related and featured blocks,
found by their links (class names only accelerate it).
"""

from __future__ import annotations

from datetime import datetime

from newscrawl.extraction.dates import is_date_text, iso, iso_utc, parse_date
from newscrawl.extraction.records import Teaser
from newscrawl.extraction.selectors import firsts_in_item, select_all
from newscrawl.extraction.text import (
    clean_or_none,
    clean_text,
    split_authors,
    split_dashed,
)
from newscrawl.extraction.toolkit import HtmlElement, image_src, site_link, text_of
from newscrawl.sites import urls
from newscrawl.sites.baodantoc import FEATURED_HEADINGS, LAYOUTS, RELATED_HEADINGS, Selectors


def _article_links(scope: HtmlElement, base: str) -> list[tuple[HtmlElement, str]]:
    found = []
    for anchor in scope.iter("a"):
        target = site_link(anchor.get("href"), base)
        if target and urls.article_id(target):
            found.append((anchor, target))
    return found



def group_items(scope: HtmlElement, base: str) -> list[tuple[str, HtmlElement]]:
    """(article URL, item element) per teaser, in document order, class names not needed.

    An item is the largest ancestor of a link, below `scope`, whose article links all
    point to that same article (picture link + title link + meta + summary).
    """
    return [(target, item) for target, item, _ in _teaser_items(scope, base)]


def _teaser_items(scope: HtmlElement, base: str
                  ) -> list[tuple[str, HtmlElement, list[HtmlElement]]]:
    """group_items, with each item's links to its article (in document order)."""
    links = _article_links(scope, base)
    urls_below: dict[HtmlElement, set[str]] = {}
    for anchor, target in links:
        node = anchor
        while node is not None:
            urls_below.setdefault(node, set()).add(target)
            if node is scope:
                break
            node = node.getparent()
    items: dict[HtmlElement, tuple[str, HtmlElement, list[HtmlElement]]] = {}
    for anchor, target in links:
        item = anchor
        parent = item.getparent()
        while parent is not None and parent is not scope and urls_below.get(parent) == {target}:
            item, parent = parent, parent.getparent()
        # Every article link inside an item leads to its article, and climbs to it.
        entry = items.get(item)
        if entry is None:
            items[item] = (target, item, [anchor])
        else:
            entry[2].append(anchor)
    return list(items.values())



def _teaser_title(item: HtmlElement, anchors: list[HtmlElement]) -> str:
    """The text of the item's link in a heading, else its longest link text, else a
    link's title attribute."""
    for anchor in anchors:
        if _in_heading(anchor, item):
            title = text_of(anchor)
            if title:
                return title
    texts = [text_of(a) for a in anchors]
    best = max(texts, key=len, default="")
    if best:
        return best
    return next((clean_text(a.get("title")) for a in anchors if a.get("title")), "")



_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _in_heading(anchor: HtmlElement, item: HtmlElement) -> bool:
    """The link sits in a heading: of the item, or one holding the item (<h3><a>)."""
    for ancestor in anchor.iterancestors():
        if ancestor.tag in _HEADINGS:
            return True
        if ancestor is item:
            parent = item.getparent()  # the item may be the link inside its heading
            return parent is not None and parent.tag in _HEADINGS
    return False


def _teaser_meta(item: HtmlElement, meta: HtmlElement | None, selectors: Selectors
                 ) -> tuple[str | None, list[str], str | None]:
    """(section, authors, time text) from a 'Category - Author(s) - time' meta line."""
    if meta is None:
        meta = next((el for el in item.iter("div", "p", "span", "small", "time")
                     if len(el) < 6 and _looks_like_meta(text_of(el))), None)
        if meta is None:
            return None, [], None
    section_el = author_el = time_el = None
    for element in meta.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        classes = set((element.get("class") or "").split())
        if time_el is None and (element.tag == "time" or classes & selectors.meta_time_classes):
            time_el = element
        elif author_el is None and classes & selectors.meta_author_classes:
            author_el = element
        elif section_el is None and (classes & selectors.meta_section_classes
                                     or element.tag == "a"):
            section_el = element
    if time_el is not None:
        section = (text_of(section_el) or None) if section_el is not None else None
        authors = split_authors(text_of(author_el)) if author_el is not None else []
        return section, authors, text_of(time_el) or None
    parts = split_dashed(text_of(meta))
    raw_time = parts.pop() if parts and is_date_text(parts[-1]) else None
    section = parts.pop(0) if parts else None
    return section, [a for p in parts for a in split_authors(p)], raw_time



def _looks_like_meta(text: str) -> bool:
    if len(text) >= 120:
        return False  # a paragraph, not a meta line: not split
    parts = split_dashed(text)
    return bool(parts) and is_date_text(parts[-1])



def extract_teasers(scope: HtmlElement, base_url: str, found_on: str, block: str,
                    fetched_at: datetime, selectors: Selectors = LAYOUTS[0].selectors,
                    start: int = 1) -> list[Teaser]:
    fetched = iso_utc(fetched_at)
    teasers: list[Teaser] = []
    seen: set[str] = set()
    for target, item, anchors in _teaser_items(scope, base_url):
        if target in seen:  # one line per (found_on, block, url)
            continue
        title = _teaser_title(item, anchors)
        if not title:
            continue
        seen.add(target)
        meta_el, summary_el = firsts_in_item(item, selectors.teaser_meta,
                                             selectors.teaser_summary)
        section, authors, raw_time = _teaser_meta(item, meta_el, selectors)
        img = next(item.iter("img"), None)
        teasers.append(Teaser(
            url=target,
            article_id=urls.article_id(target),
            title=title,
            summary=clean_or_none(text_of(summary_el)) if summary_el is not None else None,
            section=section,
            authors=authors,
            published_at=iso(parse_date(raw_time, fetched_at)) if raw_time else None,
            published_raw=raw_time,
            image_url=image_src(img, base_url) if img is not None else None,
            found_on=found_on,
            block=block,
            position=start + len(teasers),
            fetched_at=fetched,
        ))
    return teasers



def _boxes_by_heading(root: HtmlElement, headings: tuple[str, ...]) -> list[HtmlElement]:
    """Containers headed by one of `headings` (class names unknown): the heading text is
    found first, then the box is the nearest ancestor holding more than the heading."""
    boxes: list[HtmlElement] = []
    for element in root.iter():
        text = element.text
        if not text or len(text) > 60 or not isinstance(element.tag, str):
            continue
        if clean_text(text).lower().rstrip(":") not in headings:
            continue
        node = element
        while node.getparent() is not None and len(node.getparent()) == 1:
            node = node.getparent()  # the heading's own wrappers
        box = node.getparent()
        if box is not None and box not in boxes and box.tag not in ("body", "html"):
            boxes.append(box)
    return boxes



def article_page_teasers(root: HtmlElement, url: str, fetched_at: datetime,
                          selectors: Selectors) -> list[Teaser]:
    teasers: list[Teaser] = []
    for block, block_selectors, headings in (
        ("related", selectors.related_block, RELATED_HEADINGS),
        ("featured", selectors.featured_block, FEATURED_HEADINGS),
    ):
        boxes = select_all(root, block_selectors) or _boxes_by_heading(root, headings)
        position = 1
        for box in boxes:
            found = extract_teasers(box, url, url, block, fetched_at, selectors, position)
            teasers.extend(found)
            position += len(found)
    return teasers



def largest_list(root: HtmlElement, url: str) -> HtmlElement | None:
    """The element holding the most teaser items side by side: a listing whose class
    names the site selectors do not know."""
    body = root.find("body")
    if body is None:
        return None
    parents: dict[HtmlElement, int] = {}
    for _, item in group_items(body, url):
        parent = item.getparent()
        if parent is not None:
            parents[parent] = parents.get(parent, 0) + 1
    best = max(parents.items(), key=lambda pair: pair[1], default=(None, 0))
    return best[0] if best[1] >= 3 else None

