"""One article from a page, each field from the best layer that has it: the site's
selectors, then structured metadata (JSON-LD, OpenGraph, <meta>), then the generic
extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from newscrawl.extraction.body import extract_body
from newscrawl.extraction.dates import (
    find_printed_date,
    iso,
    iso_utc,
    parse_date,
    time_element_value,
)
from newscrawl.extraction.fields import (
    TITLE_SEPARATORS,
    detect_language,
    plausible_authors,
    primary_language,
    site_names_in_chrome,
    strip_site_name,
    without_weekday,
)
from newscrawl.extraction.generic import GenericBody
from newscrawl.extraction.generic import extract_body as generic_body
from newscrawl.extraction.metadata import PageMetadata, extract_metadata
from newscrawl.extraction.records import Article
from newscrawl.extraction.selectors import select_all, select_first
from newscrawl.extraction.text import (
    clean_or_none,
    clean_text,
    split_authors,
    split_dashed,
)
from newscrawl.extraction.toolkit import (
    HtmlElement,
    NotAnArticle,
    looks_like_name,
    meta_content,
    site_link,
    text_of,
)
from newscrawl.sites import urls
from newscrawl.sites.baodantoc import LANGUAGE, LAYOUTS, LEAD_HINTS, SITE_TITLES, Selectors


def _byline(root: HtmlElement, selectors: Selectors) -> tuple[list[str], str | None]:
    """(authors, time text) from the byline 'A - B - HH:MM, DD/MM/YYYY'."""
    byline = select_first(root, selectors.byline)
    if byline is None:
        return [], None
    author_el = select_first(byline, selectors.byline_author)
    time_el = select_first(byline, selectors.byline_time)
    raw_time = _machine_time(time_el) or text_of(time_el) or None
    if author_el is not None:
        return split_authors(text_of(author_el)), raw_time
    line = _dated_line(byline)  # no author element: the line's own names and time
    if line is None:
        return [a for p in split_dashed(text_of(byline)) for a in split_authors(p)], raw_time
    return line[0], raw_time or line[1]



def _machine_time(element: HtmlElement | None) -> str | None:
    """What the first <time> at or inside the element says (dates.time_element_value)."""
    if element is None:
        return None
    return next((value for time_el in element.iter("time")
                 if (value := time_element_value(time_el))), None)



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
            line = _dated_line(candidate)
            if line is not None:
                return line
    return [], None



def _dated_line(element: HtmlElement) -> tuple[list[str], str] | None:
    """(authors, time text) of a short line holding a time, None when it holds none.

    The time is found in the whole line first ("20/01/2020 | 14:29 GMT+7" is one time,
    split or not); the names are what is left, a weekday or "Cập nhật lúc" beside the time
    cut off. The line may be one text ("A - B - 08:31, 01/12/2024") or one element per part.
    """
    text = text_of(element)
    if not text or len(text) > 120:
        return None
    printed = find_printed_date(text)
    machine = _machine_time(element)
    if not printed and not machine:
        return None
    dates = [printed] if printed else [text_of(t) for t in element.iter("time")]
    children = [text_of(child) for child in element if isinstance(child.tag, str)]
    parts = [p for c in children if c for p in split_dashed(c)] \
        if len([c for c in children if c]) >= 2 else [text]
    names: list[str] = []
    for part in parts:
        for date in dates:
            part = part.replace(date, " - ") if date else part
        for piece in split_dashed(part):
            # labels ("Tác giả:") and "/" go first: then each name is judged alone
            for name in split_authors(_DATE_LEAD.sub("", clean_text(piece))):
                name = without_weekday(name)
                if name and looks_like_name(name) and name not in names:
                    names.append(name)
    return names, machine or printed


# Words printed before a time ("Cập nhật lúc", "ngày"), left over once the time is cut out.
_DATE_LEAD = re.compile(r"(?:[\s,:]*\b(?:cập nhật|đăng lúc|đăng|lúc|ngày|vào lúc)\b)+[\s,:]*$",
                        re.IGNORECASE)


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



_LEAD_HINT = re.compile("|".join(map(re.escape, LEAD_HINTS)))



_MIN_GENERIC_WORDS = 15



# Another site's page: none of this site's article selectors apply.
_FOREIGN_PAGE = replace(LAYOUTS[0].selectors, title=(), byline=(), byline_author=(), byline_time=(),
                        summary=(), body=(), section=(), tags=())



@dataclass
class _Fields:
    """The article's fields as they are resolved, and which layer gave each."""

    title: str = ""
    body: list[str] = field(default_factory=list)
    images: list[dict[str, str | None]] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)

    def take(self, name: str, layer: str, value: Any) -> Any:
        if value and name not in self.provenance:
            self.provenance[name] = layer
        return value


