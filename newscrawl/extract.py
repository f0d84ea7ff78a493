"""Pure extraction: page bytes + canonical URL + fetch time in, records and links out.

No Scrapy here, so a saved page can be re-extracted or tested alone:

    page = parse_page(html, "https://baodantoc.vn/x-1733016543180.htm", fetched_at)
    page.records  # [Article, Teaser, ...]
    page.links    # what the spider may follow

Site knowledge (selectors, URL patterns) lives in newscrawl.site and newscrawl.urls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector

from newscrawl import urls
from newscrawl.dates import find_printed_date, is_date_text, iso, iso_utc, parse_date
from newscrawl.generic import GenericBody
from newscrawl.generic import extract_body as generic_body
from newscrawl.htmldoc import drop_keeping_tail, parse_document
from newscrawl.items import Article, Record, Teaser
from newscrawl.metadata import PageMetadata, extract_metadata
from newscrawl.site import FEATURED_HEADINGS, LANGUAGE, RELATED_HEADINGS, SITE, Selectors
from newscrawl.text import (
    clean_or_none,
    clean_text,
    split_authors,
    split_dashed,
    strip_author_prefix,
)

# Plain lxml elements: several times cheaper to create than lxml.html's HtmlElement,
# whose per-element Python class lookup dominated extraction time.
HtmlElement = lxml.etree._Element


class NotAnArticle(ValueError):
    """The page holds no article (the reason says why); its teasers may still count."""


@dataclass
class PageLinks:
    """What a page offers to the crawler, as canonical site URLs in document order."""

    articles: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    next_page: str | None = None
    feeds: list[str] = field(default_factory=list)


@dataclass
class Page:
    kind: str  # article, home, listing, rss, sitemap, other
    url: str
    records: list[Record] = field(default_factory=list)
    links: PageLinks = field(default_factory=PageLinks)
    problem: str | None = None  # why an expected article could not be extracted

    @property
    def article(self) -> Article | None:
        return next((r for r in self.records if isinstance(r, Article)), None)

    @property
    def teasers(self) -> list[Teaser]:
        return [r for r in self.records if isinstance(r, Teaser)]


# --------------------------------------------------------------------------- helpers

_COMPOUND = re.compile(r"^(?P<tag>[a-z][a-z0-9]*|\*)?(?P<rest>(?:[.#][A-Za-z0-9_-]+)*)$")


@dataclass(frozen=True)
class _Compound:
    """One 'tag.class#id' part of a selector, for the exact check of a candidate."""

    tag: str | None
    classes: tuple[str, ...]
    ident: str | None

    def matches(self, element: HtmlElement) -> bool:
        if self.tag and element.tag != self.tag:
            return False
        if self.ident and element.get("id") != self.ident:
            return False
        names = (element.get("class") or "").split()
        return all(name in names for name in self.classes)

    def xpath(self) -> str:
        tests = [f"contains(@class, '{name}')" for name in self.classes]
        if self.ident:
            tests.append(f"@id = '{self.ident}'")
        return (self.tag or "*") + "".join(f"[{test}]" for test in tests)


class _FastSelector:
    """'tag.class', 'tag#id' and descendant chains of them, as cheap XPath.

    cssselect's class test (concat + normalize-space on every element) is slow; a plain
    contains() prefilter plus an exact check of the few candidates matches the same
    elements in less time.
    """

    def __init__(self, parts: list[_Compound]) -> None:
        self.parts = parts
        self.xpath = lxml.etree.XPath(
            "descendant-or-self::" + "//".join(part.xpath() for part in parts))

    def __call__(self, root: HtmlElement) -> list[HtmlElement]:
        *ancestors, last = self.parts
        found = []
        for element in self.xpath(root):
            if not last.matches(element):
                continue
            chain = list(element.iterancestors()) if ancestors else []
            if all(any(part.matches(a) for a in chain) for part in ancestors):
                found.append(element)
        return found


def _compile(selector: str) -> Callable[[HtmlElement], list[HtmlElement]]:
    parts = []
    for token in selector.split():
        match = _COMPOUND.match(token)
        if not match or not (match["tag"] or match["rest"]):
            return CSSSelector(selector)
        names = re.findall(r"([.#])([A-Za-z0-9_-]+)", match["rest"] or "")
        idents = [name for kind, name in names if kind == "#"]
        parts.append(_Compound(None if match["tag"] in (None, "*") else match["tag"],
                               tuple(name for kind, name in names if kind == "."),
                               idents[0] if idents else None))
    return _FastSelector(parts)


_css_cache: dict[str, Callable[[HtmlElement], list[HtmlElement]]] = {}


def _css(selector: str) -> Callable[[HtmlElement], list[HtmlElement]]:
    compiled = _css_cache.get(selector)
    if compiled is None:
        compiled = _css_cache[selector] = _compile(selector)
    return compiled


def select_all(root: HtmlElement, selectors: Iterable[str]) -> list[HtmlElement]:
    """Matches of the first selector in the list that matches anything."""
    for selector in selectors:
        found = _css(selector)(root)
        if found:
            return found
    return []


def select_first(root: HtmlElement, selectors: Iterable[str]) -> HtmlElement | None:
    found = select_all(root, selectors)
    return found[0] if found else None


def text_of(element: HtmlElement | None, skip: set[HtmlElement] | None = None) -> str:
    """Visible text of an element, cleaned; never from scripts, styles or `skip` subtrees.

    Documents from parse_html have no scripts or styles left and a space after each <br>,
    so without `skip` libxml2's own text serialiser does the walk (several times faster).
    """
    if element is None:
        return ""
    if not skip:
        return clean_text(lxml.etree.tostring(element, method="text", encoding="unicode",
                                              with_tail=False))
    return clean_text(" ".join(_texts(element, skip)))


_INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head", "title"}


def _texts(element: HtmlElement, skip: set[HtmlElement]) -> Iterator[str]:
    if element.text and element.tag not in _INVISIBLE_TAGS and element not in skip:
        yield element.text
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            if child.tail:
                yield child.tail
            continue
        if child.tag == "br":
            yield " "
        elif child.tag not in _INVISIBLE_TAGS and child not in skip:
            yield from _texts(child, skip)
        if child.tail:
            yield child.tail


def parse_html(html: str | bytes, content_type: str = "") -> HtmlElement:
    """lxml document for any input, however broken; raises NotAnArticle for empty input.

    Scripts, styles and comments are removed (JSON-LD metadata is kept) and every <br>
    is followed by a space, so text taken from any element is what a reader sees.
    """
    if not html or not html.strip():
        raise NotAnArticle("empty page")
    root = parse_document(html, content_type)
    if root is None:
        raise NotAnArticle("no HTML document in the page")
    for element in list(root.iter("script", "style", "noscript", "template",
                                  lxml.etree.Comment)):
        if element.tag == "script" and "ld+json" in (element.get("type") or ""):
            continue
        drop_keeping_tail(element)
    for br in root.iter("br"):
        br.tail = " " + (br.tail or "")
    return root


@lru_cache(maxsize=16384)
def _absolute(src: str | None, base: str) -> str | None:
    """An absolute http(s) URL for a src/href; None for data:, javascript:, ftp: ..."""
    src = (src or "").strip()
    if not src:
        return None
    try:
        absolute = urljoin(base, src)
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


def _image_src(img: HtmlElement, base: str) -> str | None:
    """The real picture behind lazy-loading attributes."""
    for attribute in ("data-src", "data-original", "data-lazy-src", "src"):
        value = img.get(attribute)
        if value and not value.startswith("data:") and "blank" not in value.lower():
            return _absolute(value, base)
    return None


def _canonical_site_link(href: str | None, base: str) -> str | None:
    """Canonical site URL of a link, None for other hosts; cached (menus repeat on every page)."""
    if href and href.startswith(("https://", "http://")):
        return _canonical_link(href, "")  # absolute: the same answer on every page
    return _canonical_link(href, base)


@lru_cache(maxsize=16384)
def _canonical_link(href: str | None, base: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    try:
        absolute = urljoin(base, href)
    except ValueError:
        return None
    if not urls.is_site_url(absolute):
        return None
    return urls.canonical_url(absolute)


# --------------------------------------------------------------------------- articles

_BOILERPLATE_LINE = re.compile(
    r"^[\(\[]?\s*(?:xem\s+thêm|đọc\s+thêm|tin\s+liên\s+quan|bài\s+liên\s+quan|"
    r"nguồn|ảnh|video|clip|đồ\s+họa|infographic)\s*[:：]",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt"}
_NAME_JOINERS = frozenset({"-", "–", "và", ",", "&"})


def _is_name_word(word: str) -> bool:
    """'Trang', 'T.Nhân', '(TTXVN)', 'Hà,' and the joiners between names."""
    if word in _NAME_JOINERS:
        return True
    core = word.strip("(),")
    return bool(core) and core[0].isupper() and all(c.isalpha() or c in ".'’-" for c in core)


@dataclass
class BodyParts:
    paragraphs: list[str]
    images: list[dict[str, str | None]]
    signature: list[str]


def extract_body(container: HtmlElement, base_url: str,
                 selectors: Selectors = SITE.selectors) -> BodyParts:
    """Paragraphs, figures and end signature of an article's content element."""
    noise, image_noise, captions = _noise_elements(
        container, selectors.body_noise, selectors.image_noise, selectors.caption)
    # A picture outside <figure> with its caption in the next (italic) paragraph: the
    # caption goes to images, never to the body.
    loose_captions = _loose_captions(container, noise, selectors)
    noise.update(caption for caption in loose_captions.values() if caption is not None)
    # Elements holding noise need the careful text walk; all others take the fast path.
    noisy: set[HtmlElement] = set()
    for element in noise:
        noisy.update(element.iterancestors())
    blocks: list[tuple[HtmlElement, str]] = []
    _collect_blocks(container, _BodyWalk(noise, noisy), blocks)
    blocks = [(el, text) for el, text in blocks if text and not _BOILERPLATE_LINE.match(text)
              and not _is_article_link_line(el, text, base_url)]
    signature: list[str] = []
    if blocks and _is_signature(*blocks[-1]):
        signature = split_authors(blocks.pop()[1])
    images = _images(container, base_url, loose_captions, image_noise, captions)
    return BodyParts([text for _, text in blocks], images, signature)


