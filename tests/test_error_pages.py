"""Requests the site cannot take get a page saying what happened and what to do, in the reader's language."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from masthead.comments.tests import helpers

pytestmark = pytest.mark.django_db


def alert(response):
    return BeautifulSoup(response.content, "html.parser").select_one("[role=alert]").get_text(" ", strip=True)


def test_a_form_post_too_large_to_read_gets_a_clear_400_and_stores_nothing(client):
    from masthead.comments.models import Comment

    article = helpers.article()
    client.force_login(helpers.reader())
    response = client.post(f"/articles/{article.pk}/comments/", {"text": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 400
    assert "too large or damaged, so nothing was stored" in alert(response)
    assert Comment.objects.count() == 0


def post_without_token(prefix=""):
    article = helpers.article()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(helpers.reader())
    return browser.post(f"{prefix}/articles/{article.pk}/comments/", {"text": "Hello"})


def test_a_form_without_its_csrf_token_gets_a_page_saying_what_to_do():
    response = post_without_token()
    assert response.status_code == 403
    assert "reload the page, and send it again" in alert(response)


def test_the_error_pages_speak_russian_on_the_russian_edition():
    from masthead.newsroom.tests import factories

    factories.home(language="ru")
    response = post_without_token(prefix="/ru")
    assert response.status_code == 403
    assert BeautifulSoup(response.content, "html.parser").select_one("h1").get_text() == "Форма устарела"


def test_a_missing_page_of_the_russian_edition_leads_back_to_the_russian_front_page(client):
    from masthead.newsroom.tests import factories

    factories.home(language="ru")
    page = BeautifulSoup(client.get("/ru/no-such-page/").content, "html.parser")
    assert page.select_one("html")["lang"] == "ru"
    assert page.select_one(".masthead__name")["href"] == "/ru/"
    assert page.select_one(".error-page a")["href"] == "/ru/"


def test_an_expired_form_while_the_database_does_not_answer_still_gets_its_403_page():
    from masthead.api.tests.faults import database_stops_answering

    article = helpers.article()
    browser = Client(enforce_csrf_checks=True)
    with database_stops_answering(from_statement="SELECT"):
        response = browser.post(f"/articles/{article.pk}/comments/", {"text": "Hello"})
    assert response.status_code == 403
    assert "reload the page, and send it again" in alert(response)
