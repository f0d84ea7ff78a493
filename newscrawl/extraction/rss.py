"""RSS 2.0 / Atom feeds into `rss` teasers. Entities are never expanded, nothing fetched.
"""

from __future__ import annotations

import re
from datetime import datetime

import lxml.etree
import lxml.html

from newscrawl.extraction.dates import iso, iso_utc, parse_date
from newscrawl.extraction.records import Page, Teaser
from newscrawl.extraction.text import (
    clean_or_none,
    clean_text,
    split_authors,
)
from newscrawl.extraction.toolkit import image_src, site_link, text_of
from newscrawl.sites import urls

_ROOT_START = re.compile(rb"<[A-Za-z_]")


def declares_entities(body: bytes) -> bool:
    """True when an XML document's prolog declares entities (billion laughs, XXE).

    Feeds and sitemaps never need entities of their own, so such a document is refused
    unread. The parsers never expand or fetch entities anyway (resolve_entities=False,
    no_network); this check is what lets the attempt be logged and counted.
    """
    head = body[: 1 << 20].replace(b"\x00", b"")  # NULs: UTF-16/32 spelled ASCII
    root = _ROOT_START.search(head)
    prolog = head[: root.start()] if root else head
    return b"<!entity" in prolog.lower()


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
    if _local(root.tag).lower() not in ("rss", "feed", "rdf"):
        page.problem = f"not a feed: the document is <{_local(root.tag)}> (an HTML page?)"
        page.problem_kind = "not_a_feed"
        return page
    items = [el for el in root.iter() if isinstance(el.tag, str) and _local(el.tag) in
             ("item", "entry")]
    for item in items:
        fields = {_local(child.tag): child for child in item if isinstance(child.tag, str)}
        link_el = fields.get("link")
        href = (link_el.text or link_el.get("href")) if link_el is not None else None
        target = site_link(href, url)
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
    except Exception:  # noqa: BLE001 (lxml asserts on some markup: "too many bodies")
        return clean_or_none(re.sub(r"<[^>]+>", " ", markup)), None
    img = next(fragment.iter("img"), None)
    return clean_or_none(text_of(fragment)), image_src(img, base) if img is not None else None

