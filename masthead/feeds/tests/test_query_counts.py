"""Feeds and sitemaps cost the same number of queries however many stories, authors, tags or images they show."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.newsroom.tests import factories

from .helpers import count_queries, feed_settings, story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def generate_every_time(settings):
    # These tests measure building a feed or sitemap, so the finished-response cache is off.
    settings.MASTHEAD_FEEDS_CACHE_SECONDS = 0


def add_stories(section, count, *, start):
    picture = factories.image()
    for number in range(count):
        story(
            parent=section,
            title=f"Story {start + number}",
            authors=[factories.author(name=f"Writer {start + number}"), factories.author(name="Second")],
            tags=[factories.tag(f"Topic {start + number}"), factories.tag("Common")],
            image=picture if number % 2 else factories.image(),
            published_at=timezone.now() - timedelta(hours=start + number),
        )


FEEDS = [
    "/feeds/latest.rss",
    "/feeds/latest.atom",
    "/feeds/latest.json",
    "/feeds/sections/policy.rss",
]


@pytest.mark.parametrize("content", ["summary", "full"])
def test_feed_query_count_does_not_grow_with_items(client, content):
    feed_settings(content=content)
    section = factories.section(slug="policy")
    add_stories(section, 2, start=0)
    few = {url: count_queries(client, url) for url in FEEDS}
    add_stories(section, 6, start=2)
    many = {url: count_queries(client, url) for url in FEEDS}
    assert many == few


def test_tag_and_author_feed_query_counts_do_not_grow_with_items(client):
    section = factories.section(slug="policy")
    writer = factories.author(name="Anna")
    topic = factories.tag("Budget")
    story(parent=section, authors=[writer], tags=[topic])
    urls = [f"/feeds/tags/{topic.slug}.rss", f"/feeds/authors/{writer.slug}.atom"]
    few = [count_queries(client, url) for url in urls]
    for number in range(8):
        story(
            parent=section, title=f"More {number}", authors=[writer, factories.author(name=f"W{number}")], tags=[topic]
        )
    assert [count_queries(client, url) for url in urls] == few


def test_sitemap_query_counts_do_not_grow_with_urls(client):
    factories.home(language="ru", title="Новости")
    section = factories.section(slug="policy")
    factories.translate(section, "ru")
    year = timezone.now().year
    urls = [
        "/sitemap.xml",
        "/sitemaps/pages.xml",
        "/sitemaps/tags.xml",
        "/sitemaps/news.xml",
        f"/sitemaps/articles-{year}.xml",
    ]
    add_stories(section, 1, start=0)
    few = [count_queries(client, url) for url in urls]
    add_stories(section, 6, start=1)
    for article in factories.ArticlePage.objects.filter(locale__language_code="en")[:3]:
        factories.translate(article, "ru")
    assert [count_queries(client, url) for url in urls] == few


def test_feed_links_add_no_query_to_the_article_page(client):
    """The <head> links come from the page's own context: the newsroom's page budget is untouched."""
    from django.template import Context, Template

    article = story(parent=factories.section(slug="policy"))
    template = Template("{% load feeds_tags %}{% feed_links as feeds %}{{ feeds|length }}")
    context = Context({"page": article, "section": article.get_parent().specific, "site_name": "News"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert template.render(context) == "6"
    assert len(queries) == 0