def extract_article(root: HtmlElement, url: str, fetched_at: datetime,
                    selectors: Selectors = LAYOUTS[0].selectors,
                    not_body: frozenset[str] = frozenset()) -> tuple[Article, dict[str, str]]:
    """The article of a page, each field from the best layer that has it, and which layer
    that was per field ({"body": "site", "authors": "metadata", ...}).

    Order of evidence: the site's selectors, then structured metadata (JSON-LD,
    OpenGraph, <meta>, <time>), then the generic extractor. `extraction` says which
    layer produced the body, so template drift shows in the output and the crawl stats.
    """
    lazy = _Lazy(root, url)
    # The site's selectors are this site's knowledge: another site's page skips them.
    is_site = urls.is_site_url(url)
    if not is_site:
        selectors = _FOREIGN_PAGE
    found = _Fields()
    title_el = select_first(root, selectors.title)
    found.title = found.take("title", "site", text_of(title_el))
    layer = _resolve_body(found, root, url, selectors, lazy, not_body, is_site)
    found.title = found.title or found.take("title", "metadata", lazy.metadata.title) \
        or found.take("title", "generic", lazy.generic.title) or ""
    if not found.title or not found.body:
        raise NotAnArticle("no headline or no article text found by any layer")
    site_names = [*SITE_TITLES, meta_content(root, "og:site_name", "application-name") or ""]
    found.title = strip_site_name(found.title, site_names)
    if any(separator in found.title for separator in TITLE_SEPARATORS):
        site_names += site_names_in_chrome(root, found.title)
        found.title = strip_site_name(found.title, site_names)
    if title_el is None:
        title_el = _headline_element(root, found.title)
    lead = found.take("summary", "site", clean_or_none(text_of(select_first(
        root, selectors.summary)))) or found.take("summary", "near-title",
                                                  _near_title_lead(title_el))
    summary = lead or found.take("summary", "metadata", lazy.metadata.description)
    # A lead printed apart from the body is not body text, whichever layer found the body.
    # Elsewhere a meta description is often the first paragraph itself, which stays; on
    # this site it is the sapo, never part of the body.
    not_text = {found.title, lead, summary if is_site else None}
    found.body = [p for p in found.body if p not in not_text]
    if not found.body:
        raise NotAnArticle("the only text found is the headline or the lead")
    authors, published_raw = _resolve_byline(found, root, selectors, lazy, title_el)
    article = Article(
        url=url,
        article_id=urls.article_id(url) if is_site else None,
        title=found.title,
        summary=summary,
        body="\n\n".join(found.body),
        authors=authors,
        published_at=iso(parse_date(published_raw, fetched_at, local=is_site))
        if published_raw else None,
        published_raw=published_raw,
        images=found.take("images", layer, _once_each(found.images)),
        language=LANGUAGE if is_site else (primary_language(lazy.metadata.language)
                                           or detect_language(" ".join(found.body))
                                           or LANGUAGE),
        fetched_at=iso_utc(fetched_at),
        extraction=layer,
    )
    _resolve_details(article, found, root, url, selectors, lazy, layer, fetched_at)
    article.authors = plausible_authors(article.authors, [*site_names, article.section or ""])
    return article, found.provenance


def _resolve_body(found: _Fields, root: HtmlElement, url: str, selectors: Selectors,
                  lazy: _Lazy, not_body: frozenset[str], is_site: bool) -> str:
    """Fill body, images and signature from the first layer that has a body; its name."""
    container = select_first(root, selectors.body) if is_site else None
    parts = extract_body(container, url, selectors) if container is not None else None
    if parts is not None and parts.paragraphs:
        found.body, found.images, found.signature = parts.paragraphs, parts.images, \
            parts.signature
        found.take("body", "site", found.body)
        return "site"
    generic = lazy.generic
    # Teaser titles and leads of other articles are never this article's text.
    generic_body = [p for p in generic.paragraphs if p not in not_body]
    generic_words = sum(len(p.split()) for p in generic_body)
    json_ld = lazy.metadata.json_ld_body or ""
    json_ld_words = len(json_ld.split())
    found.images = [{"url": src, "caption": caption} for src, caption in generic.images]
    # JSON-LD articleBody comes first when it agrees in size with the page's own text:
    # some sites cut it short, others pad it with more than the article.
    agrees = generic_words < _MIN_GENERIC_WORDS or (
        0.8 * generic_words <= json_ld_words <= 1.2 * generic_words)
    if json_ld_words >= 30 and agrees:
        found.body = [p for p in (clean_text(p) for p in json_ld.split("\n")) if p]
        found.take("body", "metadata", found.body)
        return "metadata"
    if generic_words < _MIN_GENERIC_WORDS:
        raise NotAnArticle("no article text: the generic layer found only boxes or menus")
    found.body = generic_body
    found.signature = list(getattr(generic, "signature", []))
    found.take("body", "generic", found.body)
    return "generic"


