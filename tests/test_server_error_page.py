"""A server error answers in the reader's language and leads to their edition's front page."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_search(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("masthead.search.views.search_results_page", broken)


@pytest.mark.parametrize(
    "address, language, heading, home",
    [
        ("/search/?q=tram", "en", "Something went wrong on our side", "/"),
        ("/ru/search/?q=tram", "ru", "Что-то пошло не так на нашей стороне", "/ru/"),
    ],
)
def test_a_server_error_is_explained_in_the_readers_language(failing_search, address, language, heading, home):
    factories.home()
    factories.home(language="ru", title="Новости")
    answer = Client(raise_request_exception=False).get(address)
    assert answer.status_code == 500
    page = BeautifulSoup(answer.content, "html.parser")
    assert page.html["lang"] == language
    assert page.h1.get_text(strip=True) == heading
    assert page.select_one("main a")["href"] == home
