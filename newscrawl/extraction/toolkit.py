"""The extraction toolkit every layer shares: parsing into a clean tree, visible text,
links and image URLs, and the small judgements (a name, italic text, a figure) the body,
teaser and article code build on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from w3lib.url import safe_url_string

from newscrawl.extraction.htmldoc import drop_keeping_tail, parse_document
from newscrawl.extraction.text import (
    clean_text,
    forget_clean_texts,
)
from newscrawl.sites import urls

# Plain lxml elements: several times cheaper to create than lxml.html's HtmlElement,
# whose per-element Python class lookup dominated extraction time.
HtmlElement = lxml.etree._Element



class NotAnArticle(ValueError):
    """The page holds no article (the reason says why); its teasers may still count."""



def text_of(element: HtmlElement | None, skip: set[HtmlElement] | None = None) -> str:
    """Visible text of an element, cleaned; never from scripts, styles or `skip` subtrees.

    Documents from parse_html have no scripts or styles left and a space after each <br>,
    so without `skip` libxml2's own text serialiser does the walk (several times faster).
    """
    if element is None:
        return ""
    if not skip:
        return clean_text(lxml.etree.tostring(element, method="text", encoding="unicode",
                                              with_tail=False))
    return clean_text(" ".join(_texts(element, skip)))



_INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head", "title"}



def _texts(element: HtmlElement, skip: set[HtmlElement]) -> Iterator[str]:
    """The visible text pieces below `element`, in order; a walk, not a recursion, so no
    depth of nesting (hostile pages have thousands of levels) can overflow the stack."""
    if element.tag in _INVISIBLE_TAGS or element in skip:
        return
    walker = lxml.etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if event == "start":
            if node is not element and (not isinstance(node.tag, str)
                                        or node.tag in _INVISIBLE_TAGS or node in skip):
                walker.skip_subtree()
                continue
            if node.tag == "br":
                yield " "
            elif node.text:
                yield node.text
        elif node is not element and node.tail:
            yield node.tail



def parse_html(html: str | bytes, content_type: str = "") -> HtmlElement:
    """lxml document for any input, however broken; raises NotAnArticle for empty input.

    Scripts, styles and comments are removed (JSON-LD metadata is kept) and every <br>
    is followed by a space, so text taken from any element is what a reader sees.
    """
    if not html or not html.strip():
        raise NotAnArticle("empty page")
    root = parse_document(html, content_type)
    if root is None:
        raise NotAnArticle("no HTML document in the page")
    unwrap_noscript_images(root)
    for element in list(root.iter("script", "style", "noscript", "template",
                                  lxml.etree.Comment)):
        if element.tag == "script" and "ld+json" in (element.get("type") or ""):
            continue
        drop_keeping_tail(element)
    for br in root.iter("br"):
        br.tail = " " + (br.tail or "")
    return root



def unwrap_noscript_images(root: HtmlElement) -> None:
    """Lazy-loading pages give the real picture only in a <noscript> fallback
    (`<img src="data:..."><noscript><img src="real.jpg"></noscript>`): its <img> takes the
    place of the <noscript>, unless the <img> just before it already names a picture (the
    same picture, loaded by script)."""
    for noscript in list(root.iter("noscript")):
        images = list(noscript.iter("img"))
        if not images:
            continue
        before = noscript.getprevious()
        if before is not None and before.tag != "img":
            before = next((img for img in before.iter("img")), None) \
                if len(before) <= 2 else None
        # any base will do: the question is only whether the <img> names a picture
        if before is not None and before.tag == "img" and \
                image_src(before, "http://page.invalid/") is not None:
            continue
        if before is not None and before.tag == "img":
            drop_keeping_tail(before)  # the placeholder
        parent = noscript.getparent()
        if parent is None:
            continue
        index = parent.index(noscript)
        for offset, img in enumerate(images):
            img.tail = None
            parent.insert(index + offset, img)
        drop_keeping_tail(noscript)


def absolute_url(src: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL for a src/href, percent-encoded as a URL must be (a raw space
    in a folder named `Tháng 11` becomes %20); None for data:, javascript:, ftp:, a
    relative URL with no base, or one that cannot be parsed."""
    if src and src.startswith(("https://", "http://")):
        base = None  # the same answer on every page: one cache entry, not one per page
    return _absolute_url(src, base)


