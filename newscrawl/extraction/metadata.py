"""Structured metadata of any article page: JSON-LD, OpenGraph, <meta>, <time>, <link>, lang.

Pure functions over an lxml tree.  Strings are cleaned with ``clean_text``; dates are left
exactly as written (another module parses them).  Nothing here raises on malformed pages:
broken JSON-LD is repaired where possible and otherwise mined with regular expressions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newscrawl.extraction.text import clean_text, split_authors

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


_ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "livebloposting", "liveblogposting", "techarticle", "scholarlyarticle", "report",
    "satiricalarticle", "advertisercontentarticle", "socialmediaposting", "discussionforumposting",
))
_MAX_JSON_NODES = 5000


# --------------------------------------------------------------------------------------------
# JSON-LD


_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_JSON_COMMENT = re.compile(r"^\s*(?:<!--|//<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\]\]>|\]\]>)\s*$")


def _loads_lenient(text: str) -> list[Any]:
    """Every JSON value in a script body, repairing common breakage; [] when hopeless."""
    text = text.strip()
    if not text:
        return []
    candidates = [text]
    repaired = _JSON_COMMENT.sub("", text).strip()
    repaired = _TRAILING_COMMA.sub(r"\1", repaired)
    if repaired != text:
        candidates.append(repaired)
    for candidate in candidates:
        values: list[Any] = []
        decoder = json.JSONDecoder(strict=False)
        pos = 0
        try:
            while pos < len(candidate):
                while pos < len(candidate) and candidate[pos] in " \t\r\n;,":
                    pos += 1
                if pos >= len(candidate):
                    break
                value, pos = decoder.raw_decode(candidate, pos)
                values.append(value)
        except (ValueError, RecursionError):
            if values:
                return values
            continue
        return values
    return []


_FIELD_RE = {
    name: re.compile(r'"' + name + r'"\s*:\s*"((?:[^"\\]|\\.){1,20000})"')
    for name in ("headline", "name", "description", "datePublished", "dateModified",
                 "articleSection", "keywords", "articleBody", "inLanguage", "url")
}
_AUTHOR_RE = re.compile(r'"author"\s*:\s*(?:\[\s*)?\{[^{}]*?"name"\s*:\s*"((?:[^"\\]|\\.){1,300})"')
_TYPE_RE = re.compile(r'"@type"\s*:\s*\[?\s*"(\w+)"')


def _regex_object(text: str) -> dict[str, Any] | None:
    """Last resort for JSON-LD that cannot be decoded: pull the simple string fields."""
    types = [t.lower() for t in _TYPE_RE.findall(text)]
    if not any(t in _ARTICLE_TYPES for t in types):
        return None
    obj: dict[str, Any] = {"@type": "Article"}
    for name, pattern in _FIELD_RE.items():
        match = pattern.search(text)
        if match:
            raw = match.group(1)
            try:
                obj[name] = json.loads('"' + raw + '"', strict=False)
            except ValueError:
                obj[name] = raw
    author = _AUTHOR_RE.search(text)
    if author:
        obj["author"] = {"name": author.group(1)}
    return obj


def _walk_json(values: list[Any]) -> Iterator[dict[str, Any]]:
    """Every dict inside the values (through @graph, lists and nested objects), bounded."""
    stack: list[Any] = list(reversed(values))
    seen = 0
    while stack and seen < _MAX_JSON_NODES:
        value = stack.pop()
        seen += 1
        if isinstance(value, dict):
            yield value
            stack.extend(reversed([v for v in value.values() if isinstance(v, dict | list)]))
        elif isinstance(value, list):
            stack.extend(reversed([v for v in value if isinstance(v, dict | list)]))


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return {value.lower().rsplit("/", 1)[-1]}
    if isinstance(value, list):
        return {v.lower().rsplit("/", 1)[-1] for v in value if isinstance(v, str)}
    return set()


def json_ld_objects(root: etree._Element) -> list[dict[str, Any]]:
    """All JSON objects found in the page's application/ld+json scripts (in page order)."""
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if "ld+json" not in kind:
            continue
        text = script.text or ""
        values = _loads_lenient(text)
        if not values:
            fallback = _regex_object(text)
            if fallback:
                objects.append(fallback)
            continue
        objects.extend(_walk_json(values))
    return objects


