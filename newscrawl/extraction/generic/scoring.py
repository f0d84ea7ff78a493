"""Step 3: score containers readability-style and pick (and widen) the story's container."""

from __future__ import annotations

from lxml import etree

from newscrawl.extraction.generic.cues import (
    _COMMAS,
    _HEADINGS,
    _INLINE,
    _LEAD,
    _PARA_TAGS,
    _SENTENCE_END,
    _TAG_SCORE,
    _TEASER_FACTOR,
    _TITLE_BONUS,
    _TITLE_REACH,
    _all_text,
    _attrs,
    _class_weight,
    _norm,
    _tlen,
)


class Scoring:
    """Part of the generic extractor (see newscrawl.extraction.generic)."""

    def _score(self) -> etree._Element | None:
        """The container of the story, or None when nothing on the page reads like text."""
        elements = list(self.body.iter(etree.Element))
        commas = self._measure(elements)
        scores = self._propagate(elements, commas)
        if not scores:
            return None
        self.scores = scores
        self.final = self._rank(scores)
        return self._widen()

    def _measure(self, elements: list[etree._Element]) -> dict[etree._Element, int]:
        """Text, link and inline lengths and paragraph mass below every element (kept on the
        extractor); the commas of each element's inline text, returned."""
        tlen: dict[etree._Element, int] = {}
        llen: dict[etree._Element, int] = {}
        inline: dict[etree._Element, int] = {}
        commas: dict[etree._Element, int] = {}
        deep: dict[etree._Element, float] = {}
        for el in reversed(elements):
            text = el.text
            t = _tlen(text)
            inl = t
            com = 0
            if text:
                for c in _COMMAS:
                    com += text.count(c)
            lnk = 0
            dsum = 0.0
            for child in el:
                tail = child.tail
                t += tlen[child]
                lnk += llen[child]
                dsum += deep[child]
                if child.tag in _INLINE:
                    inl += inline[child]
                    com += commas[child]
                if tail:
                    n = _tlen(tail)
                    t += n
                    inl += n
                    for c in _COMMAS:
                        com += tail.count(c)
            tag = el.tag
            tlen[el] = t
            llen[el] = t if tag == "a" else lnk
            inline[el] = inl
            commas[el] = com
            deep[el] = dsum
        self.tlen, self.llen, self.deep, self.inline = tlen, llen, deep, inline
        return commas

    def _propagate(self, elements: list[etree._Element], commas: dict[etree._Element, int]
                   ) -> dict[etree._Element, float]:
        """Every paragraph scores by length and commas; the score goes to its container and,
        decaying, to five levels of ancestors (and undecayed to `deep`, for siblings)."""
        body, inline, deep = self.body, self.inline, self.deep
        scores: dict[etree._Element, float] = {}

        def init(node: etree._Element) -> float:
            score = float(_TAG_SCORE.get(node.tag, 0)) + _class_weight(node)
            scores[node] = score
            return score

        for el in elements:
            tag = el.tag
            length = inline[el]
            if length < 25 or tag in _INLINE or tag == "h1":
                continue
            if tag in _PARA_TAGS or not any(
                    c.tag not in _INLINE and c.tag != "br" for c in el):
                # a paragraph, or a block holding only inline content: its parent is scored
                start = el.getparent() if el is not body else el
            else:
                # loose text beside block children: the block itself is the container
                start = el
            if start is None:
                continue
            score = 1.0 + commas[el] + min(length // 100, 3)
            if self._after_headline_link(el):
                score *= _TEASER_FACTOR  # the summary of a teaser ("headline link + lead")
            node = el
            while node is not None:  # the unbounded, undecayed mass used for siblings
                deep[node] += score
                if node is body:
                    break
                node = node.getparent()
            level = 0
            node = start
            while node is not None and level < 5:
                if node not in scores:
                    init(node)
                divider = 1 if level == 0 else (2 if level == 1 else level * 3)
                scores[node] += score / divider
                if node is body:
                    break
                node = node.getparent()
                level += 1
        return scores

    def _rank(self, scores: dict[etree._Element, float]) -> dict[etree._Element, float]:
        """Scores weighed by link density, with a bonus near the headline."""
        body, tlen, llen = self.body, self.tlen, self.llen
        final: dict[etree._Element, float] = {}
        # The story sits next to its headline: candidates within a few levels of the title's
        # branch get a bonus (this is what tells a long comment thread from a short story).
        near_title: set[etree._Element] = set()
        if self.title_el is not None:
            near_title = set(self.title_el.iterancestors())
        for node, score in scores.items():
            t = tlen[node]
            ld = llen[node] / t if t else 0.0
            score *= 1.0 - ld
            if near_title and score > 0 and node not in near_title:
                anc = node
                for _ in range(_TITLE_REACH):
                    anc = anc.getparent()
                    if anc is None:
                        break
                    if anc in near_title:
                        if anc is not body:
                            score *= _TITLE_BONUS
                        break
            final[node] = score
        return final

    def _widen(self) -> etree._Element | None:
        """The best candidate, widened to an ancestor when several strong candidates share
        it, when the parents' score keeps up, or when it is an only child."""
        body, final = self.body, self.final
        ranked = sorted(final.items(), key=lambda kv: kv[1], reverse=True)
        top, top_score = ranked[0]
        if top_score <= 0:
            return None

        # Several strong candidates under one ancestor: take the ancestor.
        alternatives = [set(node.iterancestors()) for node, score in ranked[1:5]
                        if score >= 0.75 * top_score]
        if len(alternatives) >= 3:
            parent = top.getparent()
            while parent is not None and parent is not body:
                if sum(1 for anc in alternatives if parent in anc) >= 3:
                    top = parent
                    break
                parent = parent.getparent()

        # Walking up while the score grows means more content to gather.
        last = final.get(top, 0.0)
        threshold = last / 3
        parent = top.getparent()
        while parent is not None and parent is not body:
            if parent not in final:
                parent = parent.getparent()
                continue
            pscore = final[parent]
            if pscore < threshold:
                break
            if pscore > last:
                top = parent
                break
            last = pscore
            parent = parent.getparent()

        parent = top.getparent()
        while parent is not None and parent is not body and len(parent) == 1:
            top = parent
            parent = parent.getparent()
        return top

    def _after_headline_link(self, el: etree._Element) -> bool:
        """Does a block made of one headline link come right before this text (skipping one
        short line, such as a date)?  That is how teasers of other stories are laid out."""
        sib = el.getprevious()
        for _ in range(2):
            if sib is None:
                return False
            t = self.tlen.get(sib, 0)
            if t >= 15 and self.llen.get(sib, 0) >= 0.9 * t and \
                    len(_all_text(sib).split()) >= 3:
                return True
            if t > 80:
                return False
            sib = sib.getprevious()
        return False

    def _siblings(self, top: etree._Element) -> list[etree._Element]:
        parent = top.getparent()
        if parent is None or top is self.body:
            return [top]
        top_score = self.final.get(top, 0.0)
        threshold = max(10.0, top_score * 0.2)
        deep_threshold = max(10.0, self.deep.get(top, 0.0) * 0.2)
        top_class = top.get("class") or ""
        picked: list[etree._Element] = []
        for sib in parent:
            if not isinstance(sib.tag, str):
                continue
            if sib is top:
                picked.append(sib)
                continue
            if _LEAD.search(_norm(_attrs(sib))):
                continue  # the standfirst / sapo is the page's summary, not its body
            bonus = top_score * 0.2 if top_class and sib.get("class") == top_class else 0.0
            score = self.final.get(sib)
            if score is not None and score + bonus >= threshold:
                picked.append(sib)
                continue
            t = self.tlen.get(sib, 0)
            if not t:
                continue
            ld = self.llen.get(sib, 0) / t
            if ld < 0.3 and self.deep.get(sib, 0.0) * (1 - ld) + bonus >= deep_threshold:
                picked.append(sib)
                continue
            paragraph_like = sib.tag in ("p", "blockquote", "pre") or (
                sib.tag not in _HEADINGS and self.inline.get(sib, 0) >= 0.9 * t)
            if paragraph_like:
                text = _all_text(sib)
                if t > 80 and ld < 0.25 and len(text.split()) >= 8:
                    picked.append(sib)
                    continue
                if 0 < t <= 80 and ld == 0 and _SENTENCE_END.search(text):
                    picked.append(sib)
                    continue
        return picked or [top]
