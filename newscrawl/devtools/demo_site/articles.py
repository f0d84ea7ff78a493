"""Articles of the demo site, each drawn from its own random.Random(index), so article i
is the same whatever the number of articles asked for."""

from __future__ import annotations

import html
import random
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from urllib.parse import quote

from newscrawl.devtools.demo_site.records import DemoArticle, _abs_time
from newscrawl.devtools.demo_site.vocabulary import (
    ACTIVITIES,
    ARTS,
    AUTHORS,
    BENEFITS,
    CAPTIONS,
    COMMUNES,
    CRAFTS,
    CROPS,
    DEFAULT_START,
    ETHNIC,
    FESTIVALS,
    HEADINGS,
    IMAGES,
    PEOPLE,
    PHOTO_FOLDERS,
    POLICIES,
    PROVINCES,
    PUBLISH_STEP_MINUTES,
    ROLES,
    SECTION_SENTENCES,
    SECTIONS,
    SENTENCES,
    SITE,
    SUMMARY_CLOSERS,
    SUMMARY_OPENERS,
    TITLES,
    VILLAGES,
    VN_TZ,
)

_NON_SLUG = re.compile(r"[^a-z0-9]+")


_NBSP_SPOT = re.compile(r"(\d) (triệu|tỷ|km|hộ|học|suất|lớp|đợt)")