def _pick_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    best: dict[str, Any] | None = None
    best_key = (-1, -1)
    for obj in objects:
        if not _types(obj) & _ARTICLE_TYPES:
            continue
        key = (int(bool(obj.get("articleBody"))) + int(bool(obj.get("headline"))),
               int(bool(obj.get("datePublished"))))
        if key > best_key:
            best, best_key = obj, key
    return best


def _as_text(value: Any) -> str | None:
    """A JSON-LD value as one clean string (first of a list; name/@value/url of an object)."""
    for _ in range(5):
        if isinstance(value, list):
            value = value[0] if value else None
        elif isinstance(value, dict):
            value = value.get("name") or value.get("@value") or value.get("url") or \
                value.get("@id")
        else:
            break
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return clean_text(str(value)) or None
    return None


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and "@id" in value and len(value) <= 2 and \
            isinstance(value.get("@id"), str):
        return ids.get(value["@id"], value)
    return value


def _json_authors(value: Any, ids: dict[str, dict[str, Any]]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:50]:
        item = _resolve(item, ids)
        if isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            if not isinstance(name, str):
                continue
        elif isinstance(item, str):
            name = item
        else:
            continue
        if name.startswith(("http://", "https://")):
            continue
        names.extend(split_authors(name))
    return names


def _json_keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [k for k in (clean_text(p) for p in value.split(",")) if k]
    if isinstance(value, list):
        out: list[str] = []
        for item in value[:200]:
            text = _as_text(item)
            if text:
                out.append(text)
        return out
    return []


