"""The one contract between the spider and the components around it (middlewares, the
crawl state extension, the run report), written down instead of guessed with getattr."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from scrapy.http import Response


@runtime_checkable
class SiteCrawler(Protocol):
    """What newscrawl's components may ask of a spider."""

    mirror: str | None  # base URL pages are fetched from instead of the site, if any
    full: bool  # -a full=1: re-export everything, whatever earlier runs exported

    def claim(self, url: str) -> bool:
        """True the first time this run asks for a canonical URL (then it is fetched)."""

    def admit_restored(self, url: str) -> bool:
        """Whether a request restored from JOBDIR's queue should still be fetched."""

    def canonical_of(self, response: Response) -> str:
        """The canonical site URL of a response (mirror URLs mapped back)."""

    def arguments(self) -> dict[str, Any]:
        """The spider arguments given, as JSON-ready values (for the run report)."""

    def remaining_in_sitemap(self) -> int | None:
        """Articles the sitemap listed for fetching that are not done yet; None when no
        sitemap listed any (for the progress line)."""

    def article_limit(self) -> int | None:
        """-a max_articles=N, if given."""


def site_crawler(spider: object) -> SiteCrawler | None:
    """The spider as a SiteCrawler, or None for spiders of other projects (scrapy bench)."""
    return spider if isinstance(spider, SiteCrawler) else None