def _is_article_link_line(element: HtmlElement, text: str, base_url: str) -> bool:
    """A paragraph that is nothing but a link to another article: a related-story line."""
    links = [a for a in element.iter("a") if a.get("href")]
    if len(links) != 1 or text_of(links[0]) != text:
        return False
    target = _canonical_site_link(links[0].get("href"), base_url)
    return bool(target and urls.article_id(target) and target != urls.canonical_url(base_url))


_SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[A-Za-z0-9_-]+))?$")


@lru_cache(maxsize=8)
def _split_selectors(selectors: tuple[str, ...]
                     ) -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]], str]:
    """Simple selectors ("tag", ".class", "tag.class") as sets; the rest as one CSS union."""
    tags, classes, tag_classes, other = set(), set(), set(), []
    for selector in selectors:
        match = _SIMPLE_SELECTOR.match(selector)
        if not match:
            other.append(selector)
        elif match["tag"] and match["cls"]:
            tag_classes.add((match["tag"], match["cls"]))
        elif match["tag"]:
            tags.add(match["tag"])
        else:
            classes.add(match["cls"])
    return frozenset(tags), frozenset(classes), frozenset(tag_classes), ", ".join(other)


def _noise_elements(container: HtmlElement, *groups: tuple[str, ...]) -> list[set[HtmlElement]]:
    """For each group of selectors, the container's elements matching one of them; all
    groups in a single walk of the container."""
    compiled = [_split_selectors(group) for group in groups]
    found: list[set[HtmlElement]] = [
        set(_css(other)(container)) if other else set() for *_, other in compiled]
    for element in container.iterdescendants():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        names = element.get("class")
        split = names.split() if names else ()
        for (tags, classes, tag_classes, _), matches in zip(compiled, found, strict=True):
            if tag in tags or any(name in classes or (tag, name) in tag_classes
                                  for name in split):
                matches.add(element)
    return found


