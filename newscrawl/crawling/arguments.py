"""The spider's arguments (`-a name=value`) as one validated model: every argument is
declared here once, with what it accepts; unknown names and bad values are refused before
any request, in one line naming the argument, the value and what is accepted. The README's
argument table is checked against this model."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from newscrawl.errors import UsageProblem
from newscrawl.extraction.dates import parse_date
from newscrawl.sites import urls


def _comma_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(item).strip() for item in items if str(item).strip()]


class SpiderArguments(BaseModel):
    """What `scrapy crawl baodantoc -a name=value` accepts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sections: list[str] = Field(
        default_factory=list,
        description="comma list of section slugs (`tin-tuc,van-hoa`): crawl only those "
                    "sections' listings and their articles (no RSS/sitemap discovery)")
    max_pages: int | None = Field(
        default=None, ge=1,
        description="listing pages per section, a whole number of 1 or more "
                    "(1 = first page only)")
    max_articles: int | None = Field(
        default=None, ge=1,
        description="stop the run once this many articles are exported, a whole number of 1 "
                    "or more (teasers do not count; articles fetched beyond it stay pending "
                    "for the next run)")
    since: datetime | None = Field(
        default=None,
        description="ISO date or time (`2025-11-01`, `2025-11-01T08:00+07:00`; a date alone "
                    "is Vietnam midnight): stop paginating a section once a listing page "
                    "shows only older articles, and skip older articles")
    mirror: str | None = Field(
        default=None,
        description="base URL of a server holding a copy of the site "
                    "(`http://127.0.0.1:8000`): every page is fetched from there under the "
                    "same path, while every URL in the output stays canonical "
                    "`https://baodantoc.vn/…`")
    start_urls: list[str] = Field(
        default_factory=list,
        description="comma list of site URLs to start from instead of home, RSS and sitemap "
                    "(links are still followed). These pages are fetched even when an "
                    "earlier run exported them; an unchanged one is still not exported "
                    "again unless `full=1`")
    follow: bool = Field(
        default=True,
        description="`0` to fetch only the pages given in `start_urls` (re-extract a known "
                    "list of articles); accepts 1/0, true/false, yes/no, on/off")
    full: bool = Field(
        default=False,
        description="`1` to ignore the incremental state: recrawl and re-export everything; "
                    "accepts 1/0, true/false, yes/no, on/off")

    @field_validator("sections", mode="before")
    @classmethod
    def _sections(cls, value: Any) -> list[str]:
        return [slug.lower() for slug in _comma_list(value)]

    @field_validator("start_urls", mode="before")
    @classmethod
    def _start_urls(cls, value: Any) -> list[str]:
        found = []
        for url in _comma_list(value):
            canonical = urls.site_url(url)
            if canonical is None:
                raise ValueError(f"{url!r} is not a URL on baodantoc.vn")
            found.append(canonical)
        return found

    @field_validator("since", mode="before")
    @classmethod
    def _since(cls, value: Any) -> datetime | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value
        moment = parse_date(str(value), fallback=False)
        if moment is None:
            raise ValueError("not an ISO date or time")
        return moment

    @field_validator("mirror", mode="before")
    @classmethod
    def _mirror(cls, value: Any) -> str | None:
        if value in (None, ""):
            return None
        text = str(value).strip().rstrip("/")
        try:
            parts = urlsplit(text)
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            port_ok = False
        if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
            raise ValueError("not an http(s) base URL with a host")
        return text

    @field_validator("max_pages", "max_articles", mode="before")
    @classmethod
    def _max_pages(cls, value: Any) -> Any:
        return None if value == "" else value


def parse_arguments(given: dict[str, Any]) -> SpiderArguments:
    """The validated arguments; UsageProblem (one line) for an unknown name or a bad value.
    Names starting with "_" are a scheduler's own (Scrapyd's `_job`) and pass through."""
    mine = {name: value for name, value in given.items() if not name.startswith("_")}
    try:
        return SpiderArguments(**mine)
    except ValidationError as error:
        raise UsageProblem(_one_line(error, mine)) from None


def _one_line(error: ValidationError, given: dict[str, Any]) -> str:
    problem = error.errors()[0]
    name = str(problem["loc"][0]) if problem["loc"] else "?"
    fields = SpiderArguments.model_fields
    if problem["type"] == "extra_forbidden":
        return (f"unknown spider argument -a {name}={given.get(name)!r}; the arguments are: "
                + ", ".join(fields))
    message = problem["msg"].removeprefix("Value error, ")
    accepted = fields[name].description if name in fields else ""
    return f"-a {name}={given.get(name)!r}: {message}; accepted: {accepted}"


def argument_table() -> str:
    """The README's argument table, from the model."""
    rows = ["| argument | meaning |", "|---|---|"]
    rows += [f"| `{name}` | {field.description} |"
             for name, field in SpiderArguments.model_fields.items()]
    return "\n".join(rows)
