"""CSS selectors, fast: "tag.class#id" chains as cheap XPath, simple selectors as sets
matched in one walk. The site layer's selectors go through here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector

from newscrawl.extraction.toolkit import HtmlElement, document_cache

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
    """'tag.class', 'tag#id' and descendant chains of them, without cssselect.

    On a whole document the candidates come from the document's class and id index (one
    walk of the tree, shared by every selector of the page); inside a part of a page, from
    a plain contains() XPath prefilter. cssselect's class test (concat + normalize-space on
    every element) is slower than either. Candidates are then checked exactly.
    """

    def __init__(self, parts: list[_Compound]) -> None:
        self.parts = parts
        self.xpath = lxml.etree.XPath(
            "descendant-or-self::" + "//".join(part.xpath() for part in parts))

    def __call__(self, root: HtmlElement) -> list[HtmlElement]:
        if root.getparent() is None:
            return _indexed_chain(root, self.parts)
        *ancestors, last = self.parts
        return [element for element in self.xpath(root) if last.matches(element)
                and (not ancestors or _inside(element, ancestors, root))]


def _inside(element: HtmlElement, ancestors: list[_Compound], root: HtmlElement) -> bool:
    """The element sits inside a chain matching `ancestors` (outermost first) within root:
    right to left, each part on the nearest ancestor that matches it (a CSS descendant
    combinator)."""
    wanted = len(ancestors) - 1
    for ancestor in element.iterancestors():
        if ancestors[wanted].matches(ancestor):
            wanted -= 1
            if wanted < 0:
                return True
        if ancestor is root:
            break
    return False


def _class_index(root: HtmlElement) -> tuple[dict[str, list[HtmlElement]],
                                             dict[str, list[HtmlElement]]]:
    """Every element of the document by each of its class names and by its id, in document
    order; built once per document (one walk) and then shared by its selectors."""
    cache = document_cache(root)
    index = cache.get("classes")
    if index is None:
        by_class: dict[str, list[HtmlElement]] = {}
        by_id: dict[str, list[HtmlElement]] = {}
        for element in root.iter(lxml.etree.Element):
            names = element.get("class")
            if names:
                for name in names.split():
                    by_class.setdefault(name, []).append(element)
            ident = element.get("id")
            if ident:
                by_id.setdefault(ident, []).append(element)
        index = cache["classes"] = (by_class, by_id)
    return index


def _indexed(root: HtmlElement, part: _Compound) -> list[HtmlElement] | None:
    """The document's elements that may match the part, from the index; None for a part
    with no class or id to look up."""
    by_class, by_id = _class_index(root)
    if part.ident:
        return by_id.get(part.ident, [])
    if part.classes:
        return by_class.get(part.classes[0], [])
    return None


def _indexed_chain(root: HtmlElement, parts: list[_Compound]) -> list[HtmlElement]:
    """The document's elements matching a descendant chain, in document order."""
    *ancestors, last = parts
    candidates = _indexed(root, last)
    if candidates is None:  # a bare tag: looked for under its anchors, else by libxml2
        candidates = (_below(_indexed_chain(root, ancestors), last.tag) if ancestors
                      else list(root.iter(last.tag or lxml.etree.Element)))
        ancestors = []  # _below has placed them
    return [element for element in candidates if last.matches(element)
            and (not ancestors or _inside(element, ancestors, root))]


def _below(anchors: list[HtmlElement], tag: str | None) -> list[HtmlElement]:
    """The descendants of the anchors with the tag, each once, in document order."""
    found: list[HtmlElement] = []
    seen: set[HtmlElement] = set()
    for anchor in anchors:  # an anchor inside an earlier one adds nothing new
        for element in anchor.iterdescendants(tag or lxml.etree.Element):
            if element not in seen:
                seen.add(element)
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



def css(selector: str) -> Callable[[HtmlElement], list[HtmlElement]]:
    compiled = _css_cache.get(selector)
    if compiled is None:
        compiled = _css_cache[selector] = _compile(selector)
    return compiled



def select_all(root: HtmlElement, selectors: Iterable[str]) -> list[HtmlElement]:
    """Matches of the first selector in the list that matches anything."""
    for selector in selectors:
        found = css(selector)(root)
        if found:
            return found
    return []



def select_first(root: HtmlElement, selectors: Iterable[str]) -> HtmlElement | None:
    found = select_all(root, selectors)
    return found[0] if found else None



SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[A-Za-z0-9_-]+))?$")



@lru_cache(maxsize=8)
def split_selectors(selectors: tuple[str, ...]
                     ) -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]], str]:
    """Simple selectors ("tag", ".class", "tag.class") as sets; the rest as one CSS union."""
    tags, classes, tag_classes, other = set(), set(), set(), []
    for selector in selectors:
        match = SIMPLE_SELECTOR.match(selector)
        if not match:
            other.append(selector)
        elif match["tag"] and match["cls"]:
            tag_classes.add((match["tag"], match["cls"]))
        elif match["tag"]:
            tags.add(match["tag"])
        else:
            classes.add(match["cls"])
    return frozenset(tags), frozenset(classes), frozenset(tag_classes), ", ".join(other)



def match_groups(container: HtmlElement, *groups: tuple[str, ...]) -> list[set[HtmlElement]]:
    """For each group of selectors, the container's elements matching one of them; all
    groups in a single walk of the container."""
    compiled = [split_selectors(group) for group in groups]
    found: list[set[HtmlElement]] = [
        set(css(other)(container)) if other else set() for *_, other in compiled]
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



def first_in_item(item: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
    """The first match of the first selector matching inside a teaser item."""
    return firsts_in_item(item, selectors)[0]


def firsts_in_item(item: HtmlElement, *groups: tuple[str, ...]) -> list[HtmlElement | None]:
    """For each group of selectors, the first match of its first selector matching inside
    a teaser item (the item itself excluded).

    Teaser items are a dozen elements: one walk checking every group's simple selectors
    ("tag", ".class", "tag.class") beats an XPath call per selector; a group with another
    kind of selector falls back to CSS.
    """
    specs = [_simple_specs(group) for group in groups]
    best: list[tuple[int, HtmlElement] | None] = [None] * len(groups)
    pending = [index for index, spec in enumerate(specs) if spec is not None]
    if pending:
        for element in item.iterdescendants(lxml.etree.Element):
            tag = element.tag
            names = element.get("class")
            split = names.split() if names else ()
            settled = False
            for index in pending:
                found = best[index]
                for rank, (want_tag, want_class) in enumerate(specs[index]):  # type: ignore[arg-type]
                    if found is not None and rank >= found[0]:
                        break
                    if (want_tag is None or want_tag == tag) and (want_class is None
                                                                  or want_class in split):
                        best[index] = (rank, element)
                        settled = settled or rank == 0
                        break
            if settled:  # a group's first selector matched: nothing can beat it
                pending = [i for i in pending if best[i] is None or best[i][0] != 0]
                if not pending:
                    break
    return [found[1] if found is not None else
            (select_first(item, group) if spec is None else None)
            for found, spec, group in zip(best, specs, groups, strict=True)]



@lru_cache(maxsize=32)
def _simple_specs(selectors: tuple[str, ...]) -> tuple[tuple[str | None, str | None], ...] | None:
    specs = []
    for selector in selectors:
        match = SIMPLE_SELECTOR.match(selector)
        if not match or not (match["tag"] or match["cls"]):
            return None
        specs.append((match["tag"], match["cls"]))
    return tuple(specs)

