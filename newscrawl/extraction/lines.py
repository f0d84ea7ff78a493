"""Line rules every extraction layer applies to the paragraphs of a body, one rule each:
lines that are never article text (labels such as "Xem thêm:", photo credits, share bars,
promotions, gallery counters, copyright lines) and the closing author signature."""

from __future__ import annotations

import re

from newscrawl.extraction.text import clean_text, strip_author_prefix
from newscrawl.extraction.toolkit import HtmlElement, is_name_word
from newscrawl.sites.baodantoc import BOILERPLATE_LABELS

# "Xem thêm: ...", "Ảnh: ...": the site's labels open a line that is never article text,
# however long it is.
LABEL_LINE = re.compile(
    r"^[\(\[>»•\s]*(?:" + "|".join(re.escape(label).replace(r"\ ", r"\s+")
                                 for label in BOILERPLATE_LABELS) + r")\s*[:：]",
    re.IGNORECASE,
)
# Lines that are never article text (checked on whole short paragraphs).
BOILER_LINE = re.compile(
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
CREDIT_LINE = re.compile(
    r"^[(\[]?\s*(?:ảnh|nguồn ảnh|ảnh minh họa|ảnh minh hoạ|đồ họa|video|clip|photo|photos"
    r"|photograph|image|images|picture|credit|credits|illustration|graphic|foto|fotos|фото"
    r"|bild|crédit photo|crédits photo)"
    r"(?:\s+(?:credit|courtesy|by|source))?\s*[:：|]",
    re.IGNORECASE,
)
SOCIAL_LINE = re.compile(r"^(?:facebook|twitter|linkedin|pinterest|whatsapp|email|print"
                          r"|reddit|zalo|copy link)(?:\W+(?:facebook|twitter|linkedin|pinterest"
                          r"|whatsapp|email|print|reddit|zalo|copy link))*\W*$", re.IGNORECASE)
PROMO_LINE = re.compile(
    r"click to tweet$|contributed to this (?:report|story|article)\.?$"
    r"|^(?:follow|reach|email|e-mail|contact)\b.{0,100}(?:twitter|facebook|instagram|\s@\w)"
    r"|(?:sign up|subscribe|register)\b.{0,80}\bnewsletters?\b"
    r"|\bnewsletters?\b.{0,80}\b(?:sign up|subscribe)\b",
    re.IGNORECASE,
)
GALLERY_LINE = re.compile(
    r"^(?:(?:image|photo|picture|slide|ảnh|hình)\s*)?\d+\s*(?:of|/|trên)\s*\d+$", re.IGNORECASE)
PHOTO_CREDIT_END = re.compile(
    r"[(\[]\s*(?:ảnh|nguồn ảnh|ảnh minh họa|ảnh minh hoạ|photo|image|picture|credit)"
    r"(?:\s*:\s*|\s+by\s+)[^)\]]{1,80}[)\]]\s*\.?$", re.IGNORECASE)
COPYRIGHT = re.compile(r"^(?:copyright|\(c\))\b", re.IGNORECASE)


def is_boilerplate_line(text: str) -> bool:
    """A paragraph that is never article text: a labelled line, a short "read more",
    comment or share line, a photo credit, a gallery counter, a copyright or promotion."""
    if LABEL_LINE.match(text):
        return True
    words = text.count(" ") + 1  # paragraphs are cleaned: one space between words
    if words > 40:
        return False  # a paragraph of article length is never one of these lines
    if words <= 12 and (BOILER_LINE.match(text) or SOCIAL_LINE.match(text)):
        return True
    if words <= 40 and (PHOTO_CREDIT_END.search(text) or PROMO_LINE.search(text)):
        return True  # a caption ending with its credit: "Lễ hội (Ảnh: TTXVN)"
    return words <= 30 and bool(
        CREDIT_LINE.match(text) or GALLERY_LINE.match(text)
        or (words <= 20 and ("©" in text or COPYRIGHT.match(text))))


_SIGNATURE_END = re.compile(r"[.!?:;…\"”’»]$")
_SIGNATURE_HINT = re.compile(r"author|signature|byline|(?<![a-z])right(?![a-z])|text-right",
                             re.IGNORECASE)


def is_signature(element: HtmlElement | None, text: str) -> bool:
    """A closing author line: a few name-shaped words ("Hoàng Thu Trang", "Bài và ảnh: Minh
    Anh", "Thu Hà (TTXVN)", "Reuters/AP"), no sentence punctuation or digits, set apart by
    right alignment, an author-like class, or type that is all bold or italic."""
    words = [w for w in re.split(r"[\s/]+", strip_author_prefix(text)) if w]
    if not words or len(words) > 8 or len(text) > 70 or _SIGNATURE_END.search(text) \
            or any(c.isdigit() for c in text):
        return False
    if element is None or not all(is_name_word(word) for word in words):
        return False
    style = (element.get("style") or "").replace(" ", "").lower()
    if "text-align:right" in style or (element.get("align") or "").lower() == "right":
        return True
    if _SIGNATURE_HINT.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
        return True
    emphasised = "".join("".join(e.itertext()) for e in element.iter("strong", "b", "em", "i")
                         if e is not element)
    return clean_text(emphasised) == text