_BLOCK_BREAK = re.compile(r"(?i)<\s*(?:br|/p|/div|/h\d|/li|p|div|h\d|li)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def _body_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = "\n".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value and _TAG.search(value):
        value = _TAG.sub(" ", _BLOCK_BREAK.sub("\n", value))
    paragraphs = [clean_text(line) for line in value.splitlines()]
    return "\n\n".join(p for p in paragraphs if p) or None


# --------------------------------------------------------------------------------------------
# <meta>, <link>, <time>


def _meta_index(root: etree._Element) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None:
            content = meta.get("value")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                index.setdefault(key.strip().lower(), []).append(content)
    return index


def _first(index: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in index.get(key, ()):
            text = clean_text(value)
            if text:
                return text
    return None


def _all(index: dict[str, list[str]], *keys: str) -> list[str]:
    out: list[str] = []
    for key in keys:
        for value in index.get(key, ()):
            text = clean_text(value)
            if text:
                out.append(text)
    return out


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _absolute(value: str | None, base: str) -> str | None:
    if not value:
        return None
    value = value.strip()
    if not value or value.startswith(("data:", "javascript:")):
        return None
    try:
        return urljoin(base, value) if base else value
    except ValueError:
        return value


def _element_text(el: etree._Element) -> str:
    return clean_text(" ".join(el.itertext()))


def _time_value(root: etree._Element, prop: str) -> str | None:
    first: str | None = None
    for el in root.iter("time"):
        value = el.get("datetime") or ""
        value = value.strip()
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
    meta = _meta_index(root)
    objects = json_ld_objects(root)
    ids = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 2}
    article = _pick_article(objects) or {}
    base = url
    base_el = root.find(".//base[@href]")
    if base_el is not None and (base_el.get("href") or "").strip():
        base = urljoin(url, base_el.get("href").strip())

    md = PageMetadata()

    # title
    md.title = (_as_text(article.get("headline")) or _first(meta, "og:title", "twitter:title",
                                                                "title", "dc.title"))
    if not md.title:
        h1 = root.find(".//h1")
        if h1 is not None:
            md.title = _element_text(h1) or None
    if not md.title:
        title = root.find(".//title")
        if title is not None:
            md.title = _element_text(title) or None

    md.description = (_as_text(article.get("description"))
                      or _first(meta, "og:description", "description", "twitter:description",
                                "dc.description"))

    md.published_raw = (
        _as_text(article.get("datePublished"))
        or _first(meta, "article:published_time", "og:article:published_time",
                  "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
                  "published_time", "article.published", "article_date_original",
                  "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created",
                  "sailthru.date", "parsely-pub-date", "date", "og:published_time",
                  "cxenseparse:recs:publishtime", "citation_publication_date",
                  "article:published", "created", "datecreated")
        or _as_text(article.get("dateCreated"))
        or _time_value(root, "datePublished")
    )
    md.modified_raw = (
        _as_text(article.get("dateModified"))
        or _first(meta, "article:modified_time", "og:updated_time", "og:article:modified_time",
                  "datemodified", "lastmod", "last-modified", "modified_time",
                  "article.updated", "dc.date.modified", "dcterms.modified",
                  "article:modified", "revised", "updated_time")
        or _time_value(root, "dateModified")
    )

    authors = _json_authors(article.get("author"), ids) if article.get("author") else []
    if not authors:
        for value in _all(meta, "author", "article:author", "og:article:author", "dc.creator",
                          "dcterms.creator", "parsely-author", "sailthru.author", "byl",
                          "citation_author"):
            if not value.startswith(("http://", "https://", "/")):
                authors.extend(split_authors(value))
    if not authors:
        authors = _html_authors(root)
    md.authors = _dedupe([clean_text(a) for a in authors if len(a) <= 100])

    md.section = (_as_text(article.get("articleSection"))
                  or _first(meta, "article:section", "og:article:section", "section",
                            "parsely-section", "category", "article.section", "dc.subject"))

    tags = _json_keywords(article.get("keywords"))
    for value in _all(meta, "article:tag", "og:article:tag"):
        tags.extend(clean_text(p) for p in value.split(","))
    if not tags:
        # news_keywords is per article; plain "keywords" is mostly the same site-wide words
        for value in _all(meta, "news_keywords"):
            tags.extend(clean_text(p) for p in value.split(","))
    if not tags:
        tags = _html_tags(root)
    md.tags = _dedupe([t for t in tags if t and len(t) <= 200])

    image = article.get("image") or article.get("thumbnailUrl")
    image_url = _as_text(_resolve(image, ids)) if image else None
    if not image_url:
        image_url = _first(meta, "og:image", "og:image:url", "og:image:secure_url",
                           "twitter:image", "twitter:image:src", "thumbnailurl", "image")
    if not image_url:
        link = root.find(".//link[@rel='image_src']")
        if link is not None:
            image_url = link.get("href")
    md.image_url = _absolute(image_url, base)

    canonical = None
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and (link.get("href") or "").strip():
            canonical = link.get("href")
            break
    if not canonical:
        canonical = _first(meta, "og:url", "twitter:url")
    if not canonical:
        main = _resolve(article.get("mainEntityOfPage"), ids)
        canonical = _as_text(article.get("url")) or (
            main.get("@id") if isinstance(main, dict) and isinstance(main.get("@id"), str)
            else main if isinstance(main, str) else None)
    md.canonical_url = _absolute(canonical, base)

    html_el = root if root.tag == "html" else root.getroottree().getroot()
    language = (html_el.get("lang") or html_el.get("xml:lang") or
                html_el.get("{http://www.w3.org/XML/1998/namespace}lang")) if html_el is not None \
        else None
    md.language = (clean_text(language) or None) if language else None
    if not md.language:
        md.language = (_first(meta, "content-language", "language", "dc.language", "og:locale")
                       or _as_text(article.get("inLanguage")))

    md.json_ld_body = _body_text(article.get("articleBody"))
    return md
