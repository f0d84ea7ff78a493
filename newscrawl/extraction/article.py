"""One article from a page, each field from the best layer that has it: the site's
selectors, then structured metadata (JSON-LD, OpenGraph, <meta>), then the generic
extractor.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from newscrawl.extraction.body import extract_body
from newscrawl.extraction.dates import find_printed_date, is_date_text, iso, iso_utc, parse_date
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
from newscrawl.sites.baodantoc import LANGUAGE, SITE, Selectors


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
                if part and looks_like_name(part):
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
    modified_raw = meta_content(root, "article:modified_time")
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
        section_url=site_link(section_href, url) if section_href else None,
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

