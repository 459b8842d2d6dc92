"""Finished feeds and sitemaps are served from the cache, and a publication shows in them at once."""

from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.newsroom.tests import factories

from .helpers import feed_settings, story

pytestmark = pytest.mark.django_db

CACHED = ["/feeds/latest.rss", "/feeds/sections/policy.atom", "/sitemap.xml", "/sitemaps/news.xml", "/robots.txt"]


@pytest.fixture
def section():
    section = factories.section(title="Policy", slug="policy")
    story(parent=section, title="First story", published_at=timezone.now() - timedelta(hours=2))
    return section


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def test_a_repeated_request_is_answered_without_the_database(client, section):
    for url in CACHED:
        _first, original = queries_for(client, url)
        count, again = queries_for(client, url)
        assert count == 0, url
        assert again.content == original.content
        assert again["Content-Type"] == original["Content-Type"]


def test_a_published_story_appears_in_cached_feeds_and_sitemaps_at_once(client, section):
    for url in CACHED:
        client.get(url)
    new = story(parent=section, title="Breaking story")
    assert feedparser.parse(client.get("/feeds/latest.rss").content).entries[0].title == "Breaking story"
    assert new.full_url.encode() in client.get("/sitemaps/news.xml").content


def test_an_unpublished_story_leaves_cached_feeds_at_once(client, section):
    extra = story(parent=section, title="Withdrawn story")
    assert b"Withdrawn story" in client.get("/feeds/latest.rss").content
    extra.unpublish()
    assert b"Withdrawn story" not in client.get("/feeds/latest.rss").content


def test_changing_the_feed_settings_applies_at_once(client, section):
    assert b"content:encoded>" not in client.get("/feeds/latest.rss").content
    feed_settings(content="full")
    assert b"content:encoded>" in client.get("/feeds/latest.rss").content


def test_renaming_the_site_retitles_the_cached_feeds_at_once(client, section):
    from wagtail.models import Site

    assert "The Riverside Herald" not in feedparser.parse(client.get("/feeds/latest.rss").content).feed.title
    site = Site.objects.get(is_default_site=True)
    site.site_name = "The Riverside Herald"
    site.save()
    assert "The Riverside Herald" in feedparser.parse(client.get("/feeds/latest.rss").content).feed.title


def test_other_query_parameters_share_one_cache_entry(client, section):
    client.get("/feeds/latest.rss")
    count, _response = queries_for(client, "/feeds/latest.rss?utm_source=newsletter&x=1")
    assert count == 0


def test_errors_are_not_cached(client, section):
    assert client.get("/feeds/sections/culture.rss").status_code == 404
    factories.section(title="Culture", slug="culture")
    assert client.get("/feeds/sections/culture.rss").status_code == 200


@pytest.mark.parametrize("address", ["/feeds/latest.rss", "/feeds/latest.json", "/sitemap.xml", "/robots.txt"])
def test_a_feed_reader_or_crawler_holding_the_current_copy_is_answered_304(client, settings, address):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60  # the page cache in front, as served
    factories.article(title="Bridge reopens")
    first = client.get(address)
    assert first.status_code == 200
    if first.has_header("ETag"):
        again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
    if first.has_header("Last-Modified"):
        again = client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert again.status_code == 304
    assert first.has_header("ETag") or first.has_header("Last-Modified")
