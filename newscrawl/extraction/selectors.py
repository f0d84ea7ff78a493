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

from newscrawl.extraction.toolkit import HtmlElement

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
        match = SIMPLE_SELECTOR.match(selector)
        if not match or not (match["tag"] or match["cls"]):
            return None
        specs.append((match["tag"], match["cls"]))
    return tuple(specs)

