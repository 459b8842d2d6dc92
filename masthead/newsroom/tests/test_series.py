"""A series: stories told in parts, each part listing the others in order and offering the next."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.newsroom.models import Series

from . import factories

pytestmark = pytest.mark.django_db


def make_series(title="The tram line", slug="tram-line", language="en"):
    return Series.objects.create(title=title, slug=slug, locale=factories.locale(language), description="In parts.")


def part(series, day, **fields):
    return factories.article(
        title=f"Part from day {day}", series=series, published_at=factories.utc(2026, 3, day, 9, 0), **fields
    )


def box(client, story):
    return BeautifulSoup(client.get(story.url).content, "html.parser").select_one(".series-box")


def test_each_part_lists_the_series_in_order_marks_itself_and_offers_the_next(client):
    series = make_series()
    third, first, second = part(series, 20), part(series, 1), part(series, 10)
    soup = box(client, second)
    assert soup.select_one(".series-box__kicker").get_text(" ", strip=True) == "Series · Part 2 of 3"
    assert soup.select_one(".series-box__title a")["href"] == "/series/tram-line/"
    items = soup.select(".series-box__parts li")
    assert [item.get_text(strip=True) for item in items] == [first.title, second.title, third.title]
    assert items[1].select_one("[aria-current=page]") is not None and items[1].a is None
    assert items[0].a["href"] == first.url
    assert soup.select_one(".series-box__next a")["href"] == third.url
    assert box(client, third).select_one(".series-box__next") is None


def test_the_series_page_lists_the_parts_first_part_first(client):
    series = make_series()
    part(series, 20)
    part(series, 1)
    factories.article(title="Not in the series")
    soup = BeautifulSoup(client.get("/series/tram-line/").content, "html.parser")
    assert soup.select_one("h1").get_text(strip=True) == "The tram line"
    assert [a.get_text(strip=True) for a in soup.select(".teaser__headline a")] == [
        "Part from day 1",
        "Part from day 20",
    ]
    assert client.get("/series/no-such-series/").status_code == 404


def test_a_series_belongs_to_one_edition(client):
    make_series(title="Трамвай", slug="tramvai", language="ru")
    assert client.get("/series/tramvai/").status_code == 404
    russian = factories.home(language="ru")
    assert client.get(f"{russian.url}series/tramvai/").status_code == 200
    story = factories.article()
    story.series = Series.objects.get(slug="tramvai")
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert "series" in refused.value.message_dict


def test_a_new_part_reaches_readers_of_the_stored_earlier_parts_at_once(client, settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    series = make_series()
    first = part(series, 1)
    client.get(first.url)
    assert client.get(first.url).headers["X-Page-Cache"] == "hit"
    newer = part(series, 2)
    soup = box(client, first)
    assert soup.select_one(".series-box__next a")["href"] == newer.url
    newer.unpublish()
    assert box(client, first).select_one(".series-box__next") is None


def test_structured_data_says_the_story_is_part_of_the_series(client):
    story = part(make_series(), 1)
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "The tram line",
        "url": "http://testserver/series/tram-line/",
    }


def test_more_parts_ask_no_more_queries(client):
    def queries(story):
        client.get(story.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(story.url)
        return len(captured)

    short, long = make_series(), make_series(title="Long", slug="long")
    few = part(short, 1)
    part(short, 2)
    many = part(long, 1)
    for day in range(2, 10):
        part(long, day)
    assert queries(few) == queries(many)


def test_a_story_outside_any_series_has_no_box(client):
    assert box(client, factories.article()) is None


def test_the_russian_edition_numbers_parts_in_russian(client):
    russian_section = factories.section(title="Город", parent=factories.home(language="ru"))
    series = make_series(title="Трамвай", slug="tramvai", language="ru")
    story = part(series, 1, parent=russian_section)
    part(series, 2, parent=russian_section)
    kicker = box(client, story).select_one(".series-box__kicker").get_text(" ", strip=True)
    assert kicker == "Серия · Часть 1 из 2"
