"""Crawl policy: the spider (what to fetch, in what order, when to stop) and its middlewares."""
