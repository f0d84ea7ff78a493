"""Generic main-content extraction for news pages (lxml only).

``extract_body(root)`` / ``extract_body_from_html(html, url)`` return the story's paragraphs,
its pictures with captions, the chosen container and the headline, for any news site:

1. strip elements that never hold article text (scripts, styles, media, form controls...);
2. prune boilerplate containers recognised by tag, class, id, role or hidden state
   (navigation, related boxes, share bars, comments, newsletters, ads, bylines, captions...),
   never removing an element that holds the headline or most of the page's paragraph text;
3. score candidate containers readability-style: every paragraph scores by length and commas
   (a teaser's summary, under a headline link, scores little), propagated to its ancestors
   with decay, weighted by class names and link density, with a bonus for containers next to
   the headline; pick the best one, widen it when its parents hold comparable content and
   merge sibling blocks that belong to the story (never the standfirst / sapo: that is the
   page's summary);
4. walk the winner in document order and emit paragraphs: text blocks and sub-headings, one
   per list item, one per table row (cells joined by " | "), skipping boxes that look like
   related-link lists or galleries, and dropping caption, credit, byline, date, "read more",
   promotion and share lines and a closing author signature (kept in ``signature``).

Everything is tuned for Vietnamese pages (``content-detail``, ``fck_detail``, ``sapo``,
``box-related``, ``tin-lien-quan``, "Xem thêm:", "Ảnh: ...") but holds for news pages in
general; ``benchmarks/aeb.py`` measures it against trafilatura.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newscrawl.extraction.htmldoc import drop_keeping_tail, parse_document
from newscrawl.extraction.text import clean_text, split_authors
from newscrawl.extraction.toolkit import image_src

__all__ = ["GenericBody", "extract_body", "extract_body_from_html", "parse_html"]


@dataclass
class GenericBody:
    """Main text of a page.

    ``paragraphs``: paragraphs, sub-headings, list items and table rows in reading order (the
    body for users is ``text``, i.e. ``"\n\n".join(paragraphs)``); ``images``: (src, caption
    or alt text or None) in body order; ``node``: the chosen container, in the cleaned copy of
    the tree (a plain lxml element when the page was parsed by ``extract_body_from_html``);
    ``title``: the headline (the h1 that matches the page title)."""

    paragraphs: list[str] = field(default_factory=list)
    images: list[tuple[str, str | None]] = field(default_factory=list)
    node: etree._Element | None = None
    title: str | None = None
    # author names of a closing signature line dropped from the body ("Minh Thu")
    signature: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# --------------------------------------------------------------------------------------------
# Parsing

def parse_html(html: str | bytes | None) -> etree._Element | None:
    """Parse a page (text, or bytes in whatever charset) into a plain lxml tree; None when
    there is nothing to parse. Decoding is newscrawl.extraction.htmldoc's, shared by every
    layer."""
    return parse_document(html) if html else None


# --------------------------------------------------------------------------------------------
# Vocabulary

# Elements that never carry article text.
_STRIP_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "applet", "canvas", "audio", "video", "source", "track", "map", "area",
    "button", "input", "select", "option", "optgroup", "textarea", "datalist", "label", "link",
    "meta", "head", "title", "base", "dialog", "menu", "menuitem", "marquee", "noembed",
    "portal", "fencedframe", "amp-ad", "amp-embed", "amp-analytics",
)

_INLINE = frozenset((
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "ins", "kbd", "mark", "nobr", "q", "rp", "rt", "ruby", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "picture",
    "abbr", "blink", "o:p", "st1:place", "label",
))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Tags whose text counts as a "paragraph" of the parent container when scoring.
_PARA_TAGS = frozenset(("p", "pre", "td", "li", "dd", "blockquote", "h2", "h3", "h4", "h5",
                        "h6", "dt", "th", "address", "figcaption", "summary"))
_TAG_SCORE = {
    "div": 5, "article": 8, "section": 3, "main": 3, "pre": 3, "td": 3, "blockquote": 3,
    "form": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "address": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}

# Class / id vocabulary.  Attribute values are lower-cased with camelCase split by "-", and
# every pattern must start at a token start (after a non-letter), which keeps matching cheap.
_T = r"(?<![a-z])"
_E = r"(?![a-z])"


def _vocab(*alternatives: str) -> re.Pattern[str]:
    return re.compile(_T + "(?:" + "|".join(alternatives) + ")")


_BOILER = _vocab(
    # comments, related and recirculation boxes
    "comment(?!ary)", "disqus", "binh-?luan", "y-?kien", "related", "relacionad",
    "lien-?quan", "tinlienquan", "tac-?gia", "cung-?chuyen-?muc", "tin-?khac",
    "other-?(?:news|posts)",
    "more-?(?:news|stories|articles|from|on)" + _E, "read-?more", "doc-?them", "xem-?them",
    "recommend", "most-?(?:popular|read|viewed|shared)", "popular-?(?:posts|news)", "trending",
    "also-?read", "next-?(?:post|article|story)" + _E, "prev(?:ious)?-?(?:post|article)",
    # share, social, newsletter, subscription
    "share(?!d)", "sharing", "social", "sociable", "addthis", "follow-?us", "newsletter",
    "subscri", "sign-?(?:up|in)" + _E, "login", "register", "paywall", "rss" + _E,
    # ads and promotions
    "ads?" + _E, "adsbygoogle", "adsense", "ad-?(?:slot|unit|container|wrap|box|zone|holder)",
    "advert", "sponsor", "promo", "outbrain", "taboola", "zergnet", "dfp" + _E, "banner",
    "skyscraper", "leaderboard",
    # page chrome
    "masthead", "sidebar", "side-?bar", "footer", "nav", "menu", "breadcrumb", "pagination",
    "pager" + _E, "toolbar", "tools?" + _E, "cookie", "consent", "gdpr", "modal", "popup",
    "overlay", "lightbox", "skip-?link", "sr-only", "screen-?reader", "visually-?hidden",
    "print-?only", "hidden" + _E, "hide" + _E, "d-none", "invisible" + _E,
    # article metadata
    "tags?" + _E, "tag-?(?:list|cloud|box)", "keywords?" + _E, "byline", "author", "meta" + _E,
    "date" + _E, "dateline", "timestamp", "rating", "vote" + _E, "toc" + _E,
)
_CAPTION = _vocab("caption", "credit", "image-?desc", "img-?desc", "photo-?desc",
                  "exp-?no-?edit", "legend", "wp-?caption")
_EMBED = _vocab("embed", "twitter-tweet", "instagram-media", "tiktok-embed", "fb-post")
_STORY = _vocab(
    "article-?body", "articlebody", "story-?body", "post-?body", "entry-?content",
    "post-?content", "article-?content", "content-?detail", "detail-?content", "fck",
    "main-?content", "article-?text", "story-?content", "body-?text", "noi-?dung",
)
_POSITIVE = _vocab("article", "body", "content", "entry", "hentry", "main", "page", "post",
                   "text", "blog", "story", "detail", "chi-?tiet", "noi-?dung", "fck",
                   "paragraph", "prose", "rich-?text")
_NEGATIVE = _vocab("comment", "combx", "contact", "foot", "masthead", "media", "meta",
                   "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar",
                   "skyscraper", "sponsor", "shopping", "tags" + _E, "tool", "widget", "hidden",
                   "banner", "social", "nav", "menu", "ad" + _E, "advert", "caption", "credit",
                   "byline", "author", "lien-?quan", "tin-?khac", "most-")
_LEAD = _vocab("sapo", "lead" + _E, "standfirst", "summary", "excerpt", "intro" + _E, "dek" + _E,
               "description", "chapeau", "sub-?title", "teaser-?text", "deck" + _E)
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_NORM_CACHE: dict[str, str] = {}
_KIND_CACHE: dict[str, int] = {}
_WEIGHT_CACHE: dict[str, int] = {}

# kinds of boilerplate
_K_NONE, _K_WEAK, _K_STRONG, _K_CAPTION = 0, 1, 2, 3


def _norm(value: str) -> str:
    norm = _NORM_CACHE.get(value)
    if norm is None:
        if len(_NORM_CACHE) > 20000:
            _NORM_CACHE.clear()
        lower = value.lower()
        norm = lower if lower == value else _CAMEL.sub(r"\1-\2", value).lower()
        norm = norm.replace("_", "-")
        _NORM_CACHE[value] = norm
    return norm


def _attr_kind(attrs: str) -> int:
    """Boilerplate kind of a class + id string."""
    kind = _KIND_CACHE.get(attrs)
    if kind is None:
        if len(_KIND_CACHE) > 20000:
            _KIND_CACHE.clear()
        norm = _norm(attrs)
        if _CAPTION.search(norm):
            kind = _K_CAPTION
        elif _EMBED.search(norm):
            kind = _K_NONE  # quoted social posts are part of the story
        elif _BOILER.search(norm):
            kind = _K_WEAK if _STORY.search(norm) else _K_STRONG
        else:
            kind = _K_NONE
        _KIND_CACHE[attrs] = kind
    return kind


def _value_weight(value: str) -> int:
    weight = _WEIGHT_CACHE.get(value)
    if weight is None:
        if len(_WEIGHT_CACHE) > 20000:
            _WEIGHT_CACHE.clear()
        norm = _norm(value)
        weight = 0
        if _NEGATIVE.search(norm) and not _EMBED.search(norm):
            weight -= 25
        if _POSITIVE.search(norm):
            weight += 25
        _WEIGHT_CACHE[value] = weight
    return weight


def _class_weight(el: etree._Element) -> float:
    weight = 0
    cls = el.get("class")
    if cls:
        weight += _value_weight(cls)
    ident = el.get("id")
    if ident:
        weight += _value_weight(ident)
    return float(weight)


_ROLE_NEG = frozenset(("navigation", "banner", "contentinfo", "complementary", "search",
                       "menu", "menubar", "toolbar", "dialog", "alertdialog", "alert", "tablist",
                       "form"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BOILER_TAGS = frozenset(("nav", "footer", "aside", "form", "header", "figcaption", "fieldset"))

# Lines that are never article text (checked on whole short paragraphs).
_BOILER_LINE = re.compile(
    r"^(?:xem thêm|tin liên quan|đọc thêm|bài liên quan|tin cùng chuyên mục|tin khác"
    r"|có thể bạn quan tâm|bạn đọc quan tâm|ý kiến (?:độc giả|bạn đọc)|mã bảo mật|gửi bình luận"
    r"|bình luận|chia sẻ|từ khóa|từ khoá|tags?|in bài|bản in|gửi bài|tin mới(?: nhất)?"
    r"|tin nổi bật|tin (?:đọc|xem) nhiều|đọc nhiều|xem nhiều|tin tức liên quan"
    r"|read more|read next|read also|related(?: articles| stories| posts"
    r"| content| coverage| news| links)?|see also|more from|more on this|more stories"
    r"|recommended(?: for you)?|advertisement|sponsored(?: content)?|share(?: this)?"
    r"(?: article| story| on)?|follow us|sign up|subscribe|leave a (?:comment|reply)"
    r"|post a comment|comments?|click here|you may also like|you might also like"
    r"|also read|trending|most popular|continue reading|watch|listen|loading"
    r"|advert(?:isement)?s?|ad|don'?t miss|tell us what you think|story continues below"
    r"|(?:article|story) continues (?:below|after)|scroll to continue|more|source|sources"
    r"|nguồn)"
    r"\s*(?:[:：»>|–—-]|$)",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^[(\[]?\s*(?:ảnh|nguồn ảnh|ảnh minh họa|ảnh minh hoạ|đồ họa|video|clip|photo|photos"
    r"|photograph|image|images|picture|credit|credits|illustration|graphic|foto|fotos|фото"
    r"|bild|crédit photo|crédits photo)"
    r"(?:\s+(?:credit|courtesy|by|source))?\s*[:：|]",
    re.IGNORECASE,
)
_SOCIAL_LINE = re.compile(r"^(?:facebook|twitter|linkedin|pinterest|whatsapp|email|print"
                          r"|reddit|zalo|copy link)(?:\W+(?:facebook|twitter|linkedin|pinterest"
                          r"|whatsapp|email|print|reddit|zalo|copy link))*\W*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)]\s*$")
_BYLINE = re.compile(
    r"^(?:by|bởi|written by|reporting by|reported by|words by|story by|tác giả)\s*:?\s+"
    r"[\w.'’-]+(?:\s+(?:[\w.'’-]+|and|&|,))*$",
    re.IGNORECASE,
)
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# A date line is made of date words, fillers and numbers, with at least one date word or a
# date/time shape ("Updated 10:48 GMT, Tue Nov 19", "Thứ hai, 18/11/2019 10:20 (GMT+7)").
_DATE_WORDS = _word_set("""
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july
    august september october november december mon tue tues wed thu thur thurs fri sat sun
    monday tuesday wednesday thursday friday saturday sunday am pm utc gmt est edt pst pdt cst
    cdt bst cet cest ict updated update published posted modified ago hours hour minutes minute
    mins min read ngày tháng năm thứ chủ nhật cập lúc đăng giờ phút trước
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre januar
    februar märz juni juli oktober dezember gennaio febbraio aprile maggio giugno luglio
    settembre ottobre dicembre lunes martes miércoles jueves viernes sábado domingo segunda
    terça quarta quinta sexta feira lundi mardi mercredi jeudi vendredi samedi dimanche montag
    dienstag mittwoch donnerstag freitag samstag sonntag uhr publicado actualizado atualizado
    publié veröffentlicht
