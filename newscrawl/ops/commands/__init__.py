"""Project commands (COMMANDS_MODULE): `scrapy crawl` that reports failed monitors."""
