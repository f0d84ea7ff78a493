"""What the generic extractor recognises: tag and class-name vocabularies, the line
rules (boilerplate, credits, datelines, captions, signatures) and text measures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from newscrawl.extraction.lines import PHOTO_CREDIT_END
from newscrawl.extraction.text import clean_text
from newscrawl.extraction.toolkit import is_caption_block

# Elements that never carry article text.
_STRIP_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "applet", "canvas", "audio", "video", "track", "map", "area",
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


_FIGURE_TAGS = frozenset(("div", "figure", "center", "picture"))


# Blocks inside the story that are checked for being boxes (readability's conditional cleaning)
_CLEANED_TAGS = frozenset(("div", "section", "ul", "ol", "table", "aside", "dl", "figure"))


_WORD = re.compile(r"[^\W_]")


_DATE_SHAPE = re.compile(r"\d{1,2}[:/.-]\d{1,2}(?:[/.-]\d{2,4})?")


_SIGNATURE_CLASS = _vocab("author", "signature", "byline", "right" + _E, "text-right")


_TEASER_FACTOR = 0.25


_TITLE_REACH = 3


_TITLE_BONUS = 1.5


_COMMAS = (",", "，", "、", "،")


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


@dataclass
class _Para:
    text: str
    tag: str
    chars: int
    link_chars: int
    element: etree._Element | None = None


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
    if PHOTO_CREDIT_END.search(text):
        return True
    return is_caption_block(el, text)  # italic, centred or caption-classed: every layer's rule


def _capitalised_names(text: str) -> bool:
    """'By Phil Helsel' yes, 'by the end of the year' no."""
    words = [w for w in re.split(r"[\s,&]+", text)[1:] if w and w.lower() not in ("and", "by")]
    if words and words[0].endswith(":"):
        words = words[1:]
    return bool(words) and all(w[0].isupper() or not w[0].isalpha() for w in words)

