"""Step 4: walk the chosen container in reading order into paragraphs, table rows and
pictures with captions."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from newscrawl.extraction.generic.cues import (
    _CLEANED_TAGS,
    _FIGURE_TAGS,
    _INLINE,
    _URLISH,
    _inner_text,
    _is_caption_line,
    _Para,
)
from newscrawl.extraction.text import clean_text
from newscrawl.extraction.toolkit import (
    image_src,
    is_data_table,
    is_decoration,
    is_picture_wrapper,
    table_rows,
)


class Assembly:
    """Part of the generic extractor (see newscrawl.extraction.generic)."""

    def _image(self, img: etree._Element, images: list[tuple[str, str | None]],
               caption: str | None = None) -> int:
        """Record a picture (absolute URL when the page URL is known) with its caption, else
        its alt text.  Returns 0 when it has no usable source, 1 when it has a real caption,
        2 when not (a line right under it may then be its caption)."""
        src = None if is_decoration(img) else image_src(img, self.base_url)
        if not src:
            return 0
        caption = self.captions.get(img) or caption
        found = 1 if caption else 2
        if not caption:
            caption = clean_text(img.get("alt")) or None
        images.append((src, caption))
        return found

    def _collect(self, roots: Iterable[etree._Element]
                 ) -> tuple[list[_Para], list[tuple[str, str | None]]]:
        """Paragraphs (with "#skip" marks where a box was dropped) and pictures, in reading
        order, from the chosen container and the siblings merged with it."""
        walk = _ParagraphWalk(self)
        for root in roots:
            walk.run(root)
        return walk.paras, walk.images

    def _figure_images(self, el: etree._Element) -> list[etree._Element]:
        """Images of a block that is only an image (or a few) with a short caption."""
        if self.tlen.get(el, 0) > 250:
            return []
        imgs = list(el.iter("img"))
        if not imgs:
            return []
        for _ in el.iter("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "pre"):
            return []
        return imgs if is_picture_wrapper(el) else []

    def _table(self, table: etree._Element, paras: list[_Para],
               images: list[tuple[str, str | None]]) -> bool:
        """Emit a data table one row per paragraph; False for layout tables."""
        if not is_data_table(table):
            imgs = list(table.iter("img"))
            nested = any(n is not table for n in table.iter("table", "ul", "ol", "h2", "h3",
                                                            "h4", "blockquote"))
            if imgs and not nested and self.tlen.get(table, 0) < 300:
                # a one-column table holding a picture and its caption
                caption = _inner_text(table) or None
                for img in imgs:
                    self._image(img, images, caption)
                return True
            return False
        for row, text in table_rows(table, _inner_text):
            paras.append(_Para(text, "tr", len(text), self.llen.get(row, 0)))
        for img in table.iter("img"):
            self._image(img, images)
        return True


class _ParagraphWalk:
    """One document-order walk: text runs become paragraphs at block boundaries, links are
    measured, pictures recorded, and a line right under a picture may be its caption."""

    def __init__(self, extractor: Assembly) -> None:
        self.x = extractor
        self.paras: list[_Para] = []
        self.images: list[tuple[str, str | None]] = []
        self.buf: list[str] = []
        self.link_chars = 0  # linked text in the current paragraph
        self.in_link = 0  # depth of <a> elements around the walk
        self.caption_wanted = False  # the last picture has no caption yet
        self.blocks: list[etree._Element] = []

    def flush(self) -> None:
        if self.buf:
            text = clean_text("".join(self.buf))
            self.buf.clear()
            if text:
                block = self.blocks[-1] if self.blocks else None
                tag = block.tag if block is not None else "div"
                if self.caption_wanted and block is not None and _is_caption_line(
                        text, block, self.link_chars):
                    # italic / centred line right under a picture: its caption
                    self.images[-1] = (self.images[-1][0], text)
                else:
                    self.paras.append(_Para(text, tag, len(text), self.link_chars, block))
                self.caption_wanted = False
        self.link_chars = 0

    def add(self, text: str | None) -> None:
        if text:
            self.buf.append(text)
            if self.in_link and not _URLISH.match(text):
                self.link_chars += len(text.strip())

    def run(self, root: etree._Element) -> None:
        walker = etree.iterwalk(root, events=("start", "end"))
        skipped: set[etree._Element] = set()
        for event, el in walker:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if event == "start":
                if self.start(el, root):
                    skipped.add(el)
                    walker.skip_subtree()
                continue
            if tag in _INLINE:
                if tag == "a":
                    self.in_link -= 1
            elif tag not in ("img", "br") and el not in skipped:
                self.flush()
                self.blocks.pop()
            elif el in skipped:
                self.flush()
            if el is not root:
                self.add(el.tail)
        self.flush()

    def start(self, el: etree._Element, root: etree._Element) -> bool:
        """Handle an opening tag; True when its subtree is done with (skipped or consumed)."""
        x, tag = self.x, el.tag
        if tag == "img":
            found = x._image(el, self.images)
            if found:
                self.caption_wanted = found == 2
            return False
        if tag == "br":
            self.flush()
            return False
        if tag in _INLINE:
            if tag == "a":
                self.in_link += 1
            self.add(el.text)
            return False
        # a block element
        self.flush()
        if el is x.title_el or tag == "h1":
            return True
        if el is not root and tag in _CLEANED_TAGS and x._is_junk_block(el):
            self.paras.append(_Para("", "#skip", 0, 0))  # marks where a box was
            return True
        if tag in _FIGURE_TAGS and el is not root:
            figure_images = x._figure_images(el)
            if figure_images:
                caption = _inner_text(el) or None
                for img in figure_images:
                    x._image(img, self.images, caption)
                return True
        if tag == "table" and x._table(el, self.paras, self.images):
            return True
        self.blocks.append(el)
        self.add(el.text)
        return False