""")
_DATE_FILLERS = _word_set("""
    a m p h et pt ct ist hrs on at of the this article was and last st nd rd th created date
    time hai ba tư sáu bảy de del às à le um mis jour
""")
_URLISH = re.compile(r"\s*(?:https?://|www\.|@\w|[\w.+-]+@[\w-]+\.\w)", re.IGNORECASE)
_LABEL = re.compile(r"^[^\W\d][\w'’ ]{0,25}:", re.UNICODE)
_PROMO_LINE = re.compile(
    r"click to tweet$|contributed to this (?:report|story|article)\.?$"
    r"|^(?:follow|reach|email|e-mail|contact)\b.{0,100}(?:twitter|facebook|instagram|\s@\w)"
    r"|(?:sign up|subscribe|register)\b.{0,80}\bnewsletters?\b"
    r"|\bnewsletters?\b.{0,80}\b(?:sign up|subscribe)\b",
    re.IGNORECASE,
)
_GALLERY_LINE = re.compile(
    r"^(?:(?:image|photo|picture|slide|ảnh|hình)\s*)?\d+\s*(?:of|/|trên)\s*\d+$", re.IGNORECASE)
_FIGURE_TAGS = frozenset(("div", "figure", "center", "picture"))
# Blocks inside the story that are checked for being boxes (readability's conditional cleaning)
_CLEANED_TAGS = frozenset(("div", "section", "ul", "ol", "table", "aside", "dl", "figure"))
_WORD = re.compile(r"[^\W_]")
_PHOTO_CREDIT_END = re.compile(
    r"[(\[]\s*(?:ảnh|nguồn ảnh|ảnh minh họa|ảnh minh hoạ|photo|image|picture|credit)"
    r"(?:\s*:\s*|\s+by\s+)[^)\]]{1,80}[)\]]\s*\.?$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:copyright|\(c\))\b", re.IGNORECASE)
_DATE_SHAPE = re.compile(r"\d{1,2}[:/.-]\d{1,2}(?:[/.-]\d{2,4})?")
_SIGNATURE_CLASS = _vocab("author", "signature", "byline", "right" + _E, "text-right")
_TEASER_FACTOR = 0.25
_TITLE_REACH = 3
_TITLE_BONUS = 1.5
_COMMAS = (",", "，", "、", "،")


# --------------------------------------------------------------------------------------------
# Small helpers


def _tlen(value: str | None) -> int:
    return len(value.strip()) if value else 0


def _attrs(el: etree._Element) -> str:
    cls = el.get("class")
    ident = el.get("id")
    if cls and ident:
        return cls + " " + ident
    return cls or ident or ""


def _all_text(el: etree._Element) -> str:
    return "".join(el.itertext())


def _inner_text(el: etree._Element) -> str:
    """Text of an element with block boundaries turned into spaces."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag
        if event == "start":
            if isinstance(tag, str) and tag not in _INLINE:
                parts.append(" ")
            if node.text:
                parts.append(node.text)
        else:
            if isinstance(tag, str) and tag not in _INLINE:
                parts.append(" ")
            if node is not el and node.tail:
                parts.append(node.tail)
    return clean_text("".join(parts))