@dataclass
class _BodyWalk:
    noise: set[HtmlElement]
    noisy: set[HtmlElement]

    def text(self, element: HtmlElement) -> str:
        return text_of(element, self.noise if element in self.noisy else None)


_BLOCK_LEVEL = _BLOCK_TAGS | {"div", "table", "section", "article", "main", "ul", "ol", "dl",
                              "figure", "center", "header", "footer", "aside", "tr", "form",
                              "hr", "address", "details"}


def _collect_blocks(element: HtmlElement, walk: _BodyWalk,
                    out: list[tuple[HtmlElement, str]]) -> None:
    """Block texts in document order; inline runs between blocks form paragraphs too."""
    run: list[str] = [element.text or ""]

    def flush() -> None:
        text = clean_text(" ".join(run))
        if text:
            out.append((element, text))
        run.clear()

    for child in element:
        if isinstance(child.tag, str) and child not in walk.noise:
            if child.tag not in _BLOCK_LEVEL:
                run.append(walk.text(child))
            else:
                flush()
                if child.tag == "table":
                    _table_rows(child, walk, out)
                elif _has_block_child(child):
                    _collect_blocks(child, walk, out)
                else:
                    out.append((child, walk.text(child)))
        run.append(child.tail or "")
    flush()


def _table_rows(table: HtmlElement, walk: _BodyWalk, out: list[tuple[HtmlElement, str]]) -> None:
    """One paragraph per row, cell texts joined by " | " (header row included)."""
    for row in table.iter("tr"):
        cells = [walk.text(cell) for cell in row if cell.tag in ("td", "th")]
        if any(cells):
            out.append((row, " | ".join(cells)))


def _has_block_child(element: HtmlElement) -> bool:
    return any(isinstance(child.tag, str) and child.tag in _BLOCK_LEVEL for child in element)


def _is_signature(element: HtmlElement, text: str) -> bool:
    """A short, name-shaped last paragraph, right-aligned or all bold: the author's signature
    ("Hoàng Thu Trang", "Bài và ảnh: Minh Anh", "Thu Hà (TTXVN)")."""
    words = strip_author_prefix(text).split()
    if not words or len(words) > 8 or len(text) > 70 or text[-1] in ".!?:;…\"”":
        return False
    if not all(_is_name_word(word) for word in words):
        return False
    style = (element.get("style") or "").replace(" ", "").lower()
    right = "text-align:right" in style or (element.get("align") or "").lower() == "right"
    emphasised = "".join(
        "".join(e.itertext()) for e in element.iter("strong", "b", "em", "i")
        if e is not element
    )
    return right or clean_text(emphasised) == text


