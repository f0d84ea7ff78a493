"""Step 4, continued: boxes inside the story and lines that are never article text."""

from __future__ import annotations

from lxml import etree

from newscrawl.extraction.generic.cues import (
    _BYLINE,
    _COMMAS,
    _HEADINGS,
    _LABEL,
    _SENTENCE_END,
    _WORD,
    _all_text,
    _capitalised_names,
    _class_weight,
    _is_dateline,
    _Para,
)
from newscrawl.extraction.lines import is_boilerplate_line, is_signature
from newscrawl.extraction.text import split_authors


class Cleaning:
    """Part of the generic extractor (see newscrawl.extraction.generic)."""

    def _is_junk_block(self, el: etree._Element) -> bool:
        """Readability-style conditional cleaning of a block inside the article."""
        tag = el.tag
        tlen = self.tlen.get(el, 0)
        if tlen == 0:
            return False
        commas = 0
        if tlen < 2000:
            text = _all_text(el)
            commas = sum(text.count(c) for c in _COMMAS)
        if commas >= 10:
            return False
        weight = _class_weight(el)
        if weight < 0 and weight + self.scores.get(el, 0.0) < 0:
            return True
        ld = self.llen.get(el, 0) / tlen
        n_p = n_img = n_li = n_heading_chars = 0
        for node in el.iter(etree.Element):
            t = node.tag
            if t == "p":
                n_p += 1
            elif t == "img":
                n_img += 1
            elif t == "li":
                n_li += 1
            elif t in _HEADINGS:
                n_heading_chars += self.tlen.get(node, 0)
        is_list = tag in ("ul", "ol")
        if n_img > 1 and n_p / n_img < 0.5 and tlen < 200:
            return True
        if not is_list and n_li - 100 > n_p:
            return True
        heading_density = n_heading_chars / tlen
        if not is_list and heading_density < 0.9 and tlen < 25 and (n_img == 0 or n_img > 2) \
                and ld > 0:
            return True
        if not is_list and weight < 25 and ld > 0.2 and tlen < 1500:
            return ld > 0.33 or n_p == 0
        if weight >= 25 and ld > 0.5:
            return True
        if is_list:
            if ld > 0.5 and tlen < 1000:
                return True
            items = [li for li in el if li.tag == "li"]
            if len(items) >= 3 and ld > 0.3 and all(li.find(".//a") is not None
                                                    for li in items):
                return True
        return False

    def _filter(self, paras: list[_Para]) -> list[str]:
        title = self.title or ""
        kept: list[_Para] = []
        for para in paras:
            text = para.text
            if para.tag == "#skip":
                kept.append(para)
                continue
            words = len(text.split())
            if title and text == title:
                continue
            if is_boilerplate_line(text):
                continue
            if not _WORD.search(text):
                continue  # separators such as "___" or "* * *"
            if words <= 8 and _BYLINE.match(text) and _capitalised_names(text):
                continue
            if words <= 16 and para.tag != "tr" and _is_dateline(text):
                continue
            kept.append(para)
        # Link-dominated short lines are recirculation when they come in runs, sit in lists or
        # carry a label ("SEE MORE: ..."); a lone linked sentence inside the story stays.
        flags = [
            p.tag not in _HEADINGS and p.tag not in ("tr", "#skip") and p.chars > 0
            and p.link_chars / p.chars > 0.5 and len(p.text.split()) <= 25
            for p in kept
        ]
        out: list[str] = []
        out_paras: list[_Para] = []
        for i, para in enumerate(kept):
            if para.tag == "#skip":
                continue
            if i + 1 < len(kept) and kept[i + 1].tag == "#skip" and (
                    para.tag in _HEADINGS
                    or (len(para.text.split()) <= 8 and not _SENTENCE_END.search(para.text))):
                # a heading that only introduced a dropped box ("More stories")
                rest = next((p for p in kept[i + 2:] if p.tag != "#skip"), None)
                if rest is None or rest.tag in _HEADINGS:
                    continue
            if flags[i] and (
                para.tag == "li"
                or (i > 0 and flags[i - 1])
                or (i + 1 < len(flags) and flags[i + 1])
                or _LABEL.match(para.text)
            ):
                continue
            out.append(para.text)
            out_paras.append(para)
        # a closing author line ("Minh Thu", right-aligned or bold) is a byline
        while out_paras and is_signature(out_paras[-1].element, out_paras[-1].text) \
                and len(out_paras) > 1:
            out_paras.pop()
            self.signature[:0] = split_authors(out.pop())
        return out
