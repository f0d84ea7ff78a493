"""The site layer's article body: paragraphs, tables, figures with captions and the end
signature of the content element the site's selectors name.
"""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.extraction.cleaner import boilerplate_blocks
from newscrawl.extraction.lines import is_boilerplate_line, is_signature
from newscrawl.extraction.selectors import match_groups
from newscrawl.extraction.text import (
    clean_text,
    split_authors,
)
from newscrawl.extraction.toolkit import (
    BLOCK_LEVEL,
    HtmlElement,
    image_src,
    in_figure,
    is_caption_block,
    is_data_table,
    is_decoration,
    is_italic,
    site_link,
    table_rows,
    text_of,
)
from newscrawl.sites import urls
from newscrawl.sites.baodantoc import LAYOUTS, Selectors


@dataclass
class BodyParts:
    paragraphs: list[str]
    images: list[dict[str, str | None]]
    signature: list[str]



def extract_body(container: HtmlElement, base_url: str,
                 selectors: Selectors = LAYOUTS[0].selectors) -> BodyParts:
    """Paragraphs, figures and end signature of an article's content element."""
    noise, image_noise, captions = match_groups(
        container, selectors.body_noise, selectors.image_noise, selectors.caption)
    # Boxes the selectors do not know, found by what they are (newscrawl.extraction.cleaner).
    unknown_boxes = boilerplate_blocks(container)
    noise.update(unknown_boxes)
    image_noise.update(unknown_boxes)
    # A picture outside <figure> with its caption in the next (italic) paragraph: the
    # caption goes to images, never to the body.
    loose_captions = _loose_captions(container, noise, selectors)
    noise.update(caption for caption in loose_captions.values() if caption is not None)
    # Pictures wrapped with their caption (a layout table, a div): text of the figure.
    noise.update(figure for img in container.iter("img")
                 if (figure := in_figure(img, container)) is not None)
    # Elements holding noise need the careful text walk; all others take the fast path.
    noisy: set[HtmlElement] = set()
    for element in noise:
        noisy.update(element.iterancestors())
    blocks: list[tuple[HtmlElement, str]] = []
    _collect_blocks(container, _BodyWalk(noise, noisy), blocks)
    blocks = [(el, text) for el, text in blocks if text and not is_boilerplate_line(text)
              and not _is_article_link_line(el, text, base_url)]
    signature: list[str] = []
    if blocks and is_signature(*blocks[-1]):
        signature = split_authors(blocks.pop()[1])
    images = _images(container, base_url, loose_captions, image_noise, captions)
    return BodyParts([text for _, text in blocks], images, signature)



def _is_article_link_line(element: HtmlElement, text: str, base_url: str) -> bool:
    """A paragraph that is nothing but a link to another article: a related-story line."""
    links = [a for a in element.iter("a") if a.get("href")]
    if len(links) != 1 or text_of(links[0]) != text.lstrip(">»•-– ").strip():
        return False
    target = site_link(links[0].get("href"), base_url)
    return bool(target and urls.article_id(target) and target != urls.canonical_url(base_url))



@dataclass
class _BodyWalk:
    noise: set[HtmlElement]
    noisy: set[HtmlElement]

    def text(self, element: HtmlElement) -> str:
        return text_of(element, self.noise if element in self.noisy else None)



# Blocks nested deeper than this are read as one text (a hostile page nests thousands).
_MAX_BLOCK_DEPTH = 100


def _collect_blocks(element: HtmlElement, walk: _BodyWalk,
                    out: list[tuple[HtmlElement, str]], depth: int = 0) -> None:
    """Block texts in document order; inline runs between blocks form paragraphs too."""
    if depth > _MAX_BLOCK_DEPTH:
        out.append((element, walk.text(element)))
        return
    run: list[str] = [element.text or ""]

    def flush() -> None:
        text = clean_text(" ".join(run))
        if text:
            out.append((element, text))
        run.clear()

    for child in element:
        if isinstance(child.tag, str) and child not in walk.noise:
            if child.tag not in BLOCK_LEVEL:
                run.append(walk.text(child))
            else:
                flush()
                if child.tag == "table" and is_data_table(child):
                    out.extend(table_rows(child, walk.text))
                elif _has_block_child(child):
                    _collect_blocks(child, walk, out, depth + 1)
                else:
                    out.append((child, walk.text(child)))
        run.append(child.tail or "")
    flush()



def _has_block_child(element: HtmlElement) -> bool:
    return any(isinstance(child.tag, str) and child.tag in BLOCK_LEVEL for child in element)



def _loose_captions(container: HtmlElement, noise: set[HtmlElement], selectors: Selectors
                    ) -> dict[HtmlElement, HtmlElement | None]:
    """Pictures outside <figure>, each with the element holding its caption (or None).

    The caption is the picture's own block when all its text is italic
    (<p><img><br><em>caption</em></p>), else the next block when it reads as a caption
    (toolkit.is_caption_block: italic, centred or caption-classed, short, no links).
    """
    captions: dict[HtmlElement, HtmlElement | None] = {}
    caption_classes = {s.lstrip(".") for s in selectors.caption if s.startswith(".")}
    for img in container.iter("img"):
        figure = in_figure(img, container)
        # a wrapper holding only the picture may still have its caption right after it
        if (figure is not None and (figure.tag == "figure" or text_of(figure))) or any(
                a in noise for a in img.iterancestors() if a is not container):
            continue
        block = figure if figure is not None else img
        while block.getparent() is not None and block.getparent() is not container \
                and block.tag not in BLOCK_LEVEL:
            block = block.getparent()
        caption = None
        own_text = text_of(block) if block is not img else ""
        if own_text:
            if len(own_text) < 300 and is_italic(block):
                caption = block
        else:
            following = block.getnext()
            while following is not None and not isinstance(following.tag, str):
                following = following.getnext()
            if following is not None and following.tag in ("p", "div", "span", "em", "i"):
                classes = set((following.get("class") or "").split())
                text = text_of(following)
                if text and len(text) < 300 and (classes & caption_classes
                                                 or is_caption_block(following, text)):
                    caption = following
        captions[img] = caption
    return captions



def _images(container: HtmlElement, base_url: str,
            loose_captions: dict[HtmlElement, HtmlElement | None],
            skipped: set[HtmlElement], captions: set[HtmlElement]
            ) -> list[dict[str, str | None]]:
    """One entry per picture in body order: caption, else alt text, else None."""
    images: list[dict[str, str | None]] = []
    seen_figures: set[HtmlElement] = set()
    for img in container.iter("img"):
        if any(a in skipped for a in img.iterancestors()):
            continue
        figure = in_figure(img, container)
        if img in loose_captions:
            caption_el = loose_captions[img]
        elif figure is not None:
            if figure in seen_figures:
                continue  # one entry per figure
            seen_figures.add(figure)
            caption_el = next(figure.iter("figcaption"), None)
            if caption_el is None:
                caption_el = next((e for e in figure.iter() if e in captions), None)
            if caption_el is None and figure.tag != "figure":
                caption_el = figure  # a wrapper of pictures and a short text: its caption
        else:
            continue
        caption = text_of(caption_el) if caption_el is not None else ""
        src = None if is_decoration(img) else image_src(img, base_url)
        if src:
            images.append({"url": src,
                           "caption": caption or clean_text(img.get("alt")) or None})
    return images

