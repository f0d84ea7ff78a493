"""Scrapy's own floor, for benchmarks/crawl.py: a spider that downloads the given pages and
does nothing else with them (no parsing, link following, extraction, pipelines, state or
feeds). Run outside the project:

    scrapy runspider benchmarks/floor_spider.py -a mirror=URL -a paths=FILE

FILE holds one URL path per line (the mirror's pages)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import scrapy
from scrapy.http import Response


class FloorSpider(scrapy.Spider):
    name = "floor"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for line in Path(self.paths).read_text(encoding="utf-8").splitlines():
            if line:
                yield scrapy.Request(self.mirror + line, dont_filter=True)

    def parse(self, response: Response) -> None:
        return None
