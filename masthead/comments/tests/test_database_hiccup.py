"""The database stops answering while a comment is saved: the reader is told to send it again, gets their text back,
and sending it again stores it once (the failure is made by `masthead.api.tests.faults`)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from masthead.api.tests.faults import database_stops_answering
from masthead.comments.models import Comment

from . import helpers

pytestmark = pytest.mark.django_db

TEXT = "The bridge schedule <b>changed</b> again & nobody told us."


@pytest.fixture
def reader_client():
    helpers.policy()
    client = Client()
    client.force_login(helpers.reader())
    return client


def test_the_api_answers_503_with_retry_after_and_the_same_post_then_stores_one_comment(reader_client):
    article = helpers.article()
    payload = {"text": TEXT, "submission_key": "k-api-1"}
    url = f"/api/v1/articles/{article.pk}/comments"
    with database_stops_answering(from_statement='INSERT INTO "COMMENTS_COMMENT"') as refused:
        response = reader_client.post(url, json.dumps(payload), content_type="application/json")
    assert refused, "the comment's INSERT should have been refused"
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"
    assert "try again" in response.json()["error"]["message"]
    assert Comment.objects.count() == 0

    again = reader_client.post(url, json.dumps(payload), content_type="application/json")
    assert again.status_code == 201
    assert reader_client.post(url, json.dumps(payload), content_type="application/json").status_code == 201
    assert list(Comment.objects.values_list("text", flat=True)) == [TEXT], "sent three times, stored once"


def test_the_form_gives_the_text_back_in_a_form_to_send_again_without_reading_the_database(reader_client):
    article = helpers.article()
    parent = Comment.objects.create(article=article, author=helpers.reader(), text="Earlier", status="published")
    form = {"text": TEXT, "parent": str(parent.pk), "submission_key": "k-form-1"}
    url = f"/articles/{article.pk}/comments/"
    with database_stops_answering(from_statement='INSERT INTO "COMMENTS_COMMENT"') as refused:
        response = reader_client.post(url, form)
    # After the INSERT every statement failed: the page and everything after the view ran without the database.
    assert len(refused) == 1, refused
    assert response.status_code == 503 and response["Retry-After"] == "5"
    page = BeautifulSoup(response.content, "html.parser")
    assert "database did not answer" in page.select_one("[role=alert]").get_text()
    again = page.select_one("form")
    assert again["action"] == url and again["method"] == "post"
    assert again.select_one("textarea[name=text]").get_text() == TEXT  # escaped in the page, the same text
    assert "<b>" not in response.content.decode()
    fields = {field["name"]: field["value"] for field in again.select("input[type=hidden]")}
    assert fields["submission_key"] == "k-form-1" and fields["parent"] == str(parent.pk)
    assert fields["csrfmiddlewaretoken"]
    assert Comment.objects.filter(text=TEXT).count() == 0

    for _attempt in range(2):
        assert reader_client.post(url, fields | {"text": TEXT}).status_code == 302
    assert Comment.objects.filter(text=TEXT, parent=parent).count() == 1, "sent twice, stored once"
