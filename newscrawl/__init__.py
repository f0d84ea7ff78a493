"""newscrawl: baodantoc.vn as clean, deduplicated JSON Lines of articles and teasers."""

__version__ = "0.1.0"