def _in_figure(img: HtmlElement, container: HtmlElement) -> HtmlElement | None:
    """The <figure> (or CMS picture table) holding an image, if any."""
    for ancestor in img.iterancestors():
        if ancestor is container:
            return None
        if ancestor.tag == "figure" or (
                ancestor.tag == "table" and "image" in (ancestor.get("class") or "")):
            return ancestor
    return None


def _is_italic(element: HtmlElement) -> bool:
    """All of the element's text sits inside <em>/<i>."""
    text = text_of(element)
    if not text or element.tag in ("em", "i"):
        return bool(text)
    italic = " ".join(text_of(e) for e in element.iter("em", "i")
                      if e.getparent() is not None and e.getparent().tag not in ("em", "i"))
    return clean_text(italic) == text


def _loose_captions(container: HtmlElement, noise: set[HtmlElement], selectors: Selectors
                    ) -> dict[HtmlElement, HtmlElement | None]:
    """Pictures outside <figure>, each with the element holding its caption (or None).

    The caption is the picture's own block when all its text is italic
    (<p><img><br><em>caption</em></p>), else the next block when it is a short italic or
    caption-classed paragraph.
    """
    captions: dict[HtmlElement, HtmlElement | None] = {}
    caption_classes = {s.lstrip(".") for s in selectors.caption if s.startswith(".")}
    for img in container.iter("img"):
        if _in_figure(img, container) is not None or any(
                a in noise for a in img.iterancestors() if a is not container):
            continue
        block = img
        while block.getparent() is not None and block.getparent() is not container \
                and block.tag not in _BLOCK_LEVEL:
            block = block.getparent()
        caption = None
        own_text = text_of(block) if block is not img else ""
        if own_text:
            if len(own_text) < 300 and _is_italic(block):
                caption = block
        else:
            following = block.getnext()
            while following is not None and not isinstance(following.tag, str):
                following = following.getnext()
            if following is not None and following.tag in ("p", "div", "span", "em", "i"):
                classes = set((following.get("class") or "").split())
                text = text_of(following)
                if text and len(text) < 300 and (classes & caption_classes
                                                 or _is_italic(following)):
                    caption = following
        captions[img] = caption
    return captions


def _images(container: HtmlElement, base_url: str,
            loose_captions: dict[HtmlElement, HtmlElement | None],
            skipped: set[HtmlElement], captions: set[HtmlElement]
            ) -> list[dict[str, str | None]]:
    """One entry per picture in body order: caption, else alt text, else None."""
    images: list[dict[str, str | None]] = []
    seen_figures: set[HtmlElement] = set()
    for img in container.iter("img"):
        if any(a in skipped for a in img.iterancestors()):
            continue
        figure = _in_figure(img, container)
        if figure is not None:
            if figure in seen_figures:
                continue  # one entry per figure
            seen_figures.add(figure)
            caption_el = next(figure.iter("figcaption"), None)
            if caption_el is None:
                caption_el = next((e for e in figure.iter() if e in captions), None)
        elif img in loose_captions:
            caption_el = loose_captions[img]
        else:
            continue
        caption = text_of(caption_el) if caption_el is not None else ""
        src = _image_src(img, base_url)
        if src:
            images.append({"url": src,
                           "caption": caption or clean_text(img.get("alt")) or None})
    return images


def _byline(root: HtmlElement, selectors: Selectors) -> tuple[list[str], str | None]:
    """(authors, time text) from the byline 'A - B - HH:MM, DD/MM/YYYY'."""
    byline = select_first(root, selectors.byline)
    if byline is None:
        return [], None
    author_el = select_first(byline, selectors.byline_author)
    time_el = select_first(byline, selectors.byline_time)
    raw_time = text_of(time_el) or None
    if author_el is not None:
        authors = split_authors(text_of(author_el))
    else:
        parts = split_dashed(text_of(byline))
        if raw_time is None and parts and is_date_text(parts[-1]):
            raw_time = parts[-1]
        authors = [a for p in parts if p != raw_time and not is_date_text(p)
                   for a in split_authors(p)]
    return authors, raw_time


def _meta_content(root: HtmlElement, *names: str) -> str | None:
    for name in names:
        for element in root.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
            value = clean_text(element.get("content"))
            if value:
                return value
    return None


class _Lazy:
    """Metadata and the generic extractor cost time: run them only when a field needs them."""

    def __init__(self, root: HtmlElement, url: str) -> None:
        self.root, self.url = root, url
        self._metadata: PageMetadata | None = None
        self._generic: GenericBody | None = None

    @property
    def metadata(self) -> PageMetadata:
        if self._metadata is None:
            self._metadata = extract_metadata(self.root, self.url)
        return self._metadata

    @property
    def generic(self) -> GenericBody:
        if self._generic is None:
            self._generic = generic_body(self.root, self.url)
        return self._generic


