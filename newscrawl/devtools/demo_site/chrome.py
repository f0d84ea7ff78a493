"""The chrome every demo page shares: head, header with its stale clock, footer, breadcrumb."""

from __future__ import annotations

from newscrawl.devtools.demo_site.articles import _esc
from newscrawl.devtools.demo_site.vocabulary import (
    IMAGES,
    MOBILE_SITE,
    SECTIONS,
    SITE,
    SITE_NAME,
    STALE_CLOCK,
)

_GA_SCRIPT = """    <script>
        (function (i, s, o, g, r, a, m) {
            i['GoogleAnalyticsObject'] = r; i[r] = i[r] || function () { (i[r].q = i[r].q || []).push(arguments) }, i[r].l = 1 * new Date();
            a = s.createElement(o), m = s.getElementsByTagName(o)[0]; a.async = 1; a.src = g; m.parentNode.insertBefore(a, m)
        })(window, document, 'script', 'https://www.google-analytics.com/analytics.js', 'ga');
        ga('create', 'UA-64215930-1', 'auto');
        ga('send', 'pageview');
    </script>
"""  # noqa: E501


_COL_RIGHT = """        <div class="col-right">
            <div class="banner-right"><a href="https://dichvucong.gov.vn/" target="_blank" rel="nofollow"><img src="https://images.baodantoc.vn/uploads/banner/dvc-300x250.jpg" alt="" /></a></div>
            <div class="banner-right"><a href="https://baodantoc.vn/lien-he-quang-cao.htm" rel="nofollow"><img src="https://images.baodantoc.vn/uploads/banner/right-300x600.jpg" alt="" /></a></div>
            <div id="zone-right-02" class="ads-zone"></div>
            <script>window.adsZones = window.adsZones || []; adsZones.push({ id: 'zone-right-02', size: '300x250' });</script>
        </div>
"""  # noqa: E501


_CLOCK_SCRIPT = """    <script src="https://baodantoc.vn/Scripts/jquery-3.5.1.min.js"></script>
    <script src="https://baodantoc.vn/Scripts/main.min.js?v=2.4.17"></script>
    <script>
        function showClock() {
            var d = new Date(), days = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
            var el = document.getElementById('dateNow');
            if (el && window.clockEnabled) { el.innerHTML = days[d.getDay()] + ', ngày ' + d.getDate() + ' tháng ' + (d.getMonth() + 1) + ' năm ' + d.getFullYear(); }
        }
        setInterval(showClock, 1000);
"""  # noqa: E501


def _section_url(slug: str, page: int = 1) -> str:
    return f"{SITE}/{slug}-p{page}.htm"


def _head(
    *, title: str, description: str, keywords: str, url: str, og_type: str, og_image: str,
    og_title: str,
) -> str:
    mobile = MOBILE_SITE + url[len(SITE):]
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml">
<head>
    <meta charset="utf-8" />
    <meta http-equiv="X-UA-Compatible" content="IE=edge" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>{_esc(title)}</title>
    <meta name="description" content="{_esc(description)}" />
    <meta name="keywords" content="{_esc(keywords)}" />
    <meta name="robots" content="index,follow" />
    <link rel="canonical" href="{_esc(url)}" />
    <link rel="alternate" media="only screen and (max-width: 640px)" href="{_esc(mobile)}" />
    <link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="{SITE}/rss/home.rss" />
    <link rel="shortcut icon" href="{SITE}/favicon.ico" />
    <meta property="og:site_name" content="{SITE_NAME}" />
    <meta property="og:type" content="{og_type}" />
    <meta property="og:url" content="{_esc(url)}" />
    <meta property="og:title" content="{_esc(og_title)}" />
    <meta property="og:description" content="{_esc(description)}" />
    <meta property="og:image" content="{_esc(og_image)}" />
    <link rel="stylesheet" href="{SITE}/Content/css/bootstrap.min.css" />
    <link rel="stylesheet" href="{SITE}/Content/css/style.min.css?v=2.4.17" />
{_GA_SCRIPT}</head>
"""  # noqa: E501


def _header() -> str:
    menu = "\n".join(
        f'{" " * 16}<li><a href="{_section_url(slug)}" title="{_esc(name)}">{_esc(name)}</a></li>'
        for slug, name in SECTIONS
    )
    return f"""<body>
    <div id="fb-root"></div>
    <div class="hidden" id="divAnalytic">Analytic</div>
    <div class="header">
        <div class="header-top">
            <div class="container">
                <span class="date-now" id="dateNow">{STALE_CLOCK}</span>
                <div class="header-right">
                    <a class="rss" href="{SITE}/rss.htm" title="RSS"><i class="icon-rss"></i></a>
                    <a class="fb" href="https://www.facebook.com/baodantocvaphattrien" target="_blank" rel="nofollow" title="Facebook"><i class="icon-facebook"></i></a>
                    <form class="search-box" action="{SITE}/tim-kiem.htm" method="get"><input type="text" name="keyword" placeholder="Tìm kiếm..." /><button type="submit"><i class="icon-search"></i></button></form>
                </div>
            </div>
        </div>
        <div class="header-logo">
            <div class="container">
                <a class="logo" href="{SITE}/"><img src="{SITE}/Content/images/logo.png" alt="{SITE_NAME}" /></a>
                <div class="banner-top"><a href="{SITE}/lien-he-quang-cao.htm" rel="nofollow"><img src="{IMAGES}/banner/top-728x90.jpg" alt="" /></a></div>
            </div>
        </div>
        <nav class="main-menu">
            <ul class="container">
                <li class="home"><a href="{SITE}/" title="Trang chủ"><i class="icon-home"></i></a></li>
{menu}
            </ul>
        </nav>
    </div>
"""  # noqa: E501


def _footer(extra_script: str = "") -> str:
    links = " | ".join(
        f'<a href="{_section_url(slug)}">{_esc(name)}</a>' for slug, name in SECTIONS
    )
    return f"""    <div class="footer">
        <div class="container">
            <div class="footer-menu">{links}</div>
            <div class="footer-info">
                <p><strong>BÁO DÂN TỘC VÀ PHÁT TRIỂN</strong></p>
                <p>Cơ quan chủ quản: Bộ Dân tộc và Tôn giáo</p>
                <p>Ghi rõ nguồn “Báo Dân tộc và Phát triển” khi phát hành lại thông tin từ website này.</p>
            </div>
        </div>
    </div>
{_CLOCK_SCRIPT}{extra_script}    </script>
</body>
</html>
"""  # noqa: E501


def _breadcrumb(slug: str, name: str) -> str:
    return (
        f'<a href="{SITE}/" title="Trang chủ">Trang chủ</a><span class="sep">/</span>'
        f'<a class="cate-name" href="{_section_url(slug)}" title="{_esc(name)}">{_esc(name)}</a>'
    )

