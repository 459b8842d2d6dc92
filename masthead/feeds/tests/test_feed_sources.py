"""Which stories each feed lists: the site's, a section's, a tag's, an author's, per language; and bad requests."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from masthead.newsroom.tests import factories

from .helpers import feed_settings, story

pytestmark = pytest.mark.django_db


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [entry.title for entry in feedparser.parse(response.content).entries]


@pytest.fixture
def newsroom():
    now = timezone.now()
    policy = factories.section(title="Policy", slug="policy")
    culture = factories.section(title="Culture", slug="culture")
    anna = factories.author(name="Anna Petrova")
    budget = factories.tag("Budget")
    first = story(
        parent=policy, title="Budget passes", authors=[anna], tags=[budget], published_at=now - timedelta(hours=3)
    )
    second = story(parent=culture, title="Theatre reopens", published_at=now - timedelta(hours=2))
    third = story(parent=policy, title="Mayor resigns", published_at=now - timedelta(hours=1))
    return {"policy": policy, "culture": culture, "anna": anna, "budget": budget, "stories": [first, second, third]}


def test_site_feed_lists_every_story_newest_first(client, newsroom):
    assert titles(client, "/feeds/latest.rss") == ["Mayor resigns", "Theatre reopens", "Budget passes"]


def test_section_feed_lists_only_that_sections_stories(client, newsroom):
    assert titles(client, "/feeds/sections/policy.atom") == ["Mayor resigns", "Budget passes"]


def test_tag_feed_lists_only_stories_with_the_tag(client, newsroom):
    assert titles(client, f"/feeds/tags/{newsroom['budget'].slug}.rss") == ["Budget passes"]


def test_author_feed_lists_only_that_authors_stories(client, newsroom):
    assert titles(client, f"/feeds/authors/{newsroom['anna'].slug}.rss") == ["Budget passes"]


def test_russian_feeds_list_russian_stories_and_link_to_the_russian_edition(client, newsroom):
    factories.home(language="ru", title="Новости города")
    policy_ru = factories.translate(newsroom["policy"], "ru")
    first = newsroom["stories"][0]
    translated = factories.translate(first, "ru", title="Бюджет принят")
    parsed = feedparser.parse(client.get("/ru/feeds/latest.rss").content)
    assert parsed.feed.language == "ru"
    assert [entry.title for entry in parsed.entries] == ["Бюджет принят"]
    assert parsed.entries[0].link == translated.full_url and "/ru/" in translated.full_url
    assert titles(client, f"/ru/feeds/sections/{policy_ru.slug}.rss") == ["Бюджет принят"]
    assert titles(client, f"/ru/feeds/tags/{newsroom['budget'].slug}.rss") == ["Бюджет принят"]
    # The English feeds are unchanged by the translation.
    assert "Бюджет принят" not in titles(client, "/feeds/latest.rss")


def test_unpublished_stories_leave_the_feeds(client, newsroom):
    newsroom["stories"][2].unpublish()
    assert titles(client, "/feeds/latest.rss") == ["Theatre reopens", "Budget passes"]


def test_feed_length_follows_the_site_setting_and_older_stories_are_on_the_next_page(client, newsroom):
    for number in range(21):
        story(
            parent=newsroom["culture"], title=f"Old {number}", published_at=timezone.now() - timedelta(days=2 + number)
        )
    feed_settings(items=20)
    first = feedparser.parse(client.get("/feeds/latest.atom").content)
    assert len(first.entries) == 20
    next_url = next(link.href for link in first.feed.links if link.rel == "next")
    assert next_url == "http://testserver/feeds/latest.atom?page=2"
    second = feedparser.parse(client.get("/feeds/latest.atom?page=2").content)
    assert [entry.title for entry in second.entries] == ["Old 17", "Old 18", "Old 19", "Old 20"]
    assert not any(link.rel == "next" for link in second.feed.links)
    assert client.get("/feeds/latest.json?page=2").json()["feed_url"] == "http://testserver/feeds/latest.json?page=2"


MALFORMED_REQUESTS = [
    ("/feeds/latest.rss?page=abc", 400),
    ("/feeds/latest.rss?page=0", 400),
    ("/feeds/latest.rss?page=-1", 400),
    ("/feeds/latest.rss?page=1.5", 400),
    ("/feeds/latest.rss?page=%00", 400),
    ("/feeds/latest.rss?page=١", 400),  # an Arabic-Indic digit one: a digit to Python, not to us
    ("/feeds/latest.rss?page=99", 404),
    ("/feeds/latest.rss?page=" + "9" * 5000, 404),
    ("/feeds/latest.rss?page=999999999", 404),
    ("/feeds/sections/no-such-section.rss", 404),
    ("/feeds/tags/no-such-tag.json", 404),
    ("/feeds/authors/no-such-author.atom", 404),
    ("/feeds/latest.xml", 404),
    ("/feeds/sections/.rss", 404),
    ("/feeds/sections/policy/extra.rss", 404),
    ("/de/feeds/latest.rss", 404),
]


def test_malformed_feed_requests_get_a_clear_client_error(client, newsroom):
    answers = {url: client.get(url).status_code for url, _status in MALFORMED_REQUESTS}
    assert answers == dict(MALFORMED_REQUESTS)


@pytest.mark.parametrize(
    "url, reason",
    [
        ("/feeds/latest.rss?page=abc", "The page number must be a whole number from 1."),
        ("/feeds/latest.rss?page=99", "That page is past the end of the feed."),
        ("/feeds/latest.rss?page=" + "9" * 5000, "That page is past the end of the feed."),
        ("/feeds/tags/no-such-tag.json", "No such tag."),
        ("/feeds/sections/no-such-section.atom", "No such section."),
        ("/sitemaps/articles-1990.xml", "This sitemap is empty."),
    ],
)
def test_a_feed_reader_is_told_in_a_line_what_was_wrong_with_its_request(client, newsroom, url, reason):
    answer = client.get(url)
    assert answer["Content-Type"] == "text/plain; charset=utf-8"
    assert answer.content.decode() == reason


def test_odd_query_strings_are_ignored(client, newsroom):
    response = client.get("/feeds/latest.rss?utm_source=x&page=&format=%ff&page")
    assert response.status_code == 200


def test_russian_feed_of_a_site_without_a_russian_edition_is_missing(client, newsroom):
    assert client.get("/ru/feeds/latest.rss").status_code == 404


def test_a_section_only_in_english_has_no_russian_feed(client, newsroom):
    factories.home(language="ru", title="Новости")
    assert client.get("/ru/feeds/sections/culture.rss").status_code == 404


def test_feeds_answer_only_reads(client, newsroom):
    assert client.post("/feeds/latest.rss").status_code == 405
    assert client.head("/feeds/latest.rss").status_code == 200
