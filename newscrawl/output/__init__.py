"""Output: record validation and deduplication pipelines, feed exports, the JSON Schema."""