def _near_title_byline(root: HtmlElement, title_el: HtmlElement | None
                       ) -> tuple[list[str], str | None]:
    """(authors, time text) from the first short dated line after the headline.

    Used when the byline selectors find nothing (a redesign): looking after the <h1>
    skips the header's stale clock, which sits above it. The line may be one text
    ("A - B - 08:31, 01/12/2024", "A 08:31, 01/12/2024") or one element per part.
    """
    if title_el is None:
        return [], None
    for seen, element in enumerate(title_el.itersiblings()):
        if seen > 12 or not isinstance(element.tag, str):
            break
        candidates = [element, *(e for e in element.iterdescendants() if isinstance(e.tag, str))]
        for candidate in candidates[:20]:
            text = text_of(candidate)
            if not text or len(text) > 120 or not find_printed_date(text):
                continue
            children = [text_of(child) for child in candidate if isinstance(child.tag, str)]
            parts = [p for c in children if c for p in split_dashed(c)] \
                if len([c for c in children if c]) >= 2 else split_dashed(text)
            raw_time, names = None, []
            for part in parts:
                printed = find_printed_date(part)
                if printed and raw_time is None:
                    raw_time = printed
                    part = clean_text(part.replace(printed, " ")).strip(" -|,")
                if part and _looks_like_name(part):
                    names.append(part)
            return [a for name in names for a in split_authors(name)], raw_time
    return [], None


def _near_title_lead(title_el: HtmlElement | None) -> str | None:
    """The lead when no selector or metadata names it: the first paragraph-like element
    right after the headline (and its byline) that reads like a sentence or two."""
    if title_el is None:
        return None
    for seen, element in enumerate(title_el.itersiblings()):
        if seen > 4 or not isinstance(element.tag, str):
            break
        if element.tag not in ("p", "h2", "h3", "div", "strong", "b") or len(element) > 3:
            continue
        text = text_of(element)
        words = len(text.split())
        if not 12 <= words <= 120 or find_printed_date(text[:40]):
            continue
        # Set apart from body paragraphs: a heading, all bold, or named like a lead.
        hint = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        bold = " ".join(text_of(e) for e in element.iter("strong", "b") if e is not element)
        if element.tag in ("h2", "h3", "strong", "b") or clean_text(bold) == text \
                or _LEAD_HINT.search(hint):
            return text
    return None


_LEAD_HINT = re.compile(r"lead|sapo|summary|intro|desc|excerpt|standfirst|chapeau|tomtat")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and all(_is_name_word(w) for w in words)


_MIN_GENERIC_WORDS = 15
# Another site's page: none of this site's article selectors apply.
_FOREIGN_PAGE = replace(SITE.selectors, title=(), byline=(), byline_author=(), byline_time=(),
                        summary=(), body=(), section=(), tags=())


