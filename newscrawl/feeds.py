"""The default exports: one JSON Lines file per record type under NEWSCRAWL_OUTPUT_DIR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

FEED_FILES = {
    "articles.jsonl": "newscrawl.items.Article",
    "teasers.jsonl": "newscrawl.items.Teaser",
}


def default_feeds(output_dir: str | Path = "output") -> dict[str, dict[str, Any]]:
    """A FEEDS setting writing output_dir/articles.jsonl and output_dir/teasers.jsonl."""
    return {
        str(Path(output_dir) / name): {
            "format": "jsonlines",
            "encoding": "utf-8",
            "item_classes": [item_class],
            "overwrite": True,
        }
        for name, item_class in FEED_FILES.items()
    }
