"""Spider contracts for `scrapy check baodantoc`: what the callbacks must give on a real
page of the site, or of a copy of it (`-s NEWSCRAWL_MIRROR=http://127.0.0.1:8000`, e.g.
`newscrawl serve --demo 15`), since the live site is not always at hand.

    @url https://baodantoc.vn/        the canonical page (fetched from the mirror if set)
    @teasers 5 title url found_on     at least 5 teasers, each with these fields
    @requests 10                      at least 10 follow-up requests, all on the site
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy import Request
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail

from newscrawl.sites import urls


def _spider(args: dict[str, Any]) -> Any:
    callback = args.get("callback")
    return getattr(callback, "__self__", None)


class SiteUrl(Contract):
    """@site: the @url is fetched from the mirror when NEWSCRAWL_MIRROR (or -a mirror)
    names one, under the same path; the callback still sees the canonical URL."""

    name = "site"

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        spider = self.spider = _spider(args)
        mirror = getattr(spider, "mirror", None)
        canonical = urls.site_url(args["url"]) or args["url"]
        meta = dict(args.get("meta") or {}, canonical_url=canonical)
        args["meta"] = meta
        if mirror:
            args["url"] = urls.rebase_url(canonical, mirror)
        return args

    def pre_process(self, response: Any) -> None:
        # Each checked callback is its own small run: links an earlier one claimed count.
        forget = getattr(getattr(self, "spider", None), "forget_requests", None)
        if forget is not None:
            forget()


class Teasers(Contract):
    """@teasers N field...: at least N teaser records, each with every field named."""

    name = "teasers"

    def post_process(self, output: list[Any]) -> None:
        minimum, *fields = self.args
        teasers = [ItemAdapter(o) for o in output
                   if is_item(o) and ItemAdapter(o).get("type") == "teaser"]
        if len(teasers) < int(minimum):
            raise ContractFail(f"{len(teasers)} teasers, expected at least {minimum}")
        for teaser in teasers:
            missing = [name for name in fields if not teaser.get(name)]
            if missing:
                raise ContractFail(f"teaser {teaser.get('url')} lacks {', '.join(missing)}")


class Requests(Contract):
    """@requests N: at least N follow-up requests, every one for a canonical site URL."""

    name = "requests"

    def post_process(self, output: list[Any]) -> None:
        requests = [o for o in output if isinstance(o, Request)]
        if len(requests) < int(self.args[0]):
            raise ContractFail(f"{len(requests)} requests, expected at least {self.args[0]}")
        off_site = [r.meta.get("canonical_url") for r in requests
                    if not urls.site_url(r.meta.get("canonical_url") or "")]
        if off_site:
            raise ContractFail(f"requests off the site: {off_site[:3]}")
