""" "More on the topic" under an article: earlier stories of its edition that share a topic, newest first."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from . import factories

pytestmark = pytest.mark.django_db


def more_on_the_topic(client, article):
    block = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".more-on-topic")
    return [link.get_text(strip=True) for link in block.select("a")] if block else []


def on(day, **fields):
    return factories.article(published_at=factories.utc(2026, 3, day, 9, 0), **fields)


@pytest.fixture
def topics():
    return {
        "budget": factories.tag("Budget"),
        "tram": factories.tag("Trams"),
        "moscow": factories.tag("Moscow", kind="place"),
    }


def test_earlier_stories_sharing_a_topic_are_listed_newest_first_up_to_four(client, topics):
    for day in range(1, 7):
        on(day, title=f"Budget story {day}", tags=[topics["budget"]])
    on(7, title="A tram story", tags=[topics["tram"]])
    story = on(8, title="Today's budget vote", tags=[topics["budget"]])
    assert more_on_the_topic(client, story) == [f"Budget story {day}" for day in (6, 5, 4, 3)]


def test_later_stories_and_other_editions_are_not_listed(client, topics):
    story = on(2, title="The budget vote", tags=[topics["budget"]])
    on(3, title="A later budget story", tags=[topics["budget"]])
    factories.home(language="ru")
    russian = factories.section(parent=factories.home(language="ru"), title="Политика", slug="politika")
    factories.article(
        parent=russian, title="Бюджет", tags=[topics["budget"]], published_at=factories.utc(2026, 3, 1, 9, 0)
    )
    assert more_on_the_topic(client, story) == []


def test_topics_count_before_places_and_stories_the_body_links_are_left_out(client, topics):
    on(1, title="Moscow weather", tags=[topics["moscow"]])
    linked = on(2, title="Trams return", tags=[topics["tram"]])
    on(3, title="Tram fares", tags=[topics["tram"]])
    body = [("paragraph", RichText("<p>Text.</p>")), ("related_story", {"article": linked, "label": ""})]
    story = on(4, title="New tram line", tags=[topics["tram"], topics["moscow"]], body=body)
    assert more_on_the_topic(client, story) == ["Tram fares"]
    place_only = on(5, title="Moscow snow", tags=[topics["moscow"]])
    assert more_on_the_topic(client, place_only) == ["New tram line", "Moscow weather"]


def test_an_untagged_story_gets_its_sections_earlier_stories(client):
    politics = factories.section(title="Politics", slug="politics")
    sport = factories.section(title="Sport", slug="sport")
    on(1, parent=politics, title="Earlier politics")
    on(2, parent=sport, title="Earlier sport")
    story = on(3, parent=politics, title="Untagged politics")
    assert more_on_the_topic(client, story) == ["Earlier politics"]


def test_no_block_at_all_when_there_is_nothing_to_list(client, topics):
    story = on(1, title="The first budget story", tags=[topics["budget"]])
    page = client.get(story.url).content.decode()
    assert "More on the topic" not in page and "more-on-topic" not in page


def test_the_block_is_labelled_and_translated(client, topics):
    on(1, title="Budget story", tags=[topics["budget"]])
    story = on(2, title="Budget vote", tags=[topics["budget"]])
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    block = soup.select_one("section.more-on-topic")
    assert soup.find(id=block["aria-labelledby"]).get_text(strip=True) == "More on the topic"
    assert block.select_one("time")["datetime"].startswith("2026-03-01")
    ru_home = factories.home(language="ru")
    ru_section = factories.section(parent=ru_home, title="Политика", slug="politika")
    factories.article(parent=ru_section, title="Ранее", tags=[topics["budget"]], published_at=factories.utc(2026, 3, 1))
    ru_story = factories.article(parent=ru_section, title="Сейчас", tags=[topics["budget"]])
    ru_soup = BeautifulSoup(client.get(ru_story.url).content, "html.parser")
    assert ru_soup.select_one(".more-on-topic__title").get_text(strip=True) == "Ещё по теме"


def test_a_second_read_asks_no_query_for_the_list_and_a_publish_refreshes_it(client, topics):
    on(1, title="Old headline", tags=[topics["budget"]])
    story = on(2, title="Budget vote", tags=[topics["budget"]])
    client.get(story.url)
    with CaptureQueriesContext(connection) as queries:
        assert more_on_the_topic(client, story) == ["Old headline"]
    assert not [q for q in queries if '"newsroom_taggedarticle"."tag_id" IN' in q["sql"]]
    earlier = factories.ArticlePage.objects.get(title="Old headline")
    earlier.title = "New headline"
    factories.publish(earlier)
    assert more_on_the_topic(client, story) == ["New headline"]


def test_a_stored_page_is_dropped_when_a_story_it_lists_is_taken_down(client, settings, topics):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    earlier = on(1, title="Soon gone", tags=[topics["budget"]])
    story = on(2, title="Budget vote", tags=[topics["budget"]])
    assert more_on_the_topic(client, story) == ["Soon gone"]
    assert client.get(story.url).headers["X-Page-Cache"] == "hit"
    earlier.unpublish()
    response = client.get(story.url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Soon gone" not in response.content.decode()


def test_the_list_looks_back_only_as_far_as_its_window(client, topics, monkeypatch):
    monkeypatch.setattr("masthead.newsroom.related.STORIES_LOOKED_AT", 2)
    on(1, title="Long ago on the budget", tags=[topics["budget"]])
    on(2, title="Trams one", tags=[topics["tram"]])
    on(3, title="Budget, lately", tags=[topics["budget"]])
    story = on(4, title="Budget vote", tags=[topics["budget"]])
    assert more_on_the_topic(client, story) == ["Budget, lately"]
