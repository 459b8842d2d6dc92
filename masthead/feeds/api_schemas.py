"""The content API's answers and filters, as its OpenAPI document shows them (feeds/api.py)."""

from datetime import datetime
from typing import Literal

from django.conf import settings
from ninja import Field, Schema

LANGUAGES = tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)
# The editions, as the OpenAPI document's enum: any other language is refused before the operation runs.
Language = Literal[LANGUAGES]
PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


class SectionOut(Schema):
    id: int
    slug: str
    title: str
    url: str


class AuthorOut(Schema):
    id: int
    slug: str
    name: str
    url: str


class TagOut(Schema):
    slug: str
    name: str
    kind: str = Field(description="topic or place")


class AuthorDetailOut(AuthorOut):
    job_title: str
    bio_html: str = Field(description="The biography as HTML, links absolute.")
    portrait_url: str | None = Field(description="A 400×400 square of the portrait.")


class TagLinkOut(TagOut):
    url: str = Field(description="The tag's page in this edition.")


class ImageOut(Schema):
    url: str = Field(description="The lead picture at 1200×675, as social cards and feeds show it.")
    alt: str


class ArticleOut(Schema):
    id: int
    url: str
    language: str
    headline: str
    lead: str
    dateline: str
    section: SectionOut | None
    authors: list[AuthorOut]
    tags: list[TagOut]
    image: ImageOut | None
    published_at: datetime
    updated_at: datetime
    comment_count: int
    views: int = Field(
        description="Counted views, bots and repeats excluded; added in batches, and kept with the page, so it may lag "
        "by a minute or two."
    )
    sponsored: bool = Field(description="Advertising paid for by a sponsor, not the newsroom's journalism.")
    live: str = Field(description='"live" while a live story unfolds, "ended" after, "" for other stories.')


class EditionOut(Schema):
    id: int
    language: str
    url: str


class ArticleDetailOut(ArticleOut):
    body_html: str = Field(description="The lead and the whole body as self-contained HTML with absolute links.")
    editions: list[EditionOut] = Field(description="The same story in other languages.")


class ArticlesOut(Schema):
    items: list[ArticleOut]
    next_cursor: str | None = Field(description="The next page's `cursor`; null on the last page.")


class ArticleFilters(Schema):
    language: Language = Field(settings.LANGUAGE_CODE, description="The edition.")
    section: str | None = Field(None, description="A section's slug.")
    tag: str | None = Field(None, description="A tag's slug.")
    author: str | None = Field(None, description="An author's slug (their page in this edition).")
    cursor: str | None = Field(None, description="`next_cursor` of the page before.")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
