"""The items a crawl carries are the extraction's record dataclasses (Article, Teaser);
itemadapter takes them. This is the one way the output layer turns an item into a dict."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.extraction.records import Article, Teaser, record_values


def record_dict(item: Any) -> dict[str, Any]:
    """Every field of an item as a dict (run_id included, set or not). A record dataclass
    takes the direct route; itemadapter's generic asdict, which asks of every value whether
    it is an item in turn, costs a quarter of a millisecond a record."""
    if type(item) is Article or type(item) is Teaser:
        return record_values(item)
    return ItemAdapter(item).asdict()