def _slugify(text: str) -> str:
    """ASCII slug as the site builds it: 'Quảng Lâm: Hơn 3.200 hộ' -> 'quang-lam-hon-3-200-ho'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_SLUG.sub("-", text).strip("-")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _vn_int(value: int) -> str:
    """1236 -> '1.236' (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def _time_text(published: datetime, now: datetime) -> str:
    """'N phút trước' / 'N giờ trước' within 24 hours before ``now``, else 'HH:MM, DD/MM/YYYY'."""
    minutes = int((now - published).total_seconds() // 60)
    if 1 <= minutes < 60:
        return f"{minutes} phút trước"
    if 60 <= minutes < 24 * 60:
        return f"{minutes // 60} giờ trước"
    return _abs_time(published)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _as_vn(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ)


def _image_dir(dt: datetime, folder: str) -> str:
    month = quote(f"Tháng {dt.month}")
    day = quote(f"Ngày_{dt.day:02d}")
    return f"{IMAGES}/{dt.year}/{month}/{day}/{folder}"


def _published_at(index: int, start: datetime) -> datetime:
    """Publication time of article ``index``: every 37 minutes plus 0-5 minutes of jitter."""
    jitter = random.Random(index).randrange(6)  # first draw of the article's own generator
    return start + timedelta(minutes=PUBLISH_STEP_MINUTES * index + jitter)


def _start_minute(start: datetime) -> datetime:
    return _as_vn(start).replace(second=0, microsecond=0)


def default_now(n_articles: int, *, start: datetime = DEFAULT_START) -> datetime:
    """The clock :func:`build_site` uses by default: newest article's time + 2 hours.

    Serve the pages with this as the HTTP ``Date`` so that relative times resolve correctly.
    """
    start = _start_minute(start)
    if n_articles <= 0:
        return start
    return _published_at(n_articles - 1, start) + timedelta(hours=2)


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values)


def _values(rng: random.Random, base: dict[str, str]) -> dict[str, str]:
    """Fresh numbers for one sentence, over the article's fixed names."""
    values = dict(base)
    values.update(
        n=str(rng.randint(12, 480)),
        nbig=_vn_int(rng.randint(11, 52) * 100),
        ns=str(rng.randint(2, 19)),
        ns2=str(rng.randint(2, 9)),
        n5=str(rng.randint(3, 5)),
        nm=str(rng.randint(1, 5)),
        nm2=str(rng.randint(25, 60)),
        nkm=str(rng.randint(15, 40)),
        pct=f"{rng.randint(2, 48)},{rng.randint(1, 9)}%",
        money=f"{rng.randint(2, 95)},{rng.randint(1, 9)} tỷ đồng",
        person=rng.choice(PEOPLE),
    )
    values["role"] = rng.choice(ROLES).format_map(values)
    return values


def _paragraph_html(text: str, rng: random.Random) -> str:
    """Render one body paragraph with the site's quirks (entities, &nbsp;, wrapped source)."""
    s = _esc(text)
    if rng.random() < 0.5:
        s = s.replace("“", "&ldquo;").replace("”", "&rdquo;")
    if rng.random() < 0.35:
        s = _NBSP_SPOT.sub(r"\1&nbsp;\2", s, count=1)
    if rng.random() < 0.1 and ", " in s[:80]:
        cut = s.index(", ")
        s = f"<strong>{s[:cut]}</strong>{s[cut:]}"
    if rng.random() < 0.2 and len(s) > 120:
        mid = s.find(" ", len(s) // 2)
        if mid > 0:
            s = s[:mid] + "\n" + " " * 48 + s[mid + 1:]
    if rng.random() < 0.12:
        s += "&nbsp;"
    style = ' style="text-align: justify;"' if rng.random() < 0.7 else ""
    return f"<p{style}>{s}</p>"


def _table(rng: random.Random, base: dict[str, str]) -> tuple[str, list[list[str]]]:
    """A small statistics table: (lead-in sentence, rows including the header row)."""
    places = rng.sample(COMMUNES, rng.randint(3, 5))
    if rng.random() < 0.5:
        header = ["Xã", "Số hộ được hỗ trợ", "Kinh phí (triệu đồng)"]
        rows = [[p, rng.randint(80, 480)] for p in places]
        body = [[p, _vn_int(h), _vn_int(h * 3)] for p, h in rows]
        total = sum(h for _, h in rows)
        body.append(["Tổng", _vn_int(total), _vn_int(total * 3)])
        lead = "Kết quả thực hiện tại một số xã vùng cao như sau:"
    else:
        header = ["Địa phương", "Số lớp", "Số học viên"]
        body = [[f"Xã {p}", str(rng.randint(2, 9)), str(rng.randint(30, 260))] for p in places]
        lead = _fill("Số liệu cụ thể tại các xã của tỉnh {P} như sau:", base)
    return lead, [header, *body]


def _table_html(rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in rows[0])
    body = "\n".join(
        " " * 32 + "<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>"
        for row in rows[1:]
    )
    return (
        '<table class="table-data" border="1" cellpadding="5" cellspacing="0" style="width:100%">\n'
        f"                            <thead><tr>{head}</tr></thead>\n"
        "                            <tbody>\n"
        f"{body}\n"
        "                            </tbody>\n"
        "                        </table>"
    )


def _figure(
    rng: random.Random, base: dict[str, str], directory: str, number: int
) -> tuple[str, tuple[str, str | None]]:
    """One <figure>: (html, (url, expected caption)). Captions: 60% figcaption, 30% alt only."""
    values = dict(base)
    values["act"] = rng.choice(ACTIVITIES).format_map(values)
    caption = _nfc(rng.choice(CAPTIONS).format_map(values))
    alt = _nfc(f"Đồng bào {values['E']} {values['act']}")
    url = f"{directory}/{_slugify(caption)[:48].rstrip('-')}-{number}.jpg"
    roll = rng.random()
    if roll < 0.6:
        shown_alt, figcaption, expected = alt, caption, caption
    elif roll < 0.9:
        shown_alt, figcaption, expected = caption, None, caption
    else:
        shown_alt, figcaption, expected = "", None, None
    parts = [
        '<figure class="image">',
        f'                            <img src="{_esc(url)}" alt="{_esc(shown_alt)}" '
        'width="800" height="533" />',
    ]
    if figcaption is not None:
        parts.append(f"                            <figcaption>{_esc(figcaption)}</figcaption>")
    parts.append("                        </figure>")
    return "\n".join(parts), (url, expected)


def _make_article(
    index: int, start: datetime, earlier: Sequence[DemoArticle], seen_titles: set[str]
) -> DemoArticle:
    # One generator per article, drawn from in a fixed order (the helpers below in turn).
    rng = random.Random(index)
    published, article_id, (section_slug, section_name) = _identity(rng, index, start)
    base = _base_values(rng, published)
    title = _unique_title(rng, base, section_slug, seen_titles, index)
    slug = _slugify(title)
    summary = _fill(rng.choice(SUMMARY_OPENERS), _values(rng, base))
    closer = rng.choice(SUMMARY_CLOSERS)
    summary = _nfc(f"{summary} {closer}".strip())
    # Authors; every sixth article signs its last paragraph instead of a byline.
    signed = index % 6 == 4
    authors = rng.sample(AUTHORS, 2) if rng.random() < 0.3 else [rng.choice(AUTHORS)]
    if signed:
        authors = authors[:1]
    blocks = _body_blocks(rng, base, section_slug, index)
    directory = _image_dir(published, rng.choice(PHOTO_FOLDERS))
    images = _place_figures(rng, base, directory, blocks)
    see_also = _place_see_also(rng, earlier, index, blocks)
    signature = authors[0] if signed else None
    paragraphs, content_html = _render_body(blocks, signature, rng)
    # Tags: 0-4 (about 30% of articles have none).
    tag_pool = [
        base["P"], f"Đồng bào {base['E']}", section_name, base["C"], "Người có uy tín",
        "Giảm nghèo bền vững", "Chương trình mục tiêu quốc gia", "Bảo tồn văn hóa",
    ]
    tags = [] if rng.random() < 0.3 else rng.sample(tag_pool, rng.randint(1, 4))
    if images and rng.random() < 0.4:
        thumbnail = images[0][0]
    else:
        thumbnail = f"{directory}/{slug[:44].rstrip('-')}-thumb.jpg"
    thumbnail_alt = title if rng.random() < 0.8 else (images[0][1] or title) if images else title
    return DemoArticle(
        index=index, article_id=article_id, slug=slug, url=f"{SITE}/{slug}-{article_id}.htm",
        section_slug=section_slug, section_name=section_name, title=title, summary=summary,
        paragraphs=paragraphs, authors=authors, published_at=published,
        tags=[_nfc(t) for t in tags], images=images, signature=signature, see_also=see_also,
        thumbnail=thumbnail, thumbnail_alt=thumbnail_alt, content_html=content_html,
    )


def _identity(rng: random.Random, index: int, start: datetime
              ) -> tuple[datetime, str, tuple[str, str]]:
    """(publication time, article id, section) of article `index`."""
    jitter = rng.randrange(6)  # must stay the first draw (see _published_at)
    published = start + timedelta(minutes=PUBLISH_STEP_MINUTES * index + jitter)
    # Id: "creation" time 2-25 minutes before publication, in ms. Publications are >= 32 minutes
    # apart, so ids strictly increase with index (hence unique).
    created_s = int(published.timestamp()) - rng.randint(2, 25) * 60 - rng.randrange(60)
    article_id = f"{(created_s * 1000 + rng.randrange(1000)) % 10**13:013d}"
    n_sections = len(SECTIONS)
    section_no = index % n_sections if rng.random() < 0.8 else rng.randrange(n_sections)
    return published, article_id, SECTIONS[section_no]


def _base_values(rng: random.Random, published: datetime) -> dict[str, str]:
    """The place, people and topic one article is about (its templates' placeholders)."""
    return {
        "P": rng.choice(PROVINCES),
        "C": rng.choice(COMMUNES),
        "V": rng.choice(VILLAGES),
        "E": rng.choice(ETHNIC),
        "F": rng.choice(FESTIVALS),
        "K": rng.choice(CRAFTS),
        "R": rng.choice(CROPS),
        "A": rng.choice(ARTS),
        "B": rng.choice(BENEFITS),
        "POL": rng.choice(POLICIES),
        "Y0": str(published.year - 1),
        "Y1": str(published.year + 1),
        "dm": f"{published.day}/{published.month}",
    }


def _unique_title(rng: random.Random, base: dict[str, str], section_slug: str,
                  seen_titles: set[str], index: int) -> str:
    """A title no earlier article has (retried with fresh draws; article i depends only on
    articles < i)."""
    title = ""
    for _attempt in range(40):
        values = _values(rng, base)
        values.update(
            P=rng.choice(PROVINCES), C=rng.choice(COMMUNES), E=rng.choice(ETHNIC),
            V=rng.choice(VILLAGES),
        )
        title = _nfc(_fill(rng.choice(TITLES[section_slug]), values))
        if title not in seen_titles:
            base.update(P=values["P"], C=values["C"], E=values["E"], V=values["V"])
            break
    else:
        title = f"{title} (kỳ {index + 1})"
    seen_titles.add(title)
    return title


def _body_blocks(rng: random.Random, base: dict[str, str], section_slug: str, index: int
                 ) -> list[tuple[str, object]]:
    """Blocks: ("p", text) ("h2", text) ("table", rows) ("fig", html) ("xem", html)."""
    bank = SENTENCES + SECTION_SENTENCES[section_slug]
    n_par = rng.randint(3, 8)
    order = rng.sample(range(len(bank)), len(bank))
    texts: list[str] = []
    pos = 0
    for _ in range(n_par):
        k = rng.randint(1, 3)
        picked = [bank[order[(pos + j) % len(bank)]] for j in range(k)]
        sentences = [_fill(template, _values(rng, base)) for template in picked]
        pos += k
        texts.append(_nfc(" ".join(sentences)))
    blocks: list[tuple[str, object]] = [("p", t) for t in texts]
    if index % 3 == 0:
        blocks.insert(max(1, len(texts) // 2), ("h2", rng.choice(HEADINGS)))
    if index % 5 == 2:
        lead, rows = _table(rng, base)
        at = min(2, len(blocks))
        blocks[at:at] = [("p", lead), ("table", rows)]
    return blocks


def _place_figures(rng: random.Random, base: dict[str, str], directory: str,
                   blocks: list[tuple[str, object]]) -> list[tuple[str, str | None]]:
    """0-3 figures inserted among the blocks; their (URL, caption)."""
    n_fig = rng.choice([0, 1, 1, 2, 2, 3])
    fig_slots = sorted(rng.randint(1, len(blocks)) for _ in range(n_fig))
    figures = [_figure(rng, base, directory, no + 1) for no in range(n_fig)]
    for offset, (slot, fig) in enumerate(zip(fig_slots, figures, strict=True)):
        blocks.insert(slot + offset, ("fig", fig[0]))
    return [fig[1] for fig in figures]


def _place_see_also(rng: random.Random, earlier: Sequence[DemoArticle], index: int,
                    blocks: list[tuple[str, object]]) -> list[str]:
    """Every fourth article links an earlier one in a "Xem thêm:" line (never body text)."""
    if index % 4 != 1 or not earlier:
        return []
    target = earlier[rng.randrange(len(earlier))]
    link = f'<a href="{_esc(target.url)}"'
    if rng.random() < 0.5:
        xem = f'<p><strong>Xem thêm:</strong> {link} target="_blank">{_esc(target.title)}</a></p>'
    else:
        xem = (f'<p style="text-align: left;"><em>Xem thêm: {link}>{_esc(target.title)}</a>'
               "</em></p>")
    blocks.insert(rng.randint(1, len(blocks)), ("xem", xem))
    return [target.url]


def _render_body(blocks: list[tuple[str, object]], signature: str | None,
                 rng: random.Random) -> tuple[list[str], str]:
    """(the body paragraphs a correct extractor outputs, the content element's HTML)."""
    paragraphs: list[str] = []
    html_parts: list[str] = []
    for kind, payload in blocks:
        if kind == "p":
            assert isinstance(payload, str)
            paragraphs.append(payload)
            html_parts.append(_paragraph_html(payload, rng))
        elif kind == "h2":
            assert isinstance(payload, str)
            paragraphs.append(payload)
            html_parts.append(f"<h2>{_esc(payload)}</h2>")
        elif kind == "table":
            assert isinstance(payload, list)
            paragraphs.extend(" | ".join(row) for row in payload)
            html_parts.append(_table_html(payload))
        else:  # "fig" / "xem": ready-made HTML
            assert isinstance(payload, str)
            html_parts.append(payload)
    if signature:
        html_parts.append(f'<p style="text-align: right;"><strong>{_esc(signature)}</strong></p>')
    indent = "\n                        "
    return paragraphs, indent + indent.join(html_parts) + "\n                "


def demo_articles(n_articles: int, *, start: datetime = DEFAULT_START) -> list[DemoArticle]:
    """The first ``n_articles`` articles, oldest first (index 0 is published at ``start``).

    Deterministic and prefix-stable: article ``i`` is identical whatever ``n_articles`` is.
    Articles go round-robin-ish over :data:`SECTIONS`, one every ~37 minutes.
    """
    if n_articles < 0:
        raise ValueError("n_articles must be >= 0")
    start = _start_minute(start)
    articles: list[DemoArticle] = []
    seen: set[str] = set()
    for index in range(n_articles):
        articles.append(_make_article(index, start, articles, seen))
    return articles

