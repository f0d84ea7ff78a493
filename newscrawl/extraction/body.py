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
    figures = _figures(container)
    loose_captions = _loose_captions(container, noise, selectors, figures)
    noise.update(caption for caption in loose_captions.values() if caption is not None)
    # Pictures wrapped with their caption (a layout table, a div): text of the figure.
    noise.update(figure for figure in figures.values() if figure is not None)
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
    images = _images(container, base_url, loose_captions, image_noise, captions, figures)
    return BodyParts([text for _, text in blocks], images, signature)


def _figures(container: HtmlElement) -> dict[HtmlElement, HtmlElement | None]:
    """Each picture's figure (toolkit.in_figure), judged once per page. Wrappers that
    would hold all the container's text are not figures: that text is the story."""
    judged: dict[tuple[HtmlElement, str], bool] = {}
    figures = {img: in_figure(img, container, judged) for img in container.iter("img")}
    wrappers = {f for f in figures.values() if f is not None and f.tag != "figure"}
    if wrappers:
        wrapped = sum(len(text_of(wrapper)) for wrapper in wrappers)
        if wrapped and wrapped >= len(text_of(container)):
            figures = {img: None if f in wrappers else f for img, f in figures.items()}
    return figures



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



def _loose_captions(container: HtmlElement, noise: set[HtmlElement], selectors: Selectors,
                    figures: dict[HtmlElement, HtmlElement | None]
                    ) -> dict[HtmlElement, HtmlElement | None]:
    """Pictures outside <figure>, each with the element holding its caption (or None).

    The caption is the picture's own block when all its text is italic
    (<p><img><br><em>caption</em></p>), else the next block when it reads as a caption
    (toolkit.is_caption_block: italic, centred or caption-classed, short, no links).
    """
    captions: dict[HtmlElement, HtmlElement | None] = {}
    caption_classes = {s.lstrip(".") for s in selectors.caption if s.startswith(".")}
    wrapper_text: dict[HtmlElement, str] = {}
    for img, figure in figures.items():
        if figure is not None and figure not in wrapper_text:
            wrapper_text[figure] = text_of(figure)
        # a wrapper holding only the picture may still have its caption right after it
        if (figure is not None and (figure.tag == "figure" or wrapper_text[figure])) or any(
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



def _figure_caption(figure: HtmlElement, captions: set[HtmlElement]) -> str:
    """A figure's <figcaption>, else its element the selectors call a caption, else (a
    wrapper of pictures and a short text) the wrapper's text."""
    caption_el = next(figure.iter("figcaption"), None)
    if caption_el is None:
        caption_el = next((e for e in figure.iter() if e in captions), None)
    if caption_el is None and figure.tag != "figure":
        caption_el = figure
    return text_of(caption_el) if caption_el is not None else ""



def _images(container: HtmlElement, base_url: str,
            loose_captions: dict[HtmlElement, HtmlElement | None],
            skipped: set[HtmlElement], captions: set[HtmlElement],
            figures: dict[HtmlElement, HtmlElement | None]
            ) -> list[dict[str, str | None]]:
    """One entry per picture in body order (one per <figure>): caption, else alt text,
    else None."""
    images: list[dict[str, str | None]] = []
    seen_figures: set[HtmlElement] = set()
    figure_captions: dict[HtmlElement, str] = {}  # each figure's caption, read once
    for img, figure in figures.items():
        if any(a in skipped for a in img.iterancestors()):
            continue
        if img in loose_captions:
            caption_el = loose_captions[img]
            caption = text_of(caption_el) if caption_el is not None else ""
        elif figure is not None:
            if figure in seen_figures and figure.tag == "figure":
                continue  # one entry per <figure>; a wrapper's pictures each count
            seen_figures.add(figure)
            if figure not in figure_captions:
                figure_captions[figure] = _figure_caption(figure, captions)
            caption = figure_captions[figure]
        else:
            continue
        src = None if is_decoration(img) else image_src(img, base_url)
        if src:
            images.append({"url": src,
                           "caption": caption or clean_text(img.get("alt")) or None})
    return images

