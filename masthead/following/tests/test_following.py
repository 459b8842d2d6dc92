"""Readers follow topics and authors, with or without JavaScript, and read those stories on their own page."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.comments.tests.helpers import reader
from masthead.following import services
from masthead.following.models import Follow
from masthead.newsroom.tests import factories
from masthead.newsroom.tests.planner import large_newsroom_planner

pytestmark = pytest.mark.django_db


def signed_in(client, person=None):
    person = person or reader("Maria")
    client.force_login(person)
    return person


def tag_url(tag, language="en"):
    home = factories.home(language=language)
    return home.url + home.reverse_subpage("tag", args=[tag.slug])


def soup_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def your_news_titles(client, page=None):
    soup = soup_of(client, "/accounts/following/", **({"page": page} if page else {}))
    return [a.get_text(strip=True) for a in soup.select(".teaser__headline a")]


def test_a_reader_follows_a_topic_without_javascript_and_its_stories_gather_on_their_page(client):
    maria = signed_in(client)
    floods = factories.tag("Floods")
    factories.article(title="River rises", tags=[floods])
    factories.article(title="Council meets")
    form = soup_of(client, tag_url(floods)).select_one(".follow form")
    assert form.select_one("button").get_text(strip=True) == "Follow"
    response = client.post(form["action"], {"follow": "1", "next": tag_url(floods)})
    assert response.status_code == 302 and response["Location"] == tag_url(floods) + f"#follow-topics-{floods.pk}"
    assert Follow.objects.filter(reader=maria, tag=floods).exists()
    assert soup_of(client, tag_url(floods)).select_one(".follow button").get_text(strip=True) == "Unfollow"
    assert your_news_titles(client) == ["River rises"]


def test_following_an_author_brings_their_stories_in_the_edition_being_read(client):
    signed_in(client)
    anna = factories.author(name="Anna Petrova")
    factories.article(title="Anna on the budget", authors=[anna])
    factories.article(title="Somebody else")
    story_ru_section = factories.section(title="Город", parent=factories.home(language="ru"))
    factories.translate(anna.get_parent(), "ru")
    anna_ru = factories.translate(anna, "ru")
    factories.article(title="Анна о бюджете", authors=[anna_ru], parent=story_ru_section)
    form = soup_of(client, anna.url).select_one(".follow form")
    client.post(form["action"], {"follow": "1"})
    assert your_news_titles(client) == ["Anna on the budget"]
    ru = soup_of(client, "/ru/accounts/following/")
    assert [a.get_text(strip=True) for a in ru.select(".teaser__headline a")] == ["Анна о бюджете"]
    # Followed in one edition is followed in all: her Russian page says so, and unfollowing there stops both.
    russian_button = soup_of(client, anna_ru.url).select_one(".follow button")
    assert russian_button.get_text(strip=True) == "Отписаться"
    client.post(f"/ru/follow/authors/{anna_ru.pk}/", {"follow": "0"})
    assert Follow.objects.count() == 0


def test_an_article_offers_to_follow_its_authors_and_topics_with_the_readers_states(client):
    anna = factories.author(name="Anna Petrova")
    floods, riga = factories.tag("Floods"), factories.tag("Riga", kind="place")
    story = factories.article(title="River rises", authors=[anna], tags=[floods, riga])
    anonymous = soup_of(client, story.url).select_one(".follow-line")
    # The stored page is everyone's: one sign-in link, no one's state.
    assert not anonymous.select("form") and anonymous.select_one(".follow__sign-in")["href"].startswith("/accounts/")
    maria = signed_in(client)
    services.follow(reader=maria, tag=floods)
    line = soup_of(client, story.url).select_one(".follow-line")
    states = {
        item.select_one(".follow__name").get_text(strip=True): item.select_one("button").get_text(strip=True)
        for item in line.select(".follow")
    }
    assert states == {"Anna Petrova": "Follow", "Floods": "Unfollow", "Riga": "Follow"}
    form = line.select_one(f"#follow-authors-{anna.pk} form")
    answer = client.post(form["action"], {"follow": "1", "next": story.url})
    assert answer["Location"] == f"{story.url}#follow-authors-{anna.pk}"
    assert Follow.objects.filter(reader=maria, author=anna).exists()


def test_the_follow_line_costs_a_signed_in_reader_one_query_however_many_buttons(client):
    signed_in(client)
    writers = [factories.author(name=f"Writer {number}") for number in range(3)]
    topics = [factories.tag(f"Topic {number}") for number in range(4)]
    few = factories.article(title="Few", authors=writers[:1], tags=topics[:1])
    many = factories.article(title="Many", authors=writers, tags=topics)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    assert queries(many.url) == queries(few.url)


def test_the_page_lists_what_is_followed_newest_first_with_a_button_to_stop(client):
    maria = signed_in(client)
    floods = factories.tag("Floods")
    anna = factories.author(name="Anna Petrova")
    services.follow(reader=maria, tag=floods)
    services.follow(reader=maria, author=anna)
    soup = soup_of(client, "/accounts/following/")
    assert soup.select_one("#following-title").get_text(strip=True) == "You follow 2 topics and authors"
    items = [item.get_text(" ", strip=True) for item in soup.select(".following__item")]
    assert items[0].startswith("Author Anna Petrova") and items[1].startswith("Topic Floods")
    assert soup.select(".following__item a")[1]["href"] == tag_url(floods)
    stop = soup.select(".following__item form")[1]
    client.post(stop["action"], {"follow": "0", "next": "/accounts/following/"})
    assert list(Follow.objects.values_list("author", flat=True)) == [anna.pk]


def test_the_stories_are_newest_first_paginated_and_leave_out_those_taken_down(client):
    maria = signed_in(client)
    floods, anna = factories.tag("Floods"), factories.author()
    stories = [
        factories.article(title=f"Story {n}", **({"tags": [floods]} if n % 2 else {"authors": [anna]}))
        for n in range(23)
    ]
    factories.article(title="Not followed")
    services.follow(reader=maria, tag=floods)
    services.follow(reader=maria, author=anna)
    stories[22].unpublish()
    first = your_news_titles(client)
    assert first[:3] == ["Story 21", "Story 20", "Story 19"] and len(first) == 20
    assert your_news_titles(client, page=2) == ["Story 1", "Story 0"]
    assert Client().get("/accounts/following/?page=9").status_code == 302  # anonymous: to sign in
    assert client.get("/accounts/following/?page=9").status_code == 404
    assert client.get("/accounts/following/?page=x").status_code == 404


def test_the_page_shows_the_last_30_days_and_leaves_the_archive_to_the_topic_pages(client):
    maria = signed_in(client)
    floods = factories.tag("Floods")
    services.follow(reader=maria, tag=floods)
    factories.article(title="This week", tags=[floods], published_at=timezone.now() - timedelta(days=3))
    factories.article(title="Last year", tags=[floods], published_at=timezone.now() - timedelta(days=300))
    assert your_news_titles(client) == ["This week"]
    assert soup_of(client, "/accounts/following/").select(".listing-subtitle")[1].get_text(strip=True) == (
        "Their stories of the last 30 days"
    )


def test_empty_states_say_how_to_follow_and_that_nothing_is_new_yet(client):
    maria = signed_in(client)
    soup = soup_of(client, "/accounts/following/")
    assert "Press “Follow” on a topic’s or an author’s page" in soup.select_one(".empty-state").get_text()
    services.follow(reader=maria, tag=factories.tag("Quiet topic"))
    soup = soup_of(client, "/accounts/following/")
    assert (
        "Nothing in this edition from what you follow in the last 30 days" in soup.select_one(".empty-state").get_text()
    )


def test_the_page_costs_the_same_queries_for_two_follows_and_stories_as_for_twenty(client):
    maria = signed_in(client)
    section = factories.section()

    def queries():
        client.get("/accounts/following/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/accounts/following/")
        return len(captured)

    def follow_more(count):
        for _ in range(count):
            topic, author = factories.tag(f"Topic {Follow.objects.count()}"), factories.author()
            factories.article(parent=section, authors=[author], image=factories.image(), tags=[topic])
            services.follow(reader=maria, tag=topic)
            services.follow(reader=maria, author=author)

    follow_more(1)
    few = queries()
    follow_more(10)
    assert queries() == few


def test_anonymous_readers_get_a_sign_in_link_and_the_topic_page_stays_shareable(client, settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    floods = factories.tag("Floods")
    factories.article(tags=[floods])
    link = soup_of(client, tag_url(floods)).select_one(".follow a")
    assert link["href"] == f"/accounts/login/?next={tag_url(floods)}"
    assert link.get_text(strip=True) == "Sign in to follow Floods"
    assert client.get(tag_url(floods)).headers["X-Page-Cache"] == "hit"
    assert client.post(f"/follow/topics/{floods.pk}/", {"follow": "1"})["Location"].startswith("/accounts/login/")
    assert Follow.objects.count() == 0


def test_the_form_needs_the_csrf_token_and_goes_back_only_to_this_site():
    floods = factories.tag("Floods")
    strict = Client(enforce_csrf_checks=True)
    signed_in(strict)
    assert strict.post(f"/follow/topics/{floods.pk}/", {"follow": "1"}).status_code == 403
    assert Follow.objects.count() == 0
    client = Client()
    signed_in(client)
    response = client.post(f"/follow/topics/{floods.pk}/", {"follow": "1", "next": "https://evil.example/"})
    assert response["Location"] == f"/accounts/following/#follow-topics-{floods.pk}"


def test_missing_topics_unpublished_authors_and_unknown_kinds_cannot_be_followed(client):
    signed_in(client)
    assert client.post("/follow/topics/999999/", {"follow": "1"}).status_code == 404
    assert client.post(f"/follow/topics/{2**70}/", {"follow": "1"}).status_code == 404
    assert client.post("/follow/sections/1/", {"follow": "1"}).status_code == 404
    gone = factories.author()
    gone.unpublish()
    assert client.post(f"/follow/authors/{gone.pk}/", {"follow": "1"}).status_code == 404
    assert Follow.objects.count() == 0


def test_following_twice_keeps_one_and_a_full_list_refuses_more_with_a_clear_message(client, monkeypatch):
    maria = signed_in(client)
    floods = factories.tag("Floods")
    for _ in range(2):
        client.post(f"/follow/topics/{floods.pk}/", {"follow": "1"})
    assert Follow.objects.filter(reader=maria).count() == 1
    monkeypatch.setattr(services, "MAX_FOLLOWS", 1)
    extra = factories.tag("Fires")
    response = client.post(f"/follow/topics/{extra.pk}/", {"follow": "1"}, follow=True)
    assert "You follow 1 topics and authors, the most there can be" in response.content.decode()
    assert Follow.objects.filter(reader=maria).count() == 1


def test_the_api_follows_and_unfollows_for_the_pages_script(client):
    maria = signed_in(client)
    anna = factories.author()
    response = client.post(f"/api/v1/following/authors/{anna.pk}")
    assert (response.status_code, response.json()) == (
        200,
        {"kind": "authors", "id": anna.pk, "following": True, "count": 1},
    )
    response = client.delete(f"/api/v1/following/authors/{anna.pk}")
    assert response.json()["following"] is False
    assert not Follow.objects.filter(reader=maria).exists()
    missing = client.post("/api/v1/following/topics/999999")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    assert client.post(f"/api/v1/following/sections/{anna.pk}").status_code == 422


def test_the_api_refuses_anonymous_readers_and_requests_without_the_csrf_token():
    floods = factories.tag("Floods")
    assert Client().post(f"/api/v1/following/topics/{floods.pk}").status_code == 401
    strict = Client(enforce_csrf_checks=True)
    signed_in(strict)
    assert strict.post(f"/api/v1/following/topics/{floods.pk}").status_code == 403
    assert Follow.objects.count() == 0


def test_follows_are_in_the_readers_data_and_go_with_their_account_or_the_topic(client):
    maria = signed_in(client)
    floods, fires = factories.tag("Floods"), factories.tag("Fires")
    services.follow(reader=maria, tag=floods)
    services.follow(reader=maria, tag=fires)
    data = json.loads(client.get("/accounts/profile/data/").content)
    assert sorted(entry["topic"] for entry in data["following"]) == ["Fires", "Floods"]
    fires.delete()
    assert Follow.objects.count() == 1
    maria.delete()
    assert Follow.objects.count() == 0


def test_the_header_links_signed_in_readers_to_their_news(client):
    signed_in(client)
    soup = soup_of(client, factories.home().url)
    assert soup.select_one('.account-link a[href="/accounts/following/"]').get_text(strip=True) == "Your news"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans are read here; bench/your_news.py times both")
def test_your_news_walks_the_recent_articles_instead_of_sorting_every_followed_one(client):
    # With 100,000 articles' statistics, matching the follows by id lists made SQLite gather and sort every
    # followed article of the archive (120 ms a page); walking the period's articles newest first takes 0.1 ms.
    maria = signed_in(client)
    floods, anna = factories.tag("Floods"), factories.author()
    factories.article(tags=[floods], authors=[anna])
    services.follow(reader=maria, tag=floods)
    services.follow(reader=maria, author=anna)
    client.get("/accounts/following/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/accounts/following/")
    with large_newsroom_planner() as planner:
        plans = {
            query["sql"]: [row[3] for row in planner.execute("EXPLAIN QUERY PLAN " + query["sql"])]
            for query in queries
            if "newsroom_taggedarticle" in query["sql"]
        }
    assert plans, "the page did not read the followed topics"
    for sql, plan in plans.items():
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, (sql, plan)
        assert any("newsroom_page_by_language_and_date" in line for line in plan), (sql, plan)
