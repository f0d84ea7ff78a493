"""The fast selectors answer as cssselect does."""

from __future__ import annotations

import random

import lxml.etree
from lxml.cssselect import CSSSelector

from newscrawl.extraction.selectors import first_in_item, firsts_in_item
from newscrawl.extraction.toolkit import parse_html

GROUPS = [(".meta",), (".sapo", ".summary", ".lead", "p"), ("span.time", "time"),
          ("div > p", "p"), ("a[rel=next]",), ("h3",)]
TAGS = ["div", "p", "span", "time", "a", "h3"]
CLASSES = ["meta", "sapo", "summary", "lead", "time", "x", ""]


def _random_item(rng: random.Random) -> lxml.etree._Element:
    def element(depth: int) -> str:
        tag = rng.choice(TAGS)
        names = " ".join(rng.sample(CLASSES, rng.randint(0, 2))).strip()
        attributes = f' class="{names}"' if names else ""
        if tag == "a" and rng.random() < 0.3:
            attributes += ' rel="next"'
        children = "".join(element(depth + 1) for _ in range(rng.randint(0, 3 - depth))) \
            if depth < 3 else ""
        return f"<{tag}{attributes}>t{children}</{tag}>"
    return parse_html(f"<html><body><div>{element(0)}{element(0)}</div></body></html>"
                      ).find("body/div")


def _expected(item: lxml.etree._Element, group: tuple[str, ...]) -> lxml.etree._Element | None:
    """The first match (document order) of the first selector matching below the item."""
    for selector in group:
        found = [e for e in CSSSelector(selector)(item) if e is not item]
        if found:
            return found[0]
    return None


def test_one_walk_finds_what_each_selector_group_finds_alone() -> None:
    rng = random.Random(7)
    for _ in range(300):
        item = _random_item(rng)
        groups = rng.sample(GROUPS, 3)
        found = firsts_in_item(item, *groups)
        for group, element in zip(groups, found, strict=True):
            simple = not any(mark in " ".join(group) for mark in ">[")
            if simple:  # the non-simple ones go to CSS, whose answer may include the item
                assert element is _expected(item, group), (group, lxml.etree.tostring(item))
            assert element is first_in_item(item, group)
