"""A reader opening a page while the database does not answer gets a short "try again" page with status 503 and
Retry-After (a passing state for browsers, crawlers and the caching proxy), not a server error."""

import pytest
from bs4 import BeautifulSoup

from masthead.api.tests.faults import database_stops_answering
from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    factories.home()
    return factories.article(parent=factories.section(title="Politics", slug="politics"), title="Budget approved")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_page_read_while_the_database_does_not_answer_is_a_503_to_try_again(client, story, settings, language):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 0  # rendered, not answered from the cache
    if language == "ru":
        factories.home(language="ru", title="Новости")
    url = story.url if language == "en" else "/ru/"
    with database_stops_answering(from_statement="SELECT") as refused:
        response = client.get(url)
    assert refused, "the page should have asked the database"
    assert len(refused) == 1, "the answer itself reads nothing from the database"
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    page = BeautifulSoup(response.content, "html.parser")
    heading = {"en": "The site is busy for a moment", "ru": "Сайт на минуту занят"}[language]
    assert page.h1.get_text() == heading
    assert page.select_one(f'a[href="{ {"en": "/", "ru": "/ru/"}[language] }"]')  # the front page of its edition

    assert client.get(url).status_code == 200, "the same page, once the database answers again"
