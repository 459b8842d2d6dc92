"""Readers' apps find the feeds from any page through <link rel="alternate"> in its <head>."""

import pytest
from lxml import html

from masthead.newsroom.tests import factories

from .helpers import story

pytestmark = pytest.mark.django_db


def feed_links(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    head = html.fromstring(response.content).find("head")
    return [
        (link.get("type"), link.get("href"), link.get("title"))
        for link in head.findall("link")
        if link.get("rel") == "alternate" and link.get("type")
    ]


def test_home_page_links_the_site_feeds_in_three_formats(client):
    story()
    links = feed_links(client, "/")
    assert [(kind, href) for kind, href, _title in links] == [
        ("application/rss+xml", "/feeds/latest.rss"),
        ("application/atom+xml", "/feeds/latest.atom"),
        ("application/feed+json", "/feeds/latest.json"),
    ]
    assert links[0][2] == "Test City News (RSS)"


def test_section_author_tag_and_article_pages_link_their_own_feeds_first(client):
    section = factories.section(title="Policy", slug="policy")
    writer = factories.author(name="Anna Petrova")
    topic = factories.tag("Budget")
    article = story(parent=section, authors=[writer], tags=[topic])
    assert feed_links(client, section.url)[0][1] == "/feeds/sections/policy.rss"
    assert feed_links(client, writer.url)[0][1] == f"/feeds/authors/{writer.slug}.rss"
    assert feed_links(client, f"/tags/{topic.slug}/")[0][1] == f"/feeds/tags/{topic.slug}.rss"
    assert feed_links(client, article.url)[0][1] == "/feeds/sections/policy.rss"
    assert feed_links(client, article.url)[-1][1] == "/feeds/latest.json"


def test_every_linked_feed_answers(client):
    section = factories.section(slug="policy")
    writer = factories.author()
    topic = factories.tag("Budget")
    article = story(parent=section, authors=[writer], tags=[topic])
    for page_url in ("/", section.url, writer.url, f"/tags/{topic.slug}/", article.url):
        for _kind, href, _title in feed_links(client, page_url):
            assert client.get(href).status_code == 200, href


def test_russian_pages_link_the_russian_feeds(client):
    factories.home(language="ru", title="Новости")
    section = factories.section(slug="policy")
    section_ru = factories.translate(section, "ru")
    story(parent=section)
    links = feed_links(client, section_ru.url)
    assert links[0][1] == "/ru/feeds/sections/policy.rss"
    assert links[-1][1] == "/ru/feeds/latest.json"
