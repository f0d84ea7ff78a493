"""Steps 1 and 2: the headline, then stripping and pruning what never holds article text."""

from __future__ import annotations

from lxml import etree

from newscrawl.extraction.generic.cues import (
    _BOILER_TAGS,
    _HIDDEN_STYLE,
    _K_CAPTION,
    _K_NONE,
    _K_STRONG,
    _ROLE_NEG,
    _STRIP_TAGS,
    _all_text,
    _attr_kind,
    _inner_text,
    _tlen,
    _word_tokens,
)
from newscrawl.extraction.htmldoc import drop_keeping_tail
from newscrawl.extraction.text import clean_text
from newscrawl.extraction.toolkit import unwrap_noscript_images


class Candidates:
    """Part of the generic extractor (see newscrawl.extraction.generic)."""

    @staticmethod
    def _page_title(root: etree._Element) -> str:
        for path in (".//meta[@property='og:title']", ".//meta[@name='twitter:title']"):
            el = root.find(path)
            if el is not None and el.get("content"):
                return clean_text(el.get("content"))
        el = root.find(".//title")
        if el is not None:
            return clean_text(_all_text(el))
        return ""

    def _choose_title(self) -> None:
        """The headline: the h1 closest to the page's og:title / <title> (an h1 unrelated to
        them is a logo); failing that an h2/h3 that repeats the page title."""
        target = _word_tokens(self.orig_title) if self.orig_title else set()
        best: tuple[float, int] | None = None
        for tags, minimum in ((("h1",), 0.2), (("h2", "h3"), 0.5)):
            for index, heading in enumerate(self.body.iter(*tags)):
                text = clean_text(_all_text(heading))
                if not text:
                    continue
                if target:
                    tokens = _word_tokens(text)
                    overlap = len(tokens & target) / max(1, len(tokens | target))
                    if overlap < minimum:
                        continue
                elif tags[0] != "h1":
                    continue
                else:
                    overlap = 0.0
                key = (overlap, -index)
                if best is None or key > best:
                    best = key
                    self.title_el = heading
                    self.title = text
            if best is not None:
                return

    def _strip(self) -> None:
        # A <picture>'s sources name its image (libxml2 may even nest the <img> inside a
        # <source>): give their srcset to the <img>, then unwrap them.
        for source in list(self.doc.iter("source")):
            srcset = source.get("srcset") or source.get("data-srcset")
            if "max-width" in (source.get("media") or ""):
                srcset = None  # a crop for small screens (toolkit.image_src's rule)
            picture = next((a for a in source.iterancestors() if a.tag == "picture"), None)
            img = next(picture.iter("img"), None) if picture is not None else None
            if srcset and img is not None and not img.get("data-srcset"):
                img.set("data-srcset", srcset)
        etree.strip_tags(self.doc, "source")
        unwrap_noscript_images(self.doc)
        etree.strip_elements(self.doc, *_STRIP_TAGS, with_tail=False)
        etree.strip_elements(self.doc, etree.Comment, etree.ProcessingInstruction,
                             with_tail=False)

    def _remember_caption(self, el: etree._Element, text: str) -> None:
        if not text:
            return
        node = el
        for _ in range(4):
            node = node.getparent()
            if node is None:
                return
            for img in node.iter("img"):
                if img not in self.captions:
                    self.captions[img] = text
                    return
                break

    def _prune(self) -> None:
        body = self.body
        elements = list(body.iter(etree.Element))
        # Paragraph text mass below each element, to protect the story from over-pruning.
        ptext: dict[etree._Element, int] = {}
        for el in reversed(elements):
            tag = el.tag
            if tag == "p" or tag == "pre":
                total = _tlen(el.text) + sum(ptext[c] + _tlen(c.tail) for c in el)
            else:
                total = _tlen(el.text) if el.text and len(el.text) > 40 else 0
                for child in el:
                    total += ptext[child]
                    tail = child.tail
                    if tail and len(tail) > 40:
                        total += _tlen(tail)
            ptext[el] = total
        grand_total = ptext.get(body, 0) or 1
        protected: set[etree._Element] = set()
        anchors = []
        if self.title_el is not None:
            anchors.append(self.title_el)
        anchors.extend(body.iterfind(".//*[@itemprop='articleBody']"))
        for anchor in anchors:
            protected.update(anchor.iterancestors())
            protected.add(anchor)

        doomed: list[tuple[etree._Element, int]] = []
        walker = etree.iterwalk(body, events=("start",))
        for _, el in walker:
            tag = el.tag
            if el is body or not isinstance(tag, str):
                continue
            if tag == "figcaption":
                kind = _K_CAPTION
            elif tag in _BOILER_TAGS:
                kind = _K_STRONG
            else:
                kind = _K_NONE
                cls = el.get("class")
                ident = el.get("id")
                if cls or ident:
                    kind = _attr_kind(cls + " " + ident if cls and ident else cls or ident)
                if not kind:
                    role = el.get("role")
                    if (role and role.lower() in _ROLE_NEG) or el.get("hidden") is not None \
                            or el.get("aria-hidden") == "true":
                        kind = _K_STRONG
                    else:
                        style = el.get("style")
                        if style and _HIDDEN_STYLE.search(style):
                            kind = _K_STRONG
            if not kind or (el in protected and tag != "header"):
                continue
            share = ptext[el] / grand_total
            if kind == _K_CAPTION:
                limit = 0.3
            elif kind == _K_STRONG:
                limit = 0.3 if tag == "header" else 0.5
            else:
                limit = 0.25
            if share < limit:
                doomed.append((el, kind))
                walker.skip_subtree()
        for el, kind in doomed:
            if kind == _K_CAPTION:
                self._remember_caption(el, _inner_text(el))
            drop_keeping_tail(el)
