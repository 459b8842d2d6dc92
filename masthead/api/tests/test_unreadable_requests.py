"""What the fuzzing of the API found, kept as plain tests: each request below once got a server error, Django's
HTML page or plain text instead of the one JSON error shape."""

import pytest
from django.test import Client

from masthead.comments.tests.helpers import article, policy, reader

pytestmark = pytest.mark.django_db

# The largest primary key plus one: SQLite cannot even bind it.
PAST_THE_LARGEST_ID = 2**63
CSRF = "a" * 32


def error_of(response):
    assert response["Content-Type"].startswith("application/json"), response.content
    return response.json()["error"]


@pytest.fixture
def browser():
    """A client that is checked for CSRF like a browser, signed in as a reader, with the CSRF cookie."""
    client = Client(enforce_csrf_checks=True, headers={"X-CSRFToken": CSRF})
    client.cookies["csrftoken"] = CSRF
    client.force_login(reader())
    return client


@pytest.mark.parametrize("kind", ["comments", "typos"])
def test_a_form_body_without_its_boundary_is_refused_in_the_error_shape(browser, kind):
    story = article()
    response = browser.post(
        f"/api/v1/articles/{story.pk}/{kind}", data=b"text=hello", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_body"


def test_a_body_that_is_not_json_is_refused_in_the_readers_language(client):
    response = client.post(
        "/api/v1/newsletter/subscriptions",
        data=b"{not json",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_body"
    assert error["message"] == "Не удалось прочитать тело запроса."


@pytest.mark.parametrize(
    "address",
    [
        f"/api/v1/articles/{PAST_THE_LARGEST_ID}/comments",
        f"/api/v1/articles/{PAST_THE_LARGEST_ID}/comments/count",
    ],
)
def test_an_id_past_the_largest_key_is_not_found(client, address):
    response = client.get(address)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_liking_or_replying_to_an_id_past_the_largest_key_is_refused_not_failed(client):
    policy()
    story = article()
    client.force_login(reader())
    like = client.post(f"/api/v1/comments/{PAST_THE_LARGEST_ID}/like")
    assert like.status_code == 404
    reply = client.post(
        f"/api/v1/articles/{story.pk}/comments",
        {"text": "A reply to nothing.", "parent": PAST_THE_LARGEST_ID},
        content_type="application/json",
    )
    assert reply.status_code == 400
    assert error_of(reply)["code"] == "no_parent"


def test_a_typo_report_on_an_id_past_the_largest_key_is_not_found(client):
    token = client.get("/api/v1/typos/token").json()["token"]
    response = client.post(
        f"/api/v1/articles/{PAST_THE_LARGEST_ID}/typos",
        {"selection": "teh", "scope": "body", "offset": 0},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 404
    assert error_of(response)["code"] == "no_article"


def test_a_method_an_address_does_not_take_is_refused_in_the_error_shape_with_allow(client):
    response = client.put("/api/v1/articles/1/comments", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
    error = error_of(response)
    assert error["code"] == "method_not_allowed"
    assert error["message"] == "Этот адрес не принимает запросы PUT."


def test_head_is_answered_wherever_get_is_with_the_same_headers_and_no_body(client):
    story = article()
    for address in ["/api/v1/articles", f"/api/v1/articles/{story.pk}", f"/api/v1/articles/{story.pk}/comments"]:
        got, head = client.get(address), client.head(address)
        assert head.status_code == got.status_code == 200, address
        assert head["Content-Type"] == got["Content-Type"] and head.content == b""


def test_the_documented_api_does_not_list_head_beside_get(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not [path for path, operations in paths.items() if "head" in operations]


@pytest.mark.parametrize("parent", [True, "1"])
def test_a_parent_that_is_truth_or_text_is_refused_not_read_as_a_number(client, parent):
    policy()
    story = article()
    client.force_login(reader())
    first = client.post(f"/api/v1/articles/{story.pk}/comments", {"text": "First."}, content_type="application/json")
    answer = client.post(
        f"/api/v1/articles/{story.pk}/comments",
        {"text": "Not a reply.", "parent": parent},
        content_type="application/json",
    )
    assert first.status_code == 201
    assert answer.status_code == 422
    assert list(error_of(answer)["fields"]) == ["parent"]


def test_a_parent_written_as_a_whole_float_is_the_number_json_schema_says(client):
    policy()
    story = article()
    client.force_login(reader())
    first = client.post(f"/api/v1/articles/{story.pk}/comments", {"text": "First."}, content_type="application/json")
    parent = first.json()["comment"]["id"]
    reply = client.post(
        f"/api/v1/articles/{story.pk}/comments",
        {"text": "A reply.", "parent": float(parent)},
        content_type="application/json",
    )
    assert reply.status_code == 201 and reply.json()["comment"]["parent"] == parent