def _resolve_byline(found: _Fields, root: HtmlElement, selectors: Selectors, lazy: _Lazy,
                    title_el: HtmlElement | None) -> tuple[list[str], str | None]:
    """(authors, printed publication time): the byline, then metadata, then the line after
    the headline, then the end signature, then metadata's authors."""
    authors, published_raw = _byline(root, selectors)
    found.take("authors", "site", authors)
    found.take("published_at", "site", published_raw)
    if published_raw is None:
        published_raw = found.take("published_at", "metadata", lazy.metadata.published_raw)
    if published_raw is None or not authors:
        near_authors, near_time = _near_title_byline(root, title_el)
        published_raw = published_raw or found.take("published_at", "near-title", near_time)
        authors = authors or found.take("authors", "near-title", near_authors)
    authors = authors or found.take("authors", "signature", found.signature) \
        or found.take("authors", "metadata", lazy.metadata.authors)
    return authors, published_raw


def _resolve_details(article: Article, found: _Fields, root: HtmlElement, url: str,
                     selectors: Selectors, lazy: _Lazy, layer: str, fetched_at: datetime
                     ) -> None:
    """modified_at, section and tags: the site's markup first; metadata only when the body
    did not come from the site layer (on this site's own pages metadata is less exact)."""
    fallback = layer != "site"
    modified_raw = found.take("modified_at", "metadata",
                              meta_content(root, "article:modified_time"))
    if modified_raw is None and fallback:
        modified_raw = found.take("modified_at", "metadata", lazy.metadata.modified_raw)
    article.modified_at = iso(parse_date(modified_raw, fetched_at, local=urls.is_site_url(url))
                              ) if modified_raw else None
    section_el = select_first(root, selectors.section)
    section_href = section_el.get("href") if section_el is not None else None
    article.section = found.take("section", "site", clean_or_none(text_of(section_el))) or (
        found.take("section", "metadata", lazy.metadata.section) if fallback else None)
    article.section_url = site_link(section_href, url) if section_href else None
    tags = [clean_text(text_of(a)) for a in select_all(root, selectors.tags)]
    found.take("tags", "site", tags)
    if not tags and fallback:
        tags = found.take("tags", "metadata", lazy.metadata.tags)
    article.tags = [t for i, t in enumerate(tags) if t and t not in tags[:i]]


def _once_each(images: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    """One entry per picture URL (a lazy <img> and its <noscript> copy are one picture),
    keeping the first place and the first caption found."""
    by_url: dict[str | None, dict[str, str | None]] = {}
    for image in images:
        kept = by_url.setdefault(image["url"], dict(image))
        if not kept.get("caption") and image.get("caption"):
            kept["caption"] = image["caption"]
    return list(by_url.values())


def _headline_element(root: HtmlElement, title: str) -> HtmlElement | None:
    """The <h1> (else h2) whose text is the headline, to anchor the byline search."""
    for tag in ("h1", "h2"):
        for element in root.iter(tag):
            text = text_of(element)
            if text and (text == title or text in title or title in text):
                return element
    first_h1 = next(root.iter("h1"), None)
    if first_h1 is not None or not title:
        return first_h1
    return _headline_without_heading(root, title)


def _headline_without_heading(root: HtmlElement, title: str) -> HtmlElement | None:
    """An older or mobile template with no heading at all: the small element that reads
    the headline (e.g. <div class="tieu-de">), exact text first, the last one on the page
    (a breadcrumb or a box above the article may repeat it), never one inside a link, the
    page's <header> or <nav>."""
    exact: HtmlElement | None = None
    close: HtmlElement | None = None
    body = next(root.iter("body"), root)
    for element in body.iter("div", "p", "span", "strong", "b", "h3", "h4", "td"):
        if len(element) > 3:
            continue
        text = text_of(element)
        if not text or len(text) > 2 * len(title) or title not in text:
            continue
        if any(a.tag in ("a", "header", "nav") for a in element.iterancestors()) or \
                next(element.iter("a"), None) is not None:
            continue
        if text == title:
            exact = element
        elif close is None:
            close = element
    return exact if exact is not None else close