def _word_tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


# --------------------------------------------------------------------------------------------
# The extractor


@dataclass
class _Para:
    text: str
    tag: str
    chars: int
    link_chars: int
    element: etree._Element | None = None


class _Extractor:
    def __init__(self, root: etree._Element, base_url: str | None, copy_tree: bool) -> None:
        self.base_url = base_url
        self.orig_title = self._page_title(root)
        self.doc = copy.deepcopy(root) if copy_tree else root
        self.body: etree._Element = self.doc
        body = self.doc.find(".//body") if self.doc.tag != "body" else self.doc
        if body is not None:
            self.body = body
        self.captions: dict[etree._Element, str] = {}
        self.scores: dict[etree._Element, float] = {}
        self.final: dict[etree._Element, float] = {}
        self.tlen: dict[etree._Element, int] = {}
        self.llen: dict[etree._Element, int] = {}
        self.deep: dict[etree._Element, float] = {}
        self.inline: dict[etree._Element, int] = {}
        self.title_el: etree._Element | None = None
        self.title: str | None = None
        self.signature: list[str] = []

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

    # -- step 1 & 2 -------------------------------------------------------------------------

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

    # -- step 3 ------------------------------------------------------------------------------

    def _score(self) -> etree._Element | None:
        body = self.body
        elements = list(body.iter(etree.Element))
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
        if not scores:
            return None
        self.scores = scores
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
        self.final = final
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

    # -- step 4 ------------------------------------------------------------------------------

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

    def _image(self, img: etree._Element, images: list[tuple[str, str | None]],
               caption: str | None = None) -> int:
        """Record a picture (absolute URL when the page URL is known) with its caption, else
        its alt text.  Returns 0 when it has no usable source, 1 when it has a real caption,
        2 when not (a line right under it may then be its caption)."""
        src = image_src(img, self.base_url)
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
        paras: list[_Para] = []
        images: list[tuple[str, str | None]] = []
        buf: list[str] = []
        state = {"link": 0, "in_link": 0, "img_pending": 0}
        block_stack: list[etree._Element] = []

        def flush() -> None:
            if buf:
                text = clean_text("".join(buf))
                buf.clear()
                if text:
                    block = block_stack[-1] if block_stack else None
                    tag = block.tag if block is not None else "div"
                    if state["img_pending"] and block is not None and _is_caption_line(
                            text, block, state["link"]):
                        # italic / centred line right under a picture: its caption
                        images[-1] = (images[-1][0], text)
                    else:
                        paras.append(_Para(text, tag, len(text), state["link"], block))
                    state["img_pending"] = 0
            state["link"] = 0

        def add(text: str | None) -> None:
            if text:
                buf.append(text)
                if state["in_link"] and not _URLISH.match(text):
                    state["link"] += len(text.strip())

        for root in roots:
            walker = etree.iterwalk(root, events=("start", "end"))
            skipped: set[etree._Element] = set()
            for event, el in walker:
                tag = el.tag
                if not isinstance(tag, str):
                    continue
                if event == "start":
                    if tag == "img":
                        found = self._image(el, images)
                        if found:
                            state["img_pending"] = int(found == 2)
                        continue
                    if tag == "br":
                        flush()
                        continue
                    if tag in _INLINE:
                        if tag == "a":
                            state["in_link"] += 1
                        add(el.text)
                        continue
                    # block element
                    if el is self.title_el or tag == "h1":
                        skipped.add(el)
                        walker.skip_subtree()
                        flush()
                        continue
                    if el is not root and tag in _CLEANED_TAGS and self._is_junk_block(el):
                        skipped.add(el)
                        walker.skip_subtree()
                        flush()
                        paras.append(_Para("", "#skip", 0, 0))  # marks where a box was
                        continue
                    if tag in _FIGURE_TAGS and el is not root:
                        figure_imgs = self._figure_images(el)
                        if figure_imgs:
                            flush()
                            caption = _inner_text(el) or None
                            for img in figure_imgs:
                                self._image(img, images, caption)
                            skipped.add(el)
                            walker.skip_subtree()
                            continue
                    flush()
                    if tag == "table" and self._table(el, paras, images):
                        skipped.add(el)
                        walker.skip_subtree()
                        continue
                    block_stack.append(el)
                    add(el.text)
                else:
                    if tag in _INLINE:
                        if tag == "a":
                            state["in_link"] -= 1
                    elif tag not in ("img", "br") and el not in skipped:
                        flush()
                        block_stack.pop()
                    elif el in skipped:
                        flush()
                    if el is not root:
                        add(el.tail)
            flush()
        return paras, images

    def _figure_images(self, el: etree._Element) -> list[etree._Element]:
        """Images of a block that is only an image (or a few) with a short caption."""
        if self.tlen.get(el, 0) > 250:
            return []
        imgs = list(el.iter("img"))
        if not imgs:
            return []
        for _ in el.iter("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "pre"):
            return []
        return imgs

    def _table(self, table: etree._Element, paras: list[_Para],
               images: list[tuple[str, str | None]]) -> bool:
        """Emit a data table one row per paragraph; False for layout tables."""
        rows = [tr for tr in table.iter("tr")]
        if not rows:
            return False
        for nested in table.iter("table", "ul", "ol", "h2", "h3", "h4", "blockquote"):
            if nested is not table:
                return False
        cells_per_row = [len([c for c in tr if c.tag in ("td", "th")]) for tr in rows]
        if max(cells_per_row) <= 1:
            # A one-column table: layout (or an image with its caption)
            imgs = list(table.iter("img"))
            if imgs and self.tlen.get(table, 0) < 300:
                caption = _inner_text(table) or None
                for img in imgs:
                    self._image(img, images, caption)
                return True
            return False
        for tr in rows:
            cells = [_inner_text(c) for c in tr if c.tag in ("td", "th")]
            cells = [c for c in cells if c]
            if cells:
                text = " | ".join(cells)
                paras.append(_Para(text, "tr", len(text), self.llen.get(tr, 0)))
        for img in table.iter("img"):
            self._image(img, images)
        return True

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
            if words <= 12 and (_BOILER_LINE.match(text) or _SOCIAL_LINE.match(text)):
                continue
            if not _WORD.search(text):
                continue  # separators such as "___" or "* * *"
            if words <= 40 and _PHOTO_CREDIT_END.search(text):
                continue  # a caption ending with its credit: "Lễ hội (Ảnh: TTXVN)"
            if words <= 30 and (_CREDIT_LINE.match(text) or _GALLERY_LINE.match(text)
                                or (words <= 20 and ("©" in text or _COPYRIGHT.match(text)))):
                continue
            if words <= 8 and _BYLINE.match(text) and _capitalised_names(text):
                continue
            if words <= 16 and para.tag != "tr" and _is_dateline(text):
                continue
            if _PROMO_LINE.search(text) and words <= 40:
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
        while out_paras and _is_signature(out_paras[-1]) and len(out_paras) > 1:
            out_paras.pop()
            self.signature[:0] = split_authors(out.pop())
        return out

    def run(self) -> GenericBody:
        self._choose_title()
        self._strip()
        self._prune()
        top = self._score()
        if top is None:
            # nothing paragraph-like: a tiny page keeps whatever text survived the pruning
            if not self.tlen.get(self.body):
                return GenericBody(title=self.title)
            top = self.body
            nodes = [top]
        else:
            nodes = self._siblings(top)
        paras, images = self._collect(nodes)
        paragraphs = self._filter(paras)
        return GenericBody(paragraphs=paragraphs, images=images, node=top, title=self.title,
                           signature=self.signature)


def _is_dateline(text: str) -> bool:
    """A short line made only of date, time and publication words ("Updated 10:48 GMT")."""
    tokens = re.findall(r"\w+", text.lower())
    if not tokens or not any(t.isdigit() for t in tokens):
        return False
    if not all(t in _DATE_WORDS or t in _DATE_FILLERS or t.isdigit() or t[:-2].isdigit()
               for t in tokens):
        return False
    # digits alone (a row of figures) are not a date: want a date word or a date/time shape
    return any(t in _DATE_WORDS for t in tokens) or bool(_DATE_SHAPE.search(text))


def _is_caption_line(text: str, el: etree._Element, link_chars: int) -> bool:
    """Is this line, found right under a picture, the picture's caption?"""
    if link_chars or len(text.split()) > 50:
        return False
    if _PHOTO_CREDIT_END.search(text):
        return True
    # the whole line in italics
    node = el
    for _ in range(3):
        if (node.text or "").strip() or len(node) != 1:
            return False
        child = node[0]
        if (child.tail or "").strip():
            return False
        if child.tag in ("em", "i"):
            return True
        if child.tag not in ("strong", "b", "span", "font"):
            return False
        node = child
    return False


def _is_signature(para: _Para) -> bool:
    """A closing author line: short, capitalised, no sentence punctuation, set apart by
    right alignment or bold type ("<p style='text-align:right'><b>Minh Thu</b></p>")."""
    text = para.text
    words = text.split()
    if not 1 <= len(words) <= 7 or _SENTENCE_END.search(text) or any(c.isdigit() for c in text):
        return False
    names = [w for w in re.split(r"[\s,;&/–—-]+", text) if w and w.lower() not in ("và", "and")]
    if not names or not all(w[0].isupper() for w in names if w[0].isalpha()):
        return False
    el = para.element
    if el is None:
        return False
    style = (el.get("style") or "").replace(" ", "").lower()
    if "text-align:right" in style or (el.get("align") or "").lower() == "right":
        return True
    if _norm(_attrs(el)) and _SIGNATURE_CLASS.search(_norm(_attrs(el))):
        return True
    # the whole line in bold
    if (el.text or "").strip() or len(el) != 1 or el[0].tag not in ("strong", "b"):
        return False
    return not (el[0].tail or "").strip()


def _capitalised_names(text: str) -> bool:
    """'By Phil Helsel' yes, 'by the end of the year' no."""
    words = [w for w in re.split(r"[\s,&]+", text)[1:] if w and w.lower() not in ("and", "by")]
    if words and words[0].endswith(":"):
        words = words[1:]
    return bool(words) and all(w[0].isupper() or not w[0].isalpha() for w in words)


def _run(root: etree._Element, base_url: str | None, copy_tree: bool) -> GenericBody:
    try:
        return _Extractor(root, base_url, copy_tree).run()
    except (RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError,
            etree.LxmlError):
        return GenericBody()


def extract_body(root: lxml.html.HtmlElement | None,
                 base_url: str | None = None) -> GenericBody:
    """Main content of a parsed page (the root element or any element holding the page).

    The input tree is not modified: the extractor cleans a copy, so ``node`` belongs to that
    copy.  ``base_url`` (optional) makes image URLs absolute."""
    if root is None or not isinstance(getattr(root, "tag", None), str):
        return GenericBody()
    return _run(root, base_url, copy_tree=True)


def extract_body_from_html(html: str | bytes | None, url: str | None = None) -> GenericBody:
    """Parse a page and extract its main content; image URLs are made absolute against url
    (or the page's <base href>)."""
    root = parse_html(html)
    if root is None or not isinstance(root.tag, str):
        return GenericBody()
    base = url
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        href = (base_el.get("href") or "").strip()
        if href:
            base = urljoin(url or "", href)
    return _run(root, base, copy_tree=False)
