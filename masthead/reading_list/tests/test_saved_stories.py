"""Readers save stories to read later, with or without JavaScript, and find them on every device they sign in on."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masthead.comments.tests.helpers import reader
from masthead.newsroom.tests import factories
from masthead.reading_list import services
from masthead.reading_list.models import SavedStory

pytestmark = pytest.mark.django_db


def signed_in(client, person=None):
    person = person or reader("Maria")
    client.force_login(person)
    return person


def button(client, story):
    return BeautifulSoup(client.get(story.url).content, "html.parser").select_one("[data-save-story]")


def saved_titles(client, page=None):
    response = client.get("/accounts/saved/", {"page": page} if page else {})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".teaser__headline a")]


def test_a_reader_saves_a_story_without_javascript_and_finds_it_in_their_list(client):
    maria = signed_in(client)
    story = factories.article(title="Bridge reopens")
    form = button(client, story).select_one("form")
    assert form.select_one("input[name=save]")["value"] == "1"
    assert form.select_one("button").get_text(strip=True) == "Save for later"
    response = client.post(form["action"], {"save": "1", "next": story.url})
    assert response.status_code == 302 and response["Location"] == f"{story.url}#save-story"
    assert SavedStory.objects.filter(reader=maria, article=story).exists()
    again = button(client, story)
    assert again.select_one("input[name=save]")["value"] == "0"
    assert again.select_one("button").get_text(strip=True) == "Remove from saved stories"
    assert saved_titles(client) == ["Bridge reopens"]


def test_saving_twice_keeps_one_and_removing_twice_is_harmless(client):
    maria = signed_in(client)
    story = factories.article()
    for _ in range(2):
        client.post(f"/saved/{story.pk}/", {"save": "1"})
    assert SavedStory.objects.filter(reader=maria).count() == 1
    for _ in range(2):
        client.post(f"/saved/{story.pk}/", {"save": "0"})
    assert SavedStory.objects.filter(reader=maria).count() == 0


def test_the_list_is_newest_saved_first_paginated_and_leaves_out_stories_taken_down(client):
    maria = signed_in(client)
    stories = [factories.article(title=f"Story {n}") for n in range(23)]
    for story in stories:
        services.story_save(reader=maria, article=story)
    stories[22].unpublish()
    first = saved_titles(client)
    assert first[:3] == ["Story 21", "Story 20", "Story 19"] and len(first) == 20
    assert saved_titles(client, page=2) == ["Story 1", "Story 0"]


def test_an_empty_list_says_how_to_fill_it(client):
    signed_in(client)
    soup = BeautifulSoup(client.get("/accounts/saved/").content, "html.parser")
    assert "Press “Save for later” under a story" in soup.select_one(".empty-state").get_text()


def test_the_list_costs_the_same_queries_for_two_stories_as_for_twenty(client):
    maria = signed_in(client)

    def queries():
        client.get("/accounts/saved/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/accounts/saved/")
        return len(captured)

    author = factories.author()
    section = factories.section()

    def save_story():
        story = factories.article(parent=section, authors=[author], image=factories.image(), tags=[factories.tag("T")])
        services.story_save(reader=maria, article=story)

    for _ in range(2):
        save_story()
    few = queries()
    for _ in range(18):
        save_story()
    assert queries() == few


def test_anonymous_readers_get_a_sign_in_link_and_their_page_stays_shareable(client, settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    story = factories.article()
    link = button(client, story).select_one("a")
    assert link["href"] == f"/accounts/login/?next={story.url}"
    assert client.get(story.url).headers["X-Page-Cache"] == "hit"
    assert client.post(f"/saved/{story.pk}/", {"save": "1"})["Location"].startswith("/accounts/login/")
    assert SavedStory.objects.count() == 0


def test_the_form_needs_the_csrf_token_and_goes_back_only_to_this_site():
    strict = Client(enforce_csrf_checks=True)
    signed_in(strict)
    story = factories.article()
    assert strict.post(f"/saved/{story.pk}/", {"save": "1"}).status_code == 403
    assert SavedStory.objects.count() == 0
    client = Client()
    signed_in(client)
    response = client.post(f"/saved/{story.pk}/", {"save": "1", "next": "https://evil.example/"})
    assert response["Location"] == f"{story.url}#save-story"


def test_a_missing_or_unpublished_story_cannot_be_saved(client):
    signed_in(client)
    assert client.post("/saved/999999/", {"save": "1"}).status_code == 404
    assert client.post(f"/saved/{2**70}/", {"save": "1"}).status_code == 404
    draft = factories.article()
    draft.unpublish()
    response = client.post(f"/saved/{draft.pk}/", {"save": "1"}, follow=True)
    assert "This story is not published." in response.content.decode()
    assert SavedStory.objects.count() == 0


def test_a_full_list_refuses_more_with_a_clear_message(client, monkeypatch):
    monkeypatch.setattr(services, "MAX_SAVED", 2)
    maria = signed_in(client)
    for _ in range(2):
        services.story_save(reader=maria, article=factories.article())
    extra = factories.article()
    response = client.post(f"/saved/{extra.pk}/", {"save": "1"}, follow=True)
    assert "Your list holds 2 stories at most" in response.content.decode()
    assert SavedStory.objects.filter(reader=maria).count() == 2


def test_the_api_saves_and_removes_for_the_pages_script(client):
    maria = signed_in(client)
    story = factories.article()
    response = client.post(f"/api/v1/articles/{story.pk}/save")
    assert (response.status_code, response.json()) == (200, {"article": story.pk, "saved": True, "count": 1})
    response = client.delete(f"/api/v1/articles/{story.pk}/save")
    assert response.json() == {"article": story.pk, "saved": False, "count": 0}
    assert not SavedStory.objects.filter(reader=maria).exists()
    missing = client.post("/api/v1/articles/999999/save")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")


def test_the_api_refuses_anonymous_readers_and_requests_without_the_csrf_token():
    story = factories.article()
    assert Client().post(f"/api/v1/articles/{story.pk}/save").status_code == 401
    strict = Client(enforce_csrf_checks=True)
    signed_in(strict)
    assert strict.post(f"/api/v1/articles/{story.pk}/save").status_code == 403
    assert SavedStory.objects.count() == 0


def test_saved_stories_are_in_the_readers_data_and_go_with_their_account(client):
    maria = signed_in(client)
    story = factories.article(title="Bridge reopens")
    services.story_save(reader=maria, article=story)
    data = json.loads(client.get("/accounts/profile/data/").content)
    assert [entry["article"] for entry in data["saved_stories"]] == ["Bridge reopens"]
    maria.delete()
    assert SavedStory.objects.count() == 0


def test_the_header_links_signed_in_readers_to_their_list(client):
    signed_in(client)
    soup = BeautifulSoup(client.get(factories.home().url).content, "html.parser")
    assert soup.select_one('.account-link a[href="/accounts/saved/"]').get_text(strip=True) == "Saved stories"


def test_the_russian_edition_offers_it_in_russian(client):
    signed_in(client)
    story = factories.article(parent=factories.section(title="Город", parent=factories.home(language="ru")))
    assert button(client, story).select_one("button").get_text(strip=True) == "Сохранить на потом"
