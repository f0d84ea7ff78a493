"""newscrawl's own signals (Scrapy signals are plain objects; see scrapy.signals)."""

# Sent by newscrawl.output.exports.DurableFeedExporter with `items`: records now in every feed
# that takes them and on disk. The crawl state records articles on this signal only.
records_durable = object()
