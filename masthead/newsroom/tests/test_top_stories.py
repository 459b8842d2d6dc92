"""The front page leads with the stories the editors chose, in their order; the latest news follows without them."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.newsroom.models import HomePage, HomeTopStory

from . import factories

pytestmark = pytest.mark.django_db


def choose_top_stories(home, stories):
    home = HomePage.objects.get(pk=home.pk)
    home.top_stories = [HomeTopStory(article=story, sort_order=order) for order, story in enumerate(stories)]
    return factories.publish(home)


def front_page(client, url=None, **params):
    response = client.get(url or factories.home().url, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    top = [a.get_text(strip=True) for a in soup.select(".top-stories .teaser__headline a")]
    latest = [a.get_text(strip=True) for a in soup.select(".article-list:not(.article-list--top) .teaser__headline a")]
    return top, latest, soup


@pytest.fixture
def stories():
    section = factories.section()
    return [
        factories.article(parent=section, title=f"Story {day}", published_at=factories.utc(2026, 3, day, 9, 0))
        for day in range(1, 6)
    ]


def test_the_front_page_leads_with_the_editors_choice_in_their_order(client, stories):
    choose_top_stories(factories.home(), [stories[1], stories[3]])
    top, latest, soup = front_page(client)
    assert top == ["Story 2", "Story 4"]
    assert latest == ["Story 5", "Story 3", "Story 1"]
    # The page keeps one h1 (the front page's name), and each part has its heading.
    assert [h.get_text(strip=True) for h in soup.select("h1")] == ["Test City News"]
    assert soup.find(id=soup.select_one(".top-stories")["aria-labelledby"]).get_text(strip=True) == "Top stories"


def test_without_a_choice_the_front_page_is_the_latest_news(client, stories):
    top, latest, soup = front_page(client)
    assert top == []
    assert latest[:2] == ["Story 5", "Story 4"]
    assert soup.select_one("h1").get_text(strip=True) == "Latest news"


def test_a_story_taken_down_leaves_the_stored_front_page_at_once(client, settings, stories):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    choose_top_stories(factories.home(), [stories[0], stories[2]])
    assert front_page(client)[0] == ["Story 1", "Story 3"]
    assert client.get(factories.home().url).headers["X-Page-Cache"] == "hit"
    stories[0].unpublish()
    assert front_page(client)[0] == ["Story 3"]
    stories[2].title = "Story 3, updated"
    factories.publish(stories[2])
    assert front_page(client)[0] == ["Story 3, updated"]


def test_a_story_of_another_edition_is_not_shown(client, stories):
    factories.home(language="ru")
    russian = factories.article(parent=factories.section(parent=factories.home(language="ru")), title="Сюжет")
    choose_top_stories(factories.home(), [russian, stories[4]])
    assert front_page(client)[0] == ["Story 5"]


def test_later_pages_are_the_latest_news_alone_and_count_without_the_choice(client, settings, stories):
    section = stories[0].get_parent()
    for n in range(20):
        factories.article(parent=section, title=f"Later {n}", published_at=factories.utc(2026, 4, 1, n, 0))
    choose_top_stories(factories.home(), [stories[0]])
    first_top, first_latest, _soup = front_page(client)
    second_top, second_latest, soup = front_page(client, page=2)
    assert first_top == ["Story 1"] and second_top == []
    assert len(first_latest) == 20
    # 24 stories in the latest news, Story 1 not among them
    assert second_latest == ["Story 5", "Story 4", "Story 3", "Story 2"]
    assert soup.select_one("h1").get_text(strip=True) == "Latest news, page 2"


def test_the_front_page_asks_as_many_queries_for_five_top_stories_as_for_one(client):
    url = factories.home().url

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    writer = factories.author()
    pictured = [factories.article(title=f"Pictured {n}", image=factories.image(), authors=[writer]) for n in range(8)]
    choose_top_stories(factories.home(), pictured[:1])
    one = queries()
    choose_top_stories(factories.home(), pictured[:5])  # three stories are left for the latest news
    assert queries() == one


def test_editors_choose_top_stories_in_the_home_pages_editor(admin_client):
    home = factories.home()
    response = admin_client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code == 200
    assert "Top stories" in response.content.decode()


def test_front_page_headlines_sit_a_level_below_their_groups_heading(client, stories):
    choose_top_stories(factories.home(), stories[:2])
    _top, _latest, soup = front_page(client)
    assert [h.name for h in soup.select(".listing-title")] == ["h2", "h2"]  # "Top stories", "Latest news"
    assert {h.name for h in soup.select(".teaser__headline")} == {"h3"}  # so heading navigation shows the groups
