"""The demo site's pages in the sample template: home, listings, articles, RSS, sitemap
and robots.txt."""

from __future__ import annotations

import html
import math
from datetime import datetime
from email.utils import format_datetime

from newscrawl.devtools.demo_site.articles import (
    _as_vn,
    _esc,
    _slugify,
    _time_text,
    default_now,
    demo_articles,
)
from newscrawl.devtools.demo_site.chrome import (
    _COL_RIGHT,
    _breadcrumb,
    _footer,
    _head,
    _header,
    _section_url,
)
from newscrawl.devtools.demo_site.records import DemoArticle, SitePage
from newscrawl.devtools.demo_site.vocabulary import (
    DEFAULT_START,
    GENERIC_KEYWORDS,
    HTML_TYPE,
    RSS_TYPE,
    SECTIONS,
    SITE,
    SITE_DESCRIPTION,
    SITE_NAME,
    TEXT_TYPE,
    XML_TYPE,
)


class _Renderer:
    """Teaser snippets for one build (meta lines depend on the build's clock)."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._meta: dict[int, str] = {}

    def meta(self, a: DemoArticle) -> str:
        cached = self._meta.get(a.index)
        if cached is None:
            parts = [f'<a class="cate" href="{a.section_url}">{_esc(a.section_name)}</a>']
            if a.byline_authors:
                parts.append(f'<span class="author">{_esc(" - ".join(a.byline_authors))}</span>')
            parts.append(f'<span class="time">{_time_text(a.published_at, self.now)}</span>')
            cached = self._meta[a.index] = '<div class="meta">' + " - ".join(parts) + "</div>"
        return cached

    @staticmethod
    def avatar(a: DemoArticle) -> str:
        return (
            f'<a class="avatar" href="{_esc(a.url)}" title="{_esc(a.title)}">'
            f'<img src="{_esc(a.thumbnail)}" alt="{_esc(a.thumbnail_alt)}" /></a>'
        )

    @staticmethod
    def title_link(a: DemoArticle, tag: str = "h3") -> str:
        return (
            f'<{tag} class="title"><a href="{_esc(a.url)}" title="{_esc(a.title)}">'
            f"{_esc(a.title)}</a></{tag}>"
        )

    def item(
        self, a: DemoArticle, cls: str, *, meta: bool = True, sapo: bool = True,
        picture: bool = True, tag: str = "h3", pad: str = "                ",
    ) -> str:
        lines = [f'{pad}<div class="{cls}">']
        if picture:
            lines.append(f"{pad}    {self.avatar(a)}")
        lines.append(f'{pad}    <div class="info">')
        lines.append(f"{pad}        {self.title_link(a, tag)}")
        if meta:
            lines.append(f"{pad}        {self.meta(a)}")
        if sapo:
            lines.append(f'{pad}        <div class="sapo">{_esc(a.summary)}</div>')
        lines.append(f"{pad}    </div>")
        lines.append(f"{pad}</div>")
        return "\n".join(lines) + "\n"


def _home_page(articles: list[DemoArticle], by_section: dict[str, list[DemoArticle]],
               r: _Renderer) -> str:
    newest = articles[::-1]
    focus, latest = newest[:4], newest[4:12]
    shown = {a.index for a in focus + latest}
    out = [
        _head(
            title=f"{SITE_NAME} - Tin tức dân tộc, miền núi", description=SITE_DESCRIPTION,
            keywords=GENERIC_KEYWORDS, url=f"{SITE}/", og_type="website",
            og_image=f"{SITE}/Content/images/og-default.jpg",
            og_title=f"{SITE_NAME} - Tin tức dân tộc, miền núi",
        ),
        _header(),
        '    <div class="container main home">\n        <div class="col-left">\n',
    ]
    if focus:
        out.append('            <div class="home-focus">\n')
        out.append(r.item(focus[0], "focus-main", tag="h2", pad="                "))
        out.append('                <div class="focus-sub">\n')
        for a in focus[1:]:
            out.append(r.item(a, "item", sapo=False, pad="                    "))
        out.append("                </div>\n            </div>\n")
    if latest:
        out.append('            <div class="box-latest">\n'
                   '                <div class="title-box"><span>Tin mới</span></div>\n')
        for a in latest:
            out.append(r.item(a, "item-news"))
        out.append("            </div>\n")
    for slug, name in SECTIONS:
        items = [a for a in reversed(by_section[slug]) if a.index not in shown][:3]
        if not items:
            continue
        out.append(
            f'            <div class="box-cate" data-cate="{slug}">\n'
            f'                <div class="title-box"><a href="{_section_url(slug)}">'
            f"{_esc(name)}</a></div>\n"
        )
        out.append(r.item(items[0], "item-first"))
        if items[1:]:
            out.append('                <ul class="list-sub">\n')
            for a in items[1:]:
                out.append(
                    '                    <li><div class="item-sub">     <div class="info">'
                    f"         {r.title_link(a)}         {r.meta(a)}     </div> </div></li>\n"
                )
            out.append("                </ul>\n")
        out.append("            </div>\n")
    out.append("        </div>\n")
    out.append(_COL_RIGHT)
    out.append("    </div>\n")
    out.append(_footer())
    return "".join(out)


def _pagination(slug: str, page: int, pages: int) -> str:
    lines = ['            <div class="pagination">', "                <ul>"]
    if page > 1:
        lines.append(
            f'{" " * 20}<li class="prev"><a rel="prev" href="{_section_url(slug, page - 1)}">'
            "« Trang trước</a></li>"
        )
    first = max(1, min(page - 2, pages - 4))
    for p in range(first, min(pages, first + 4) + 1):
        if p == page:
            lines.append(f'                    <li class="active"><span>{p}</span></li>')
        else:
            lines.append(f'                    <li><a href="{_section_url(slug, p)}">{p}</a></li>')
    if page < pages:
        lines.append(
            f'{" " * 20}<li class="next"><a rel="next" href="{_section_url(slug, page + 1)}">'
            "Trang sau »</a></li>"
        )
    lines += ["                </ul>", "            </div>"]
    return "\n".join(lines) + "\n"


def _listing_page(slug: str, name: str, items: list[DemoArticle], page: int, pages: int,
                  r: _Renderer) -> str:
    url = _section_url(slug, page)
    out = [
        _head(
            title=f"{name} - {SITE_NAME}" + (f" - Trang {page}" if page > 1 else ""),
            description=f"Tin tức {name} - {SITE_NAME}", keywords=GENERIC_KEYWORDS, url=url,
            og_type="website", og_image=f"{SITE}/Content/images/og-default.jpg",
            og_title=f"{name} - {SITE_NAME}",
        ),
        _header(),
        '    <div class="container main cate">\n        <div class="col-left">\n',
        '            <div class="breadcrumb"><a href="https://baodantoc.vn/">Trang chủ</a>'
        f'<span class="sep">/</span><a class="cate-name" href="{_section_url(slug)}">'
        f"{_esc(name)}</a></div>\n",
        f'            <h1 class="cate-title">{_esc(name)}</h1>\n',
        '            <div class="list-news">\n',
    ]
    out.extend(r.item(a, "item-news") for a in items)
    out.append("            </div>\n")
    out.append(_pagination(slug, page, pages))
    out.append("        </div>\n")
    out.append(_COL_RIGHT)
    out.append("    </div>\n")
    out.append(_footer())
    return "".join(out)


def _article_page(a: DemoArticle, related: list[DemoArticle], featured: list[DemoArticle],
                  r: _Renderer) -> str:
    og_image = a.images[0][0] if a.images else a.thumbnail
    byline = f'<span class="time">{a.published_raw}</span>'
    if a.byline_authors:
        byline = f'<span class="author">{_esc(" - ".join(a.byline_authors))}</span> - {byline}'
    out = [
        _head(
            title=f"{a.title} - {SITE_NAME}", description=a.summary,
            keywords=", ".join(a.tags) if a.tags else GENERIC_KEYWORDS, url=a.url,
            og_type="article", og_image=og_image, og_title=a.title,
        ),
        _header(),
        '    <div class="container main">\n        <div class="col-left">\n',
        '            <div class="breadcrumb">\n'
        f"                {_breadcrumb(a.section_slug, a.section_name)}\n"
        "            </div>\n",
        f'            <div class="detail" id="detail" data-id="{a.article_id}">\n',
        f'                <h1 class="title-detail">{_esc(a.title)}</h1>\n',
        f'                <div class="author-detail">{byline}</div>\n',
        '                <div class="social-share">\n'
        '                    <a class="share-fb" href="https://www.facebook.com/sharer/sharer.php'
        f'?u={_esc(a.url)}" target="_blank" rel="nofollow" title="Chia sẻ Facebook">'
        '<i class="icon-facebook"></i></a>\n'
        '                    <a class="share-zalo" href="javascript:void(0)" '
        f'data-href="{_esc(a.url)}" title="Chia sẻ Zalo"><i class="icon-zalo"></i></a>\n'
        '                    <a class="print" href="javascript:window.print()" title="In bài viết">'
        '<i class="icon-print"></i></a>\n'
        "                </div>\n",
        f'                <div class="sapo-detail">{_esc(a.summary)}</div>\n',
        f'                <div class="content-detail" id="contentDetail">{a.content_html}</div>\n',
    ]
    if a.tags:
        tag_links = "".join(
            f'<a href="{SITE}/tag/{_slugify(t)}.htm" title="{_esc(t)}">{_esc(t)}</a>'
            for t in a.tags
        )
        out.append(
            '                    <div class="detail-tags"><span class="tag-label">Từ khóa:</span> '
            f"{tag_links}</div>\n"
        )
    out.append("            </div>\n")
    out.append(
        '            <div class="box-comment" id="boxComment">\n'
        '                <div class="title-box-comment">Ý kiến độc giả</div>\n'
        f'                <form id="frmComment" method="post" action="{SITE}/Comment/Post" '
        'onsubmit="return sendComment(this);">\n'
        f'                    <input type="hidden" name="NewsId" value="{a.article_id}" />\n'
        '                    <textarea name="Content" rows="4" '
        'placeholder="Nội dung ý kiến của bạn"></textarea>\n'
        '                    <div class="row-input"><input type="text" name="FullName" '
        'placeholder="Họ và tên" /><input type="email" name="Email" placeholder="Email" /></div>\n'
        '                    <div class="captcha"><label for="txtCaptcha">Mã bảo mật</label> '
        '<input type="text" id="txtCaptcha" name="Captcha" maxlength="5" /> '
        f'<img src="{SITE}/Captcha/Get?id={a.article_id}" alt="" /> '
        '<a href="javascript:void(0)" class="reload-captcha" title="Đổi mã">'
        '<i class="icon-refresh"></i></a></div>\n'
        '                    <button type="submit" class="btn-send"><i class="icon-send"></i>'
        "</button>\n"
        "                </form>\n"
        "            </div>\n"
    )
    if related:
        out.append(
            '            <div class="box-related">\n'
            '                <div class="title-box"><span>Tin cùng chuyên mục</span></div>\n'
            '                <div class="list-related">\n'
        )
        out.extend(r.item(x, "item-related", meta=False) for x in related)
        out.append("                </div>\n            </div>\n")
    if featured:
        out.append(
            '            <div class="box-featured">\n'
            '                <div class="title-box"><span>Tin nổi bật trang chủ</span></div>\n'
            '                <div class="list-featured">\n'
        )
        out.extend(r.item(x, "item-featured") for x in featured)
        out.append("                </div>\n            </div>\n")
    out.append("        </div>\n")
    out.append(_COL_RIGHT)
    out.append("    </div>\n")
    out.append(
        _footer(
            f"        var newsId = {a.article_id}, msgCaptcha = 'Vui lòng nhập Mã bảo mật';\n"
        )
    )
    return "".join(out)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rss(articles: list[DemoArticle], now: datetime, name: str = "Trang chủ",
         path: str = "/rss/home.rss") -> str:
    items = []
    for a in articles[::-1][:10]:
        description = (
            f'<a href="{_esc(a.url)}"><img src="{_esc(a.thumbnail)}" width="180" height="120" '
            f'alt="" /></a>{html.escape(a.summary, quote=False)}'
        )
        items.append(
            "    <item>\n"
            f"      <title>{_cdata(a.title)}</title>\n"
            f"      <link>{_esc(a.url)}</link>\n"
            f'      <guid isPermaLink="true">{_esc(a.url)}</guid>\n'
            f"      <description>{_cdata(description)}</description>\n"
            f"      <pubDate>{format_datetime(a.published_at)}</pubDate>\n"
            "    </item>\n"
        )
    build_date = format_datetime(now.replace(second=0, microsecond=0))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        "  <channel>\n"
        f"    <title>{SITE_NAME} - {html.escape(name, quote=False)}</title>\n"
        f"    <link>{SITE}/</link>\n"
        f"    <description>Tin tức mới nhất từ {SITE_NAME}</description>\n"
        "    <language>vi-VN</language>\n"
        f"    <copyright>{SITE_NAME}</copyright>\n"
        f"    <lastBuildDate>{build_date}</lastBuildDate>\n"
        f'    <atom:link href="{SITE}{path}" rel="self" type="application/rss+xml" />\n'
        f"    <image><url>{SITE}/Content/images/logo.png</url><title>{SITE_NAME}</title>"
        f"<link>{SITE}/</link></image>\n"
        + "".join(items)
        + "  </channel>\n</rss>\n"
    )


def _feed_index_page() -> str:
    feeds = [("Trang chủ", "/rss/home.rss")] + [(name, f"/rss/{slug}.rss")
                                                  for slug, name in SECTIONS]
    items = "".join(f'<li><a href="{SITE}{path}">{html.escape(name)}</a></li>'
                    for name, path in feeds)
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8" />'
            f"<title>RSS - {SITE_NAME}</title></head><body>"
            f'<h1>RSS</h1><ul class="rss-list">{items}</ul></body></html>\n')


def _sitemap(articles: list[DemoArticle], by_section: dict[str, list[DemoArticle]],
             now: datetime) -> str:
    def entry(loc: str, lastmod: datetime, freq: str, priority: str) -> str:
        return (
            f"  <url>\n    <loc>{_esc(loc)}</loc>\n"
            f"    <lastmod>{lastmod.replace(second=0, microsecond=0).isoformat()}</lastmod>\n"
            f"    <changefreq>{freq}</changefreq>\n    <priority>{priority}</priority>\n  </url>\n"
        )

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n',
        entry(f"{SITE}/", now, "hourly", "1.0"),
    ]
    for slug, _name in SECTIONS:
        items = by_section[slug]
        parts.append(entry(_section_url(slug), items[-1].published_at if items else now,
                           "hourly", "0.8"))
    parts.extend(entry(a.url, a.published_at, "monthly", "0.6") for a in articles)
    parts.append("</urlset>\n")
    return "".join(parts)


ROBOTS_TXT = """User-agent: *
Disallow: /Admin/
Disallow: /Comment/
Disallow: /Captcha/
Disallow: /tim-kiem.htm
Allow: /

