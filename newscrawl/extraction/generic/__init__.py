"""Generic main-content extraction for news pages (lxml only).

``extract_body(root)`` / ``extract_body_from_html(html, url)`` return the story's paragraphs,
its pictures with captions, the chosen container and the headline, for any news site:

1. strip elements that never hold article text (scripts, styles, media, form controls...);
2. prune boilerplate containers recognised by tag, class, id, role or hidden state
   (navigation, related boxes, share bars, comments, newsletters, ads, bylines, captions...),
   never removing an element that holds the headline or most of the page's paragraph text;
3. score candidate containers readability-style: every paragraph scores by length and commas
   (a teaser's summary, under a headline link, scores little), propagated to its ancestors
   with decay, weighted by class names and link density, with a bonus for containers next to
   the headline; pick the best one, widen it when its parents hold comparable content and
   merge sibling blocks that belong to the story (never the standfirst / sapo: that is the
   page's summary);
4. walk the winner in document order and emit paragraphs: text blocks and sub-headings, one
   per list item, one per table row (cells joined by " | "), skipping boxes that look like
   related-link lists or galleries, and dropping caption, credit, byline, date, "read more",
   promotion and share lines and a closing author signature (kept in ``signature``).

Everything is tuned for Vietnamese pages (``content-detail``, ``fck_detail``, ``sapo``,
``box-related``, ``tin-lien-quan``, "Xem thêm:", "Ảnh: ...") but holds for news pages in
general; ``benchmarks/aeb.py`` measures it against trafilatura.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newscrawl.extraction.cleaner import boilerplate_blocks
from newscrawl.extraction.generic.assembly import Assembly
from newscrawl.extraction.generic.candidates import Candidates
from newscrawl.extraction.generic.cleaning import Cleaning
from newscrawl.extraction.generic.scoring import Scoring
from newscrawl.extraction.htmldoc import drop_keeping_tail, parse_document

__all__ = ["GenericBody", "extract_body", "extract_body_from_html", "parse_html"]


@dataclass
class GenericBody:
    """Main text of a page.

    ``paragraphs``: paragraphs, sub-headings, list items and table rows in reading order (the
    body for users is ``text``, i.e. ``"\n\n".join(paragraphs)``); ``images``: (src, caption
    or alt text or None) in body order; ``node``: the chosen container, in the cleaned copy of
    the tree (a plain lxml element when the page was parsed by ``extract_body_from_html``);
    ``title``: the headline (the h1 that matches the page title)."""

    paragraphs: list[str] = field(default_factory=list)
    images: list[tuple[str, str | None]] = field(default_factory=list)
    node: etree._Element | None = None
    title: str | None = None
    # author names of a closing signature line dropped from the body ("Minh Thu")
    signature: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def parse_html(html: str | bytes | None) -> etree._Element | None:
    """Parse a page (text, or bytes in whatever charset) into a plain lxml tree; None when
    there is nothing to parse. Decoding is newscrawl.extraction.htmldoc's, shared by every
    layer."""
    return parse_document(html) if html else None


def _run(root: etree._Element, base_url: str | None, copy_tree: bool) -> GenericBody:
    try:
        return _Extractor(root, base_url, copy_tree).run()
    except (RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError,
            etree.LxmlError):
        return GenericBody()


def extract_body(root: lxml.html.HtmlElement | None,
                 base_url: str | None = None) -> GenericBody:
    """Main content of a parsed page (the root element or any element holding the page).

    The input tree is not modified: the extractor cleans a copy, so ``node`` belongs to that
    copy.  ``base_url`` (optional) makes image URLs absolute."""
    if root is None or not isinstance(getattr(root, "tag", None), str):
        return GenericBody()
    return _run(root, base_url, copy_tree=True)


def extract_body_from_html(html: str | bytes | None, url: str | None = None) -> GenericBody:
    """Parse a page and extract its main content; image URLs are made absolute against url
    (or the page's <base href>)."""
    root = parse_html(html)
    if root is None or not isinstance(root.tag, str):
        return GenericBody()
    base = url
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        href = (base_el.get("href") or "").strip()
        if href:
            base = urljoin(url or "", href)
    return _run(root, base, copy_tree=False)


class _Extractor(Candidates, Scoring, Assembly, Cleaning):
    """One page's extraction: the state the steps share, and the order they run in."""

    def __init__(self, root: etree._Element, base_url: str | None, copy_tree: bool) -> None:
        self.base_url = base_url
        self.orig_title = self._page_title(root)
        self.doc = copy.deepcopy(root) if copy_tree else root
        self.body: etree._Element = self.doc
        body = self.doc.find(".//body") if self.doc.tag != "body" else self.doc
        if body is not None:
            self.body = body
        self.captions: dict[etree._Element, str] = {}
        self.scores: dict[etree._Element, float] = {}
        self.final: dict[etree._Element, float] = {}
        self.tlen: dict[etree._Element, int] = {}
        self.llen: dict[etree._Element, int] = {}
        self.deep: dict[etree._Element, float] = {}
        self.inline: dict[etree._Element, int] = {}
        self.title_el: etree._Element | None = None
        self.title: str | None = None
        self.signature: list[str] = []

    def run(self) -> GenericBody:
        self._choose_title()
        self._strip()
        self._prune()
        top = self._score()
        if top is None:
            # nothing paragraph-like: a tiny page keeps whatever text survived the pruning
            if not self.tlen.get(self.body):
                return GenericBody(title=self.title)
            top = self.body
            nodes = [top]
        else:
            nodes = self._siblings(top)
        # The cleaner every layer shares, on the story's blocks (not the page: the
        # pruning above already judged the page's boxes).
        for node in nodes:
            for block in boilerplate_blocks(node):
                if block is not self.title_el:
                    drop_keeping_tail(block)
        paras, images = self._collect(nodes)
        paragraphs = self._filter(paras)
        return GenericBody(paragraphs=paragraphs, images=images, node=top, title=self.title,
                           signature=self.signature)

