"""The API answers readers in the language they read in, although its addresses carry no language prefix."""

import pytest

from masthead.comments.tests.helpers import article, policy, reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    policy()
    client.force_login(reader())
    return client


def post_comment(client, story, body, **headers):
    return client.post(f"/api/v1/articles/{story.pk}/comments", body, content_type="application/json", **headers)


def test_a_refusal_comes_in_the_language_the_page_asks_for(signed_in):
    story = article()
    russian = post_comment(signed_in, story, {"text": "   "}, HTTP_ACCEPT_LANGUAGE="ru")
    english = post_comment(signed_in, story, {"text": "   "}, HTTP_ACCEPT_LANGUAGE="en")
    assert russian.json()["error"]["message"] == "Сначала напишите что-нибудь."
    assert english.json()["error"]["message"] == "Please write something first."


def test_a_published_comment_is_announced_in_the_readers_language(signed_in):
    answer = post_comment(signed_in, article(), {"text": "Спасибо за статью."}, HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 201
    assert answer.json()["message"] == "Ваш комментарий опубликован."


def test_malformed_fields_and_a_missing_session_are_explained_in_the_readers_language(client, signed_in):
    story = article()
    malformed = post_comment(signed_in, story, {"parent": 1}, HTTP_ACCEPT_LANGUAGE="ru")
    assert malformed.status_code == 422
    assert malformed.json()["error"]["message"] == "Некоторые поля не заполнены или заполнены неверно."
    signed_in.logout()
    anonymous = post_comment(signed_in, story, {"text": "Hello"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["message"] == "Пожалуйста, войдите."


def test_without_a_preference_the_site_language_is_used(client):
    answer = client.get("/api/v1/articles/987654/comments")
    assert answer.json()["error"]["message"] == "This article does not exist or is not published."


def test_an_answer_in_russian_is_labelled_russian(client):
    answer = client.get("/api/v1/articles/999999999", HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 404 and answer["Content-Language"] == "ru"
    assert client.get("/api/v1/articles/999999999", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"


def test_what_is_wrong_with_each_field_is_said_in_the_readers_language(signed_in):
    story = article()
    missing = post_comment(signed_in, story, {"parent": 1}, HTTP_ACCEPT_LANGUAGE="ru")
    assert missing.json()["error"]["fields"]["text"] == ["Обязательное поле."]
    wrong_kind = post_comment(signed_in, story, {"text": "Hello", "parent": "first"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert wrong_kind.json()["error"]["fields"]["parent"] == ["Должно быть целым числом."]
    order = signed_in.get(f"/api/v1/articles/{story.pk}/comments?order=best", HTTP_ACCEPT_LANGUAGE="ru")
    assert order.json()["error"]["fields"]["order"] == ["Допустимые значения: 'oldest', 'newest', 'liked'."]
    english = signed_in.get(f"/api/v1/articles/{story.pk}/comments?order=best", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["fields"]["order"] == ["Must be one of: 'oldest', 'newest', 'liked'."]
