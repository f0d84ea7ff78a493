"""A deterministic, offline fake copy of baodantoc.vn.

Used by ``newscrawl demo`` (an offline demo crawl) and by benchmarks that need a large mirror.
The markup copies the hand-made sample pages (``shared/samples/baodantoc/site``): same header
(``div#divAnalytic``, stale ``span#dateNow`` clock, ``nav.main-menu``), article template
(``div.breadcrumb a.cate-name``, ``h1.title-detail``, ``div.author-detail``, ``div.sapo-detail``,
``div#contentDetail``, ``div.detail-tags``, ``div.box-comment``, ``div.box-related``,
``div.box-featured``), section listings (``div.list-news > div.item-news`` + ``div.pagination``),
home page, RSS, sitemap and robots.txt.

Everything is generated from per-article ``random.Random(index)`` generators, so article ``i``
is the same whatever the number of articles asked for, and nothing outside this module is read.
Every :class:`DemoArticle` records exactly what a correct extractor should output for its page.
"""

from newscrawl.devtools.demo_site.articles import default_now, demo_articles
from newscrawl.devtools.demo_site.pages import build_site
from newscrawl.devtools.demo_site.records import DemoArticle, SitePage
from newscrawl.devtools.demo_site.vocabulary import DEFAULT_START, SECTIONS, VN_TZ

__all__ = [
    "SECTIONS",
    "DEFAULT_START",
    "VN_TZ",
    "DemoArticle",
    "SitePage",
    "build_site",
    "default_now",
    "demo_articles",
]