def extract_article(root: HtmlElement, url: str, fetched_at: datetime,
                    selectors: Selectors = SITE.selectors,
                    not_body: frozenset[str] = frozenset()) -> Article:
    """The article of a page, each field from the best layer that has it.

    Order of evidence: the site's selectors, then structured metadata (JSON-LD,
    OpenGraph, <meta>, <time>), then the generic extractor. `extraction` says which
    layer produced the body, so template drift shows in the output and the crawl stats.
    """
    lazy = _Lazy(root, url)
    # The site's selectors are this site's knowledge: another site's page skips them.
    is_site = urls.is_site_url(url)
    if not is_site:
        selectors = _FOREIGN_PAGE
    title_el = select_first(root, selectors.title)
    title = text_of(title_el)
    container = select_first(root, selectors.body) if is_site else None
    parts = extract_body(container, url, selectors) if container is not None else None
    body, images, signature, layer = [], [], [], "site"
    if parts is not None and parts.paragraphs:
        body, images, signature = parts.paragraphs, parts.images, parts.signature
    else:
        generic = lazy.generic
        # Teaser titles and leads of other articles are never this article's text.
        generic_body = [p for p in generic.paragraphs if p not in not_body]
        generic_words = sum(len(p.split()) for p in generic_body)
        json_ld = lazy.metadata.json_ld_body or ""
        json_ld_words = len(json_ld.split())
        # JSON-LD articleBody comes first when it agrees in size with the page's own text:
        # some sites cut it short, others pad it with more than the article.
        agrees = generic_words < _MIN_GENERIC_WORDS or (
            0.8 * generic_words <= json_ld_words <= 1.2 * generic_words)
        if json_ld_words >= 30 and agrees:
            layer = "metadata"
            body = [p for p in (clean_text(p) for p in json_ld.split("\n")) if p]
            images = [{"url": src, "caption": caption} for src, caption in generic.images]
        else:
            layer = "generic"
            if generic_words < _MIN_GENERIC_WORDS:
                raise NotAnArticle("no article text: the generic layer found only boxes or "
                                   "menus")
            body = generic_body
            signature = getattr(generic, "signature", [])
            images = [{"url": src, "caption": caption} for src, caption in generic.images]
    title = title or lazy.metadata.title or lazy.generic.title or ""
    if not title or not body:
        raise NotAnArticle("no headline or no article text found by any layer")
    if title_el is None:
        title_el = _headline_element(root, title)
    lead = clean_or_none(text_of(select_first(root, selectors.summary))) \
        or _near_title_lead(title_el)
    summary = lead or lazy.metadata.description
    # A lead printed apart from the body is not body text, whichever layer found the body.
    # Elsewhere a meta description is often the first paragraph itself, which stays; on
    # this site it is the sapo, never part of the body.
    not_text = {title, lead, summary if is_site else None}
    body = [p for p in body if p not in not_text]
    if not body:
        raise NotAnArticle("the only text found is the headline or the lead")

    authors, published_raw = _byline(root, selectors)
    if published_raw is None:
        published_raw = lazy.metadata.published_raw
    if published_raw is None or not authors:
        near_authors, near_time = _near_title_byline(root, title_el)
        published_raw = published_raw or near_time
        authors = authors or near_authors
    authors = authors or signature or lazy.metadata.authors
    published = parse_date(published_raw, fetched_at) if published_raw else None
    modified_raw = _meta_content(root, "article:modified_time")
    if modified_raw is None and layer != "site":
        modified_raw = lazy.metadata.modified_raw

    section_el = select_first(root, selectors.section)
    section_href = section_el.get("href") if section_el is not None else None
    section = clean_or_none(text_of(section_el)) or (lazy.metadata.section if layer != "site"
                                                     else None)
    tags = [clean_text(text_of(a)) for a in select_all(root, selectors.tags)]
    if not tags and layer != "site":
        tags = lazy.metadata.tags
    return Article(
        url=url,
        article_id=urls.article_id(url) if is_site else None,
        title=title,
        summary=summary,
        body="\n\n".join(body),
        authors=authors,
        published_at=iso(published),
        published_raw=published_raw,
        modified_at=iso(parse_date(modified_raw, fetched_at)) if modified_raw else None,
        section=section,
        section_url=_canonical_site_link(section_href, url) if section_href else None,
        tags=[t for i, t in enumerate(tags) if t and t not in tags[:i]],
        images=images,
        language=LANGUAGE if is_site else (lazy.metadata.language or LANGUAGE),
        fetched_at=iso_utc(fetched_at),
        extraction=layer,
    )


def _headline_element(root: HtmlElement, title: str) -> HtmlElement | None:
    """The <h1> (else h2) whose text is the headline, to anchor the byline search."""
    for tag in ("h1", "h2"):
        for element in root.iter(tag):
            text = text_of(element)
            if text and (text == title or text in title or title in text):
                return element
    return next(root.iter("h1"), None)


# --------------------------------------------------------------------------- teasers


def _article_links(scope: HtmlElement, base: str) -> list[tuple[HtmlElement, str]]:
    found = []
    for anchor in scope.iter("a"):
        target = _canonical_site_link(anchor.get("href"), base)
        if target and urls.article_id(target):
            found.append((anchor, target))
    return found


def _group_items(scope: HtmlElement, base: str) -> list[tuple[str, HtmlElement]]:
    """(article URL, item element) per teaser, in document order, class names not needed.

    An item is the largest ancestor of a link, below `scope`, whose article links all
    point to that same article (picture link + title link + meta + summary).
    """
    links = _article_links(scope, base)
    urls_below: dict[HtmlElement, set[str]] = {}
    for anchor, target in links:
        node = anchor
        while node is not None:
            urls_below.setdefault(node, set()).add(target)
            if node is scope:
                break
            node = node.getparent()
    items: list[tuple[str, HtmlElement]] = []
    seen: set[HtmlElement] = set()
    for anchor, target in links:
        item = anchor
        parent = item.getparent()
        while parent is not None and parent is not scope and urls_below.get(parent) == {target}:
            item, parent = parent, parent.getparent()
        if item not in seen:
            seen.add(item)
            items.append((target, item))
    return items


def _teaser_title(item: HtmlElement, target: str, base: str) -> str:
    candidates = [a for a in item.iter("a") if _canonical_site_link(a.get("href"), base) == target]
    for anchor in candidates:
        if any(ancestor.tag in ("h1", "h2", "h3", "h4", "h5", "h6") for ancestor in
               anchor.iterancestors()) or anchor.tag in ("h2", "h3"):
            title = text_of(anchor)
            if title:
                return title
    texts = [text_of(a) for a in candidates]
    best = max(texts, key=len, default="")
    if best:
        return best
    return next((clean_text(a.get("title")) for a in candidates if a.get("title")), "")


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
    parts = split_dashed(text)
    return bool(parts) and len(text) < 120 and is_date_text(parts[-1])


