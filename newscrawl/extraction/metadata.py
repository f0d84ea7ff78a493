"""Structured metadata of any article page: JSON-LD, OpenGraph, <meta>, <time>, <link>, lang.

Pure functions over an lxml tree.  Strings are cleaned with ``clean_text``; dates are left
exactly as written (another module parses them).  Nothing here raises on malformed pages:
broken JSON-LD is repaired where possible and otherwise mined with regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newscrawl.extraction.dates import time_element_value
from newscrawl.extraction.jsonld import (
    as_text,
    body_text,
    json_authors,
    json_keywords,
    json_ld_objects,
    pick_article,
    resolve_ref,
)
from newscrawl.extraction.text import clean_text, split_authors
from newscrawl.extraction.toolkit import absolute_url, all_meta, first_meta, meta_index

__all__ = ["PageMetadata", "extract_metadata", "extract_metadata_from_html", "json_ld_objects"]


@dataclass
class PageMetadata:
    title: str | None = None
    description: str | None = None
    published_raw: str | None = None
    modified_raw: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    json_ld_body: str | None = None


# --------------------------------------------------------------------------------------------
# <meta>, <link>, <time>


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _element_text(el: etree._Element) -> str:
    return clean_text(" ".join(el.itertext()))


def _time_value(root: etree._Element, prop: str) -> str | None:
    first: str | None = None
    for el in root.iter("time"):
        value = time_element_value(el) if el.get("datetime") else None
        if not value:
            continue
        if (el.get("itemprop") or "").lower() == prop.lower():
            return value
        if prop == "datePublished" and first is None:
            cls = (el.get("class") or "").lower()
            if "updated" not in cls and "modified" not in cls:
                first = value
    return first


def _html_authors(root: etree._Element) -> list[str]:
    names: list[str] = []
    for el in root.iterfind(".//*[@rel='author']"):
        text = _element_text(el)
        if 0 < len(text) <= 80:
            names.extend(split_authors(text))
    for el in root.iterfind(".//*[@itemprop='author']"):
        name_el = el.find(".//*[@itemprop='name']")
        if name_el is not None:
            text = name_el.get("content") or _element_text(name_el)
        else:
            text = el.get("content") or _element_text(el)
        if 0 < len(text) <= 80:
            names.extend(split_authors(text))
    return names


_TAG_BOX = re.compile(r"(?<![a-z])(?:tags?|tag-?list|post-?tags|keywords?|tu-?khoa)(?![a-z])")
_NOT_ARTICLE_BOX = re.compile(
    r"cloud|popular|widget|sidebar|footer|menu|nav|trending|hot|share|social")


def _box_attrs(el: etree._Element) -> str:
    return ((el.get("class") or "") + " " + (el.get("id") or "")).lower().replace("_", "-")


def _html_tags(root: etree._Element) -> list[str]:
    """Tag links of the article: rel="tag" links, else the first tags box outside page chrome
    (sidebars, tag clouds, footers)."""
    names = [_element_text(a) for a in root.iterfind(".//a[@rel='tag']")]
    names = [n for n in names if 0 < len(n) <= 80]
    if names:
        return names
    for box in root.iter("div", "ul", "p", "section", "span", "nav"):
        attrs = _box_attrs(box)
        if not _TAG_BOX.search(attrs) or _NOT_ARTICLE_BOX.search(attrs):
            continue
        if box.tag == "nav" or any(
                anc.tag in ("aside", "footer", "nav") or _NOT_ARTICLE_BOX.search(_box_attrs(anc))
                for anc in box.iterancestors()):
            continue
        names = [_element_text(a) for a in box.iter("a")]
        names = [n for n in names if 0 < len(n) <= 80]
        if names:
            return names
    return []


# --------------------------------------------------------------------------------------------
# Entry points


def extract_metadata(root: lxml.html.HtmlElement | None, url: str = "") -> PageMetadata:
    """Metadata of a parsed page; absent values stay None / empty.  Never raises."""
    if root is None or not isinstance(getattr(root, "tag", None), str):
        return PageMetadata()
    try:
        return _extract(root, url or "")
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError,
            etree.LxmlError):
        return PageMetadata()


def extract_metadata_from_html(html: str | bytes | None, url: str = "") -> PageMetadata:
    """Parse a page and extract its metadata."""
    from newscrawl.extraction.generic import parse_html

    return extract_metadata(parse_html(html), url)


def _extract(root: etree._Element, url: str) -> PageMetadata:
    meta = meta_index(root)
    objects = json_ld_objects(root)
    ids = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 2}
    article = pick_article(objects) or {}
    base = url
    base_el = root.find(".//base[@href]")
    if base_el is not None and (base_el.get("href") or "").strip():
        base = urljoin(url, base_el.get("href").strip())
    md = PageMetadata()
    md.title = _title(root, article, meta)
    md.description = (as_text(article.get("description"))
                      or first_meta(meta, "og:description", "description", "twitter:description",
                                "dc.description"))

    _dates(md, root, article, meta)
    md.authors = _authors(root, article, ids, meta)
    md.section = (as_text(article.get("articleSection"))
                  or first_meta(meta, "article:section", "og:article:section", "section",
                            "parsely-section", "category", "article.section", "dc.subject"))

    md.tags = _tags(root, article, meta)
    md.image_url = _image(root, article, ids, meta, base)
    md.canonical_url = _canonical(root, article, ids, meta, base)
    md.language = _language(root, article, meta)
    md.json_ld_body = body_text(article.get("articleBody"))
    return md


def _title(root: etree._Element, article: dict[str, Any], meta: Any) -> str | None:
    title = (as_text(article.get("headline")) or first_meta(meta, "og:title", "twitter:title",
                                                           "title", "dc.title"))
    for path in (".//h1", ".//title"):
        if title:
            break
        element = root.find(path)
        if element is not None:
            title = _element_text(element) or None
    return title


def _dates(md: PageMetadata, root: etree._Element, article: dict[str, Any], meta: Any) -> None:
    md.published_raw = (
        as_text(article.get("datePublished"))
        or first_meta(meta, "article:published_time", "og:article:published_time",
                  "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
                  "published_time", "article.published", "article_date_original",
                  "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created",
                  "sailthru.date", "parsely-pub-date", "date", "og:published_time",
                  "cxenseparse:recs:publishtime", "citation_publication_date",
                  "article:published", "created", "datecreated")
        or as_text(article.get("dateCreated"))
        or _time_value(root, "datePublished")
    )
    md.modified_raw = (
        as_text(article.get("dateModified"))
        or first_meta(meta, "article:modified_time", "og:updated_time", "og:article:modified_time",
                  "datemodified", "lastmod", "last-modified", "modified_time",
                  "article.updated", "dc.date.modified", "dcterms.modified",
                  "article:modified", "revised", "updated_time")
        or _time_value(root, "dateModified")
    )


def _authors(root: etree._Element, article: dict[str, Any], ids: dict[str, Any],
             meta: Any) -> list[str]:
    authors = json_authors(article.get("author"), ids) if article.get("author") else []
    if not authors:
        for value in all_meta(meta, "author", "article:author", "og:article:author", "dc.creator",
                          "dcterms.creator", "parsely-author", "sailthru.author", "byl",
                          "citation_author"):
            if not value.startswith(("http://", "https://", "/")):
                authors.extend(split_authors(value))
    if not authors:
        authors = _html_authors(root)
    return _dedupe([clean_text(a) for a in authors if len(a) <= 100])


def _tags(root: etree._Element, article: dict[str, Any], meta: Any) -> list[str]:
    tags = json_keywords(article.get("keywords"))
    for value in all_meta(meta, "article:tag", "og:article:tag"):
        tags.extend(clean_text(p) for p in value.split(","))
    if not tags:
        # news_keywords is per article; plain "keywords" is mostly the same site-wide words
        for value in all_meta(meta, "news_keywords"):
            tags.extend(clean_text(p) for p in value.split(","))
    if not tags:
        tags = _html_tags(root)
    return _dedupe([t for t in tags if t and len(t) <= 200])


def _image(root: etree._Element, article: dict[str, Any], ids: dict[str, Any], meta: Any,
           base: str) -> str | None:
    image = article.get("image") or article.get("thumbnailUrl")
    image_url = as_text(resolve_ref(image, ids)) if image else None
    if not image_url:
        image_url = first_meta(meta, "og:image", "og:image:url", "og:image:secure_url",
                           "twitter:image", "twitter:image:src", "thumbnailurl", "image")
    if not image_url:
        link = root.find(".//link[@rel='image_src']")
        if link is not None:
            image_url = link.get("href")
    return absolute_url(image_url, base)


def _canonical(root: etree._Element, article: dict[str, Any], ids: dict[str, Any], meta: Any,
               base: str) -> str | None:
    canonical = None
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and (link.get("href") or "").strip():
            canonical = link.get("href")
            break
    if not canonical:
        canonical = first_meta(meta, "og:url", "twitter:url")
    if not canonical:
        main = resolve_ref(article.get("mainEntityOfPage"), ids)
        canonical = as_text(article.get("url")) or (
            main.get("@id") if isinstance(main, dict) and isinstance(main.get("@id"), str)
            else main if isinstance(main, str) else None)
    return absolute_url(canonical, base)


def _language(root: etree._Element, article: dict[str, Any], meta: Any) -> str | None:
    html_el = root if root.tag == "html" else root.getroottree().getroot()
    language = (html_el.get("lang") or html_el.get("xml:lang") or
                html_el.get("{http://www.w3.org/XML/1998/namespace}lang")) if html_el is not None \
        else None
    found = (clean_text(language) or None) if language else None
    return found or first_meta(meta, "content-language", "language", "dc.language", "og:locale") \
        or as_text(article.get("inLanguage"))

