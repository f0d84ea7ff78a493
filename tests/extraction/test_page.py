"""The Page carries everything the spider needs, so the spider parses nothing again:
classified links with section and page number, publication times, the layout version and
which layer gave each field."""

from __future__ import annotations

from conftest import SAMPLES, fetched_at

from newscrawl.extraction import parse_page
from newscrawl.extraction.records import ListingRef
from newscrawl.sites.baodantoc import LAYOUTS


def sample(manifest: list[dict], kind: str) -> dict:
    return next(entry for entry in manifest if entry["kind"] == kind)


def test_a_listing_page_knows_its_section_number_and_next_page(manifest: list[dict]) -> None:
    entry = sample(manifest, "listing")
    page = parse_page((SAMPLES / entry["path"]).read_bytes(), entry["url"], fetched_at(entry))
    assert isinstance(page.listing, ListingRef)
    assert page.listing.url == page.url and page.listing.number >= 1
    assert page.shows_listing
    assert all(isinstance(link, ListingRef) and link.section for link in page.links.listings)
    if page.links.next_page is not None:
        assert page.links.next_page.section == page.listing.section
        assert page.links.next_page.number == page.listing.number + 1
    dated = [t for t in page.teasers if t.published_at]
    assert dated and all(page.published[t.url].isoformat() == t.published_at for t in dated
                         if t.url in page.published)


def test_an_article_page_says_its_layout_and_where_each_field_came_from(
        manifest: list[dict]) -> None:
    entry = sample(manifest, "article")
    page = parse_page((SAMPLES / entry["path"]).read_bytes(), entry["url"], fetched_at(entry))
    article = page.article
    assert article is not None
    assert page.layout == LAYOUTS[0].name
    assert page.provenance["body"] == "site" and page.provenance["title"] == "site"
    assert set(page.provenance) >= {"title", "body", "authors", "published_at"}
    assert page.published[article.url].isoformat() == article.published_at