Sitemap: https://baodantoc.vn/sitemap.xml
"""


def build_site(
    n_articles: int = 15, *, per_page: int = 5, now: datetime | None = None,
    start: datetime = DEFAULT_START,
) -> dict[str, SitePage]:
    """Every page of a fake baodantoc.vn holding ``n_articles`` articles, keyed by URL path.

    Keys: ``/``, ``/<section>-p<N>.htm``, ``/<slug>-<id>.htm``, ``/rss/home.rss``,
    ``/sitemap.xml``, ``/robots.txt``. ``now`` is the clock relative times are computed
    against (default :func:`default_now`); serve pages with it as the HTTP ``Date``.
    ``start`` is the first article's publication time.
    """
    if per_page < 1:
        raise ValueError("per_page must be >= 1")
    articles = demo_articles(n_articles, start=start)
    now = _as_vn(now) if now is not None else default_now(n_articles, start=start)
    r = _Renderer(now)
    by_section: dict[str, list[DemoArticle]] = {slug: [] for slug, _ in SECTIONS}
    for a in articles:
        by_section[a.section_slug].append(a)

    def html_page(text: str) -> SitePage:
        return SitePage(text.encode("utf-8"), HTML_TYPE)

    site: dict[str, SitePage] = {"/": html_page(_home_page(articles, by_section, r))}

    for slug, name in SECTIONS:
        newest_first = by_section[slug][::-1]
        pages = max(1, math.ceil(len(newest_first) / per_page))
        for page in range(1, pages + 1):
            chunk = newest_first[(page - 1) * per_page: page * per_page]
            site[f"/{slug}-p{page}.htm"] = html_page(
                _listing_page(slug, name, chunk, page, pages, r)
            )

    position = {a.index: i for items in by_section.values() for i, a in enumerate(items)}
    top = articles[::-1][:7]
    for a in articles:
        same = by_section[a.section_slug]
        i = position[a.index]
        # Nearest older articles of the section first, then newer ones.
        related = (same[max(0, i - 3): i][::-1] + same[i + 1: i + 4])[:3]
        featured = [x for x in top if x.index != a.index][:6]
        site[a.path] = html_page(_article_page(a, related, featured, r))

    site["/rss/home.rss"] = SitePage(_rss(articles, now).encode("utf-8"), RSS_TYPE)
    # One feed per section, listed on /rss.htm (linked from every page's header).
    for slug, name in SECTIONS:
        path = f"/rss/{slug}.rss"
        site[path] = SitePage(_rss(by_section[slug], now, name, path).encode("utf-8"), RSS_TYPE)
    site["/rss.htm"] = html_page(_feed_index_page())
    site["/sitemap.xml"] = SitePage(_sitemap(articles, by_section, now).encode("utf-8"), XML_TYPE)
    site["/robots.txt"] = SitePage(ROBOTS_TXT.encode("utf-8"), TEXT_TYPE)
    return site