def _first_in_item(item: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
    """The first match of the first selector matching inside a teaser item.

    Teaser items are a dozen elements: one walk checking simple selectors ("tag",
    ".class", "tag.class") beats an XPath call per selector; others fall back to CSS.
    """
    simple = _simple_specs(selectors)
    if simple is None:
        return select_first(item, selectors)
    best: tuple[int, HtmlElement] | None = None
    for element in item.iterdescendants():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        names = (element.get("class") or "").split()
        for rank, (want_tag, want_class) in enumerate(simple):
            if best is not None and rank >= best[0]:
                break
            if (want_tag is None or want_tag == tag) and (want_class is None
                                                          or want_class in names):
                best = (rank, element)
                break
        if best is not None and best[0] == 0:
            break
    return best[1] if best else None


@lru_cache(maxsize=32)
def _simple_specs(selectors: tuple[str, ...]) -> tuple[tuple[str | None, str | None], ...] | None:
    specs = []
    for selector in selectors:
        match = _SIMPLE_SELECTOR.match(selector)
        if not match or not (match["tag"] or match["cls"]):
            return None
        specs.append((match["tag"], match["cls"]))
    return tuple(specs)


def extract_teasers(scope: HtmlElement, base_url: str, found_on: str, block: str,
                    fetched_at: datetime, selectors: Selectors = SITE.selectors,
                    start: int = 1) -> list[Teaser]:
    fetched = iso_utc(fetched_at)
    grouped = _group_items(scope, base_url)
    teasers: list[Teaser] = []
    seen: set[str] = set()
    for target, item in grouped:
        if target in seen:  # one line per (found_on, block, url)
            continue
        title = _teaser_title(item, target, base_url)
        if not title:
            continue
        seen.add(target)
        section, authors, raw_time = _teaser_meta(
            item, _first_in_item(item, selectors.teaser_meta), selectors)
        summary_el = _first_in_item(item, selectors.teaser_summary)
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
            image_url=_image_src(img, base_url) if img is not None else None,
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


def _article_page_teasers(root: HtmlElement, url: str, fetched_at: datetime,
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


# --------------------------------------------------------------------------- links


_HREFS = lxml.etree.XPath("//a/@href | //link/@href")  # strings only: no element objects


def _links(root: HtmlElement, url: str, selectors: Selectors) -> PageLinks:
    links = PageLinks()
    seen: set[str] = set()
    for href in _HREFS(root):
        target = _canonical_site_link(str(href), url)
        if not target or target in seen or urls.is_skipped_url(target):
            continue
        seen.add(target)
        if urls.article_id(target):
            links.articles.append(target)
        elif urls.is_listing_url(target):
            links.listings.append(target)
        elif urls.is_rss_url(target) or urls.is_feed_index_url(target):
            links.feeds.append(target)  # the feed index page leads to every section's feed
    next_el = select_first(root, selectors.next_page)
    if next_el is not None:
        links.next_page = _canonical_site_link(next_el.get("href"), url)
    return links


# --------------------------------------------------------------------------- RSS


def parse_feed(body: bytes, url: str, fetched_at: datetime) -> Page:
    """RSS 2.0 / Atom items -> `rss` teasers. Entities are never expanded, nothing fetched."""
    page = Page("rss", url)
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                                  recover=True, load_dtd=False)
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except lxml.etree.XMLSyntaxError as error:
        page.problem = f"unparseable feed: {error}"
        return page
    if root is None:
        page.problem = "empty feed"
        return page
    items = [el for el in root.iter() if isinstance(el.tag, str) and _local(el.tag) in
             ("item", "entry")]
    for item in items:
        fields = {_local(child.tag): child for child in item if isinstance(child.tag, str)}
        link_el = fields.get("link")
        href = (link_el.text or link_el.get("href")) if link_el is not None else None
        target = _canonical_site_link(href, url)
        title = clean_text(_xml_text(_field(fields, "title")))
        if not target or not title:
            continue
        summary, image_url = _feed_description(
            _xml_text(_field(fields, "description", "summary", "content")), url)
        raw_time = clean_or_none(_xml_text(_field(fields, "pubDate", "published", "updated")))
        creator = _field(fields, "creator", "author")
        page.records.append(Teaser(
            url=target,
            article_id=urls.article_id(target),
            title=title,
            summary=summary,
            section=None,
            authors=split_authors(_xml_text(creator)) if creator is not None else [],
            published_at=iso(parse_date(raw_time, fetched_at)) if raw_time else None,
            published_raw=raw_time,
            image_url=image_url,
            found_on=url,
            block="rss",
            position=len(page.records) + 1,
            fetched_at=iso_utc(fetched_at),
        ))
        page.links.articles.append(target)
    return page


def _field(fields: dict[str, lxml.etree._Element], *names: str) -> lxml.etree._Element | None:
    return next((fields[name] for name in names if name in fields), None)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml_text(element: lxml.etree._Element | None) -> str:
    if element is None:
        return ""
    return "".join(element.itertext())


def _feed_description(markup: str, base: str) -> tuple[str | None, str | None]:
    """A description holding HTML (an <img> then text) -> (summary text, image URL)."""
    if not markup.strip():
        return None, None
    if "<" not in markup:
        return clean_or_none(markup), None
    try:
        fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return clean_or_none(re.sub(r"<[^>]+>", " ", markup)), None
    img = next(fragment.iter("img"), None)
    return clean_or_none(text_of(fragment)), _image_src(img, base) if img is not None else None


# --------------------------------------------------------------------------- pages


def page_kind(url: str, body: bytes | str = b"", content_type: str = "") -> str:
    """article, listing, home, rss, sitemap or other, from the URL (then the content)."""
    head = body[:512].lstrip().lower() if isinstance(body, bytes) else body[:512].encode().lower()
    if not urls.is_site_url(url):
        is_feed = b"<rss" in head or b"<feed" in head or "rss" in content_type
        return "rss" if is_feed else "article"  # another site: read it as an article
    if urls.article_id(url):
        return "article"
    if urls.is_listing_url(url):
        return "listing"
    if urls.is_home_url(url):
        return "home"
    if urls.is_rss_url(url) or "rss" in content_type or b"<rss" in head or b"<feed" in head:
        return "rss"
    if url.endswith(".xml") and (b"<urlset" in head or b"<sitemapindex" in head):
        return "sitemap"
    return "other"


def parse_page(body: bytes | str, url: str, fetched_at: datetime | None = None,
               content_type: str = "", selectors: Selectors = SITE.selectors) -> Page:
    """Every record and link of one fetched page. Never raises, whatever the input.

    `url` is the page's canonical URL (not the mirror's): it is what records point to and
    what relative links resolve against. `fetched_at` defaults to now (UTC). A page of
    another site is read as an article by the metadata and generic layers.
    """
    fetched_at = (fetched_at or datetime.now(UTC)).astimezone(UTC)
    url = urls.canonical_url(url)
    kind = page_kind(url, body, content_type)
    if kind == "rss":
        data = body.encode("utf-8") if isinstance(body, str) else body
        return _guarded(Page("rss", url), lambda: parse_feed(data, url, fetched_at))
    page = Page(kind, url)
    if kind == "sitemap":
        return page
    try:
        root = parse_html(body, content_type)
    except NotAnArticle as error:
        page.problem = str(error)
        return page
    except Exception as error:  # noqa: BLE001 (libxml2 on hostile input; never crash a crawl)
        page.problem = f"unparseable page: {type(error).__name__}: {error}"
        return page
    _guarded(page, lambda: _fill(page, root, fetched_at, selectors))
    return page


def _guarded(page: Page, step: Callable[[], Page | None]) -> Page:
    """Run one extraction step; a failure becomes the page's `problem`, never an exception."""
    try:
        result = step()
    except NotAnArticle as error:
        page.problem = str(error)
    except Exception as error:  # noqa: BLE001 (bad pages must not stop a crawl)
        page.problem = f"extraction failed: {type(error).__name__}: {error}"
    else:
        if result is not None:
            return result
    return page


def _fill(page: Page, root: HtmlElement, fetched_at: datetime, selectors: Selectors) -> None:
    url = page.url
    page.links = _links(root, url, selectors)
    if page.kind == "article":
        # Teasers are links to this site's articles: another site's page has none.
        teasers = (_article_page_teasers(root, url, fetched_at, selectors)
                   if urls.is_site_url(url) else [])
        teaser_texts = frozenset(text for t in teasers for text in (t.title, t.summary) if text)
        _guarded(page, lambda: page.records.append(
            extract_article(root, url, fetched_at, selectors, teaser_texts)))
        page.records.extend(teasers)
    elif page.kind == "listing":
        scope = select_first(root, selectors.listing_block)
        if scope is None:
            scope = _largest_list(root, url)
        if scope is not None:
            page.records.extend(extract_teasers(scope, url, url, "listing", fetched_at, selectors))
    elif page.kind == "home":
        scope = root.find("body")
        if scope is not None:
            page.records.extend(extract_teasers(scope, url, url, "home", fetched_at, selectors))


def _largest_list(root: HtmlElement, url: str) -> HtmlElement | None:
    """The element holding the most teaser items side by side: a listing whose class
    names the site selectors do not know."""
    body = root.find("body")
    if body is None:
        return None
    parents: dict[HtmlElement, int] = {}
    for _, item in _group_items(body, url):
        parent = item.getparent()
        if parent is not None:
            parents[parent] = parents.get(parent, 0) + 1
    best = max(parents.items(), key=lambda pair: pair[1], default=(None, 0))
    return best[0] if best[1] >= 3 else None


def extract_records(body: bytes | str, url: str, fetched_at: datetime | None = None,
                    content_type: str = "") -> list[dict]:
    """The page's records as plain dicts in output order (the CLI and tests use this)."""
    return [record.to_dict() for record in parse_page(body, url, fetched_at, content_type).records]