@lru_cache(maxsize=urls.URL_CACHE_SIZE)
def _absolute_url(src: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL for a src/href, percent-encoded as a URL must be (a raw space
    in a folder named `Tháng 11` becomes %20); None for data:, javascript:, ftp:, a
    relative URL with no base, or one that cannot be parsed."""
    src = (src or "").strip()
    if not src:
        return None
    try:
        absolute = safe_url_string(urljoin(base or "", src))
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


# Where pages keep an image's address, real one first: lazy loaders put it in data-*
# and leave a placeholder in src; a srcset's largest candidate beats a plain src.
_LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-url", "data-srcset")
_DESCRIPTOR = re.compile(r"^(\d+(?:\.\d+)?)([wx])$")


def largest_candidate(srcset: str) -> str:
    """The widest (or densest) candidate of a srcset ("a.jpg 480w, b.jpg 1080w" -> b.jpg);
    the first when no descriptor says."""
    best, best_size = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.strip().split()
        if not parts:
            continue
        match = _DESCRIPTOR.match(parts[-1]) if len(parts) > 1 else None
        size = float(match.group(1)) * (1 if match and match.group(2) == "w" else 1000) \
            if match else 0.0
        if size > best_size:
            best, best_size = parts[0], size
    return best


# What lazy loaders leave in src until a script swaps the picture in.
_PLACEHOLDER_FILE = re.compile(
    r"^(?:blank|placeholder|loading|loader|lazy|spacer|transparent|pixel|grey|gray|no-?image)"
    r"[\w-]*\.(?:gif|png|svg|jpe?g|webp)$|blank", re.IGNORECASE)


def is_placeholder(address: str) -> bool:
    """A lazy loader's stand-in (`/images/loading.gif`, `blank.png`), not a picture."""
    return bool(_PLACEHOLDER_FILE.search(address.rsplit("/", 1)[-1].split("?", 1)[0]))


def image_src(img: HtmlElement, base: str | None) -> str | None:
    """The picture behind an <img>, the one rule of every layer: the first usable address
    among the lazy-loading attributes and src (a srcset's largest candidate), then the
    <source>s of its <picture>; never a data: URI or a placeholder, always absolute http(s)
    (see absolute_url)."""
    attributes = dict(img.attrib)  # one copy; the lookups below are plain dict reads
    values = [(name, attributes[name]) for name in _LAZY_ATTRIBUTES if name in attributes]
    picture = _picture_of(img)
    if picture is not None:
        # a source for small screens only is a crop; the <img> is the picture itself
        values += [("srcset", source.get("srcset") or source.get("data-srcset"))
                   for source in picture.iter("source")
                   if "max-width" not in (source.get("media") or "")]
    values += [("srcset", attributes.get("srcset")), ("src", attributes.get("src"))]
    for attribute, raw in values:
        value = (raw or "").strip()
        if value and attribute.endswith("srcset"):
            value = largest_candidate(value)
        if not value or value.startswith("data:") or is_placeholder(value):
            continue
        url = absolute_url(value, base)
        if url:
            return url
    return None


def _picture_of(img: HtmlElement) -> HtmlElement | None:
    """The <picture> among the image's three nearest ancestors (libxml2 does not know
    <source> is empty, so the <img> may sit inside one), else None."""
    ancestor = img.getparent()
    for _ in range(3):
        if ancestor is None:
            return None
        if ancestor.tag == "picture":
            return ancestor
        ancestor = ancestor.getparent()
    return None


# An image is chrome when a class or id ends in one of these words ("author-avatar",
# "site-logo") or its file name starts with one ("logo.png", "icon-fb.svg"); a story photo
# may have the word inside its name ("logo-contest-winner.jpg"), so only the start counts.
_DECORATION_CLASS = re.compile(
    r"(?:^|[-_])(?:avatar|icon|logo|emoji|emoticon|smiley|spacer|sprite|favicon)$")
_DECORATION_FILE = re.compile(
    r"^(?:avatar|icon|logo|emoji|emoticon|smiley|spacer|sprite|favicon)(?:[-_.\d][^/]*)?"
    r"\.(?:svg|png|gif|ico)$")  # a photo (.jpg) named "icon-of-the-seas" is a photo


def is_decoration(img: HtmlElement) -> bool:
    """An icon, an avatar or a tracking pixel rather than a picture of the story: an image
    whose given width or height is under 100 px, or, unless its given size says it is
    large or it sits in a <figure>, one whose class, id or file name names it chrome."""
    large = False
    for attribute in ("width", "height"):
        value = (img.get(attribute) or "").strip().removesuffix("px")
        if value.isdigit():
            if int(value) < 100:
                return True
            large = True
    if large or any(a.tag == "figure" for _, a in zip(range(4), img.iterancestors(),
                                                         strict=False)):
        return False
    names = f"{img.get('class') or ''} {img.get('id') or ''}".lower().split()
    if any(_DECORATION_CLASS.search(name) for name in names):
        return True
    file_name = (img.get("src") or "").rsplit("/", 1)[-1].split("?", 1)[0].lower()
    return bool(_DECORATION_FILE.match(file_name))


def site_link(href: str | None, base: str) -> str | None:
    """Canonical site URL of a link, None for other hosts; cached (menus repeat on every page)."""
    if href and href.startswith(("https://", "http://")):
        return _canonical_site_url(href, "")  # absolute: the same answer on every page
    return _canonical_site_url(href, base)



@lru_cache(maxsize=urls.URL_CACHE_SIZE)
def _canonical_site_url(href: str | None, base: str) -> str | None:
    return urls.site_url(href, base or None)


BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt"}



_NAME_JOINERS = frozenset({"-", "–", "và", ",", "&"})



def is_name_word(word: str) -> bool:
    """'Trang', 'T.Nhân', '(TTXVN)', 'Hà,' and the joiners between names."""
    if word in _NAME_JOINERS:
        return True
    core = word.strip("(),")
    return bool(core) and core[0].isupper() and all(c.isalpha() or c in ".'’-" for c in core)



BLOCK_LEVEL = BLOCK_TAGS | {"div", "table", "section", "article", "main", "ul", "ol", "dl",
                              "figure", "center", "header", "footer", "aside", "tr", "form",
                              "hr", "address", "details"}



# Elements that hold running text: a block with one of them is more than a picture.
_TEXT_BLOCKS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol")
_PICTURE_WRAPPERS = frozenset({"div", "table", "center", "span", "a", "tbody", "tr", "td"})
PICTURE_TEXT_LIMIT = 250  # characters in a layout table's caption cell
WRAPPED_CAPTION_LIMIT = 150  # characters of a plain caption block in a div wrapper


def in_figure(img: HtmlElement, container: HtmlElement,
              judged: dict[tuple[HtmlElement, str], bool] | None = None
              ) -> HtmlElement | None:
    """The element that makes an image a figure, if any: a <figure>, or the outermost
    wrapper near a real picture (a layout table, a div) holding nothing but pictures and,
    in an element of its own, a short caption
    (`<table><tr><td><img></td></tr><tr><td>caption</td></tr></table>`,
    `<div><img><div>caption</div></div>`). Text right beside the picture
    (`<div><img><br>a paragraph</div>`) is running text, never a caption. `judged` caches
    the verdict on each ancestor, so a page of thousands of pictures stays linear."""
    judged = {} if judged is None else judged
    wrapper, chain = None, [img]
    for depth, ancestor in enumerate(img.iterancestors()):
        if ancestor is container:
            break
        if ancestor.tag == "figure":
            return ancestor
        if depth > 3 or ancestor.tag not in _PICTURE_WRAPPERS:
            break
        holder = judged.get((ancestor, "text"))
        if holder is None:
            holder = judged[(ancestor, "text")] = _is_text_holder(ancestor)
        if holder:
            break
        chain.append(ancestor)
        if ancestor.tag in ("div", "table", "center"):
            wrapper = ancestor
    if wrapper is None or is_decoration(img) or image_src(img, "http://page.invalid/") is None:
        return None
    verdict = judged.get((wrapper, "pictures"))
    if verdict is None:
        verdict = judged[(wrapper, "pictures")] = is_picture_wrapper(wrapper)
    return wrapper if verdict else None


def is_picture_wrapper(wrapper: HtmlElement) -> bool:
    """Does this small block hold pictures and at most their caption (one rule for every
    layer)? Not when text sits right beside a picture (`<div><img><br>a paragraph</div>`:
    a paragraph that starts with an image), nor when, outside a layout table, a plain text
    block of more than WRAPPED_CAPTION_LIMIT characters stands beside it (a column of text
    next to a photo)."""
    pictures = list(wrapper.iter("img"))
    chain: set[HtmlElement] = set(pictures)
    for img in pictures:
        for ancestor in img.iterancestors():
            if ancestor in chain:
                break
            chain.add(ancestor)
            if ancestor is wrapper:
                break
    if any((element.text or "").strip() or any((child.tail or "").strip() for child in element)
           for element in chain if element.tag != "img"):
        return False
    if wrapper.tag == "table":
        return True
    for child in wrapper.iter():
        if child in chain or not isinstance(child.tag, str) or child.getparent() not in chain:
            continue
        text = text_of(child)
        if len(text) > WRAPPED_CAPTION_LIMIT and not is_caption_block(child, text):
            return False
    return True


def _is_text_holder(element: HtmlElement) -> bool:
    """More than a picture and its caption: running text, a data table, a list."""
    if element.tag in ("table", "tbody", "tr", "td"):
        if (element.tag == "table" and is_data_table(element)) or \
                next(element.iter(*_TEXT_BLOCKS[1:]), None) is not None:
            return True  # a layout table may set its caption in a <p>
    elif next(element.iter(*_TEXT_BLOCKS), None) is not None:
        return True
    nested = next((t for t in element.iter("table") if t is not element), None)
    return nested is not None or len(text_of(element)) > PICTURE_TEXT_LIMIT


# Words a caption's class or id is made of, on any site ("chu-thich" is Vietnamese).
_CAPTION_CLASS = re.compile(r"caption|chu-?_?thich|legend|desc|credit", re.IGNORECASE)
CAPTION_WORD_LIMIT = 50


def is_caption_block(element: HtmlElement, text: str) -> bool:
    """Is this short block, right under a picture, the picture's caption? When it has no
    links and is all italic or classed as a caption (one rule for every layer; centred
    text is not enough: blogs centre whole stories)."""
    if not text or len(text.split()) > CAPTION_WORD_LIMIT or \
            next(element.iter("a"), None) is not None:
        return False
    if is_italic(element):
        return True
    return bool(_CAPTION_CLASS.search(f"{element.get('class') or ''} {element.get('id') or ''}"))




def is_italic(element: HtmlElement) -> bool:
    """All of the element's text sits inside <em>/<i>."""
    text = text_of(element)
    if not text or element.tag in ("em", "i"):
        return bool(text)
    italic = " ".join(text_of(e) for e in element.iter("em", "i")
                      if e.getparent() is not None and e.getparent().tag not in ("em", "i"))
    return clean_text(italic) == text



def meta_index(root: HtmlElement) -> dict[str, list[str]]:
    """Every <meta> content by its property, name, itemprop or http-equiv (lower case)."""
    index: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None:
            content = meta.get("value")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                index.setdefault(key.strip().lower(), []).append(content)
    return index


def first_meta(index: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in index.get(key, ()):
            text = clean_text(value)
            if text:
                return text
    return None


def all_meta(index: dict[str, list[str]], *keys: str) -> list[str]:
    out: list[str] = []
    for key in keys:
        for value in index.get(key, ()):
            text = clean_text(value)
            if text:
                out.append(text)
    return out


def meta_content(root: HtmlElement, *names: str) -> str | None:
    """The first non-empty content of the named <meta> elements (one lookup rule for every
    layer; the metadata layer indexes them once with meta_index for its many names)."""
    cache = document_cache(root)
    index = cache.get("meta")
    if index is None:
        index = cache["meta"] = meta_index(root)  # one index per page, however many lookups
    return first_meta(index, *names)


def document_cache(root: HtmlElement) -> dict[str, Any]:
    """Values worked out once per document (its <meta> index, its class index), for the
    document being extracted now. lxml elements take no weak references, so one slot holds
    the current document; parse_page empties it when the page is done."""
    global _current_document
    current = _current_document  # one read: another thread may replace it
    if current is None or current[0] is not root:
        current = _current_document = (root, {})
    return current[1]


def forget_document() -> None:
    """Let the last document's tree and texts go (parse_page calls this when a page is
    done)."""
    global _current_document
    _current_document = None
    forget_clean_texts()


_current_document: tuple[HtmlElement, dict[str, Any]] | None = None


def looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and all(is_name_word(w) for w in words)


_NOT_IN_DATA_TABLES = ("table", "ul", "ol", "h2", "h3", "h4", "blockquote")


def is_data_table(table: HtmlElement) -> bool:
    """A table of figures, not one used for layout: rows of several cells and no lists,
    headings or tables inside (one rule for every layer)."""
    rows = list(table.iter("tr"))
    if not rows or any(nested is not table for nested in table.iter(*_NOT_IN_DATA_TABLES)):
        return False
    return max(len([c for c in row if c.tag in ("td", "th")]) for row in rows) > 1


def table_rows(table: HtmlElement, cell_text: Callable[[HtmlElement], str]
               ) -> list[tuple[HtmlElement, str]]:
    """One paragraph per row of a data table: its non-empty cells joined by " | " (the
    header row included)."""
    rows = []
    for row in table.iter("tr"):
        cells = [text for text in (cell_text(cell) for cell in row if cell.tag in ("td", "th"))
                 if text]
        if cells:
            rows.append((row, " | ".join(cells)))
    return rows
