"""Boilerplate decided by what a block is, not what it is called: the elements inside a
selected article body that are never article text. The site's selectors name the known
boxes; this finds the unknown ones by their structure and their words, so a new box with an
unfamiliar class name stays out of the body anyway.

A block is boilerplate when it is
- a form control, an embedded frame or player, or page chrome (`aside`, `nav`, `footer`,
  `form`, ARIA navigation/complementary/banner roles, hidden elements);
- a social or comment plugin (an element whose class or id names one of the big comment
  and share widgets);
- a box headed by a label from the site's vocabulary ("Quảng cáo", "Tin liên quan",
  "Bình luận", "Chia sẻ", ...) and short or made of links;
- a list of links (every item a link: an inline related-stories box).
"""

from __future__ import annotations

import re

import lxml.etree

from newscrawl.extraction.text import clean_text
from newscrawl.extraction.toolkit import HtmlElement, text_of
from newscrawl.sites.baodantoc import BOX_LABELS

_CHROME_TAGS = frozenset({"aside", "nav", "footer", "form", "button", "input", "select",
                          "textarea", "iframe", "object", "embed", "fieldset", "dialog"})
_CHROME_ROLES = frozenset({"navigation", "complementary", "banner", "contentinfo", "search",
                           "dialog", "alertdialog", "menu", "menubar", "toolbar"})
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# The comment and share widgets of the big platforms, whatever the page calls its boxes.
_PLUGIN = re.compile(r"(?<![a-z])(?:fb-comments|fb-like|fb-share|zalo-share|addthis|sharethis"
                     r"|disqus|twitter-share|social-share)(?![a-z])", re.IGNORECASE)
_LABEL_OPENING = r"^[\s>»•\-–|:]*(?:" + "|".join(
    re.escape(label).replace(r"\ ", r"\s+") for label in BOX_LABELS) + ")"
_OPENS_WITH_LABEL = re.compile(_LABEL_OPENING, re.IGNORECASE)
_LABEL = re.compile(_LABEL_OPENING + r"(?:\s*[:：].*|\s*$)", re.IGNORECASE)
_BOXES = ("div", "section", "ul", "ol", "table", "blockquote", "dl", "p")
_PLAIN_INLINE = frozenset({"a", "b", "strong", "i", "em", "u", "span", "img", "br", "sup",
                           "sub", "small", "font", "td", "tr", "th", "li"})


def boilerplate_blocks(container: HtmlElement) -> set[HtmlElement]:
    """The elements of `container` that are never article text (their subtrees included).
    One walk; a block found is not looked into."""
    found: set[HtmlElement] = set()
    walker = lxml.etree.iterwalk(container, events=("start",))
    for _, element in walker:
        if element is container or not isinstance(element.tag, str):
            continue
        if element.tag in _PLAIN_INLINE and not (element.get("class") or element.get("id")
                                                  or element.get("style")):
            continue  # the bulk of a body: plain text markup, never a box
        if _is_chrome(element) or _is_labelled_box(element) or _is_link_list(element):
            found.add(element)
            walker.skip_subtree()
    return found


def _is_chrome(element: HtmlElement) -> bool:
    if element.tag in _CHROME_TAGS:
        return True
    if (element.get("role") or "").lower() in _CHROME_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if _HIDDEN.search(element.get("style") or ""):
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return names != " " and bool(_PLUGIN.search(names))


def _link_share(element: HtmlElement, text: str) -> float:
    linked = sum(len(text_of(a)) for a in element.iter("a"))
    return linked / len(text) if text else 0.0


def _is_labelled_box(element: HtmlElement) -> bool:
    """A box that opens with a label ("Tin liên quan", "Quảng cáo: ...") and holds little
    else, or mostly links."""
    if element.tag not in _BOXES:
        return False
    # The label opens the box: as its leading text ("Tin liên quan: ...") or as its first
    # child ("<span>Quảng cáo</span><img>..."). Only the first words are read to tell; the
    # whole text only of the few blocks that open with a label.
    start = _opening_text(element)
    if not _OPENS_WITH_LABEL.match(start):
        return False  # whatever opens it (its own text or first child) opens `start` too
    first_child = next((child for child in element if isinstance(child.tag, str)), None)
    opening = (element.text or "").strip() or (
        _opening_text(first_child) if first_child is not None else "")
    if not (_LABEL.match(start) or (opening and _LABEL.fullmatch(opening))):
        return False
    text = text_of(element)
    return bool(text) and (len(text) < 300 or _link_share(element, text) > 0.5)


def _opening_text(element: HtmlElement, size: int = 40) -> str:
    """About the first `size` characters of an element's text, read lazily."""
    own = element.text
    if own and len(own) >= size:
        return clean_text(own[: size * 2])[:size]
    pieces: list[str] = []
    length = 0
    for piece in element.itertext():
        pieces.append(piece)
        length += len(piece)
        if length >= size:
            break
    return clean_text(" ".join(pieces))[:size]


def _is_link_list(element: HtmlElement) -> bool:
    """A list of two or more items, each of them a link and little else."""
    if element.tag not in ("ul", "ol"):
        return False
    items = [child for child in element if child.tag == "li"]
    if len(items) < 2:
        return False
    for item in items:
        text = text_of(item)
        if not text or item.find(".//a") is None or _link_share(item, text) < 0.7:
            return False
    return True
