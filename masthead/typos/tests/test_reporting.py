"""A reader reports a typo through the API: what is stored, what is counted, and what is refused, with a reason."""

import json

import pytest
from django.test import Client

from masthead.api.tests.faults import database_stops_answering
from masthead.newsroom.models import ArticlePage
from masthead.typos.models import TypoReport, TypoReporter

from . import helpers

pytestmark = pytest.mark.django_db


def test_report_stores_the_exact_selection_context_place_and_live_revision(client):
    article = helpers.article()
    payload = helpers.place(article, "teh", block_index=0)
    response = helpers.post_report(client, article.pk, {**payload, "suggestion": "the", "comment": "Typo"})
    assert response.status_code == 201
    assert response.json() == {"message": "Thank you! Now the editors are aware.", "count": 1, "duplicate": False}
    report = TypoReport.objects.get()
    assert (report.selection, report.context_before, report.context_after) == (
        "teh",
        "The council approved ",
        " budget on Monday after a long debate. ",
    )
    assert (report.scope, report.block_id, report.offset) == ("body", helpers.block_id(article, 0), 21)
    assert (report.suggestion, report.comment, report.count, report.status) == ("the", "Typo", 1, "new")
    assert report.revision_id == ArticlePage.objects.get(pk=article.pk).live_revision_id is not None


def test_reporter_is_kept_as_a_salted_hash_never_the_address(client):
    article = helpers.article()
    helpers.post_report(
        client, article.pk, helpers.place(article, "teh", block_index=0), REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="X"
    )
    reader = TypoReporter.objects.get()
    assert len(reader.reporter_hash) == 64
    stored = json.dumps(list(TypoReporter.objects.values())[0], default=str) + json.dumps(
        list(TypoReport.objects.values())[0], default=str
    )
    assert "203.0.113.9" not in stored
    assert reader.user is None and reader.language == "en"


def test_logged_in_reader_is_stored_with_the_report(client):
    article = helpers.article()
    reader = helpers.user()
    client.force_login(reader)
    helpers.post_report(client, article.pk, helpers.place(article, "Whta", block_index=1))
    assert TypoReporter.objects.get().user == reader


def test_headline_and_lead_selections_are_reported_with_their_scope(client):
    article = helpers.article()
    assert helpers.post_report(client, article.pk, helpers.place(article, "teh", scope="headline")).status_code == 201
    assert helpers.post_report(client, article.pk, helpers.place(article, "debat", scope="lead")).status_code == 201
    assert sorted(TypoReport.objects.values_list("scope", "offset")) == [("headline", 17), ("lead", 56)]


# --- deduplication -------------------------------------------------------------------------------------------


def test_same_selection_and_context_from_another_reader_raises_the_count(client):
    article = helpers.article()
    payload = helpers.place(article, "teh", block_index=0)
    helpers.post_report(client, article.pk, payload, REMOTE_ADDR="203.0.113.1")
    response = helpers.post_report(client, article.pk, {**payload, "suggestion": "the"}, REMOTE_ADDR="203.0.113.2")
    assert response.status_code == 200
    assert response.json()["duplicate"] is True
    report = TypoReport.objects.get()
    assert report.count == 2
    assert report.suggestion == "the"  # the second reader's suggestion fills the gap
    assert report.reporters.count() == 2


def test_the_same_reader_reporting_twice_is_counted_once(client):
    article = helpers.article()
    payload = helpers.place(article, "teh", block_index=0)
    helpers.post_report(client, article.pk, payload)
    assert helpers.post_report(client, article.pk, payload).status_code == 200
    assert TypoReport.objects.get().count == 1


def test_same_word_in_another_context_is_a_separate_report(client):
    article = helpers.article()
    helpers.post_report(client, article.pk, helpers.place(article, "teh", block_index=0))
    helpers.post_report(client, article.pk, helpers.place(article, "teh", block_index=2))
    assert TypoReport.objects.count() == 2


def test_a_closed_report_is_not_reopened_by_a_new_sighting(client):
    article = helpers.article()
    payload = helpers.place(article, "teh", block_index=0)
    helpers.post_report(client, article.pk, payload)
    TypoReport.objects.update(status=TypoReport.Status.DISMISSED)
    assert helpers.post_report(client, article.pk, payload, REMOTE_ADDR="198.51.100.7").status_code == 201
    assert list(TypoReport.objects.order_by("pk").values_list("status", "count")) == [("dismissed", 1), ("new", 1)]


# --- bad input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("selection", "x" * 301),
        ("context_before", "y" * 201),
        ("context_after", "z" * 201),
        ("suggestion", "s" * 301),
        ("comment", "c" * 1001),
        ("email", "a" * 250 + "@example.org"),
    ],
)
def test_every_field_over_its_cap_is_a_413_naming_the_field(client, field, value):
    article = helpers.article()
    response = helpers.post_report(client, article.pk, {**helpers.place(article, "teh", block_index=0), field: value})
    assert response.status_code == 413
    body = response.json()["error"]
    assert body["code"] == "too_long"
    assert list(body["fields"]) == [field]
    assert TypoReport.objects.count() == 0


def test_oversized_body_is_refused_before_it_is_read(client):
    article = helpers.article()
    response = helpers.post_report(client, article.pk, {"selection": "teh", "comment": "c" * 20_000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize(("missing", "code"), [("selection", "empty"), ("scope", "no_scope"), ("offset", "bad_offset")])
def test_missing_fields_are_a_400_naming_the_field(client, missing, code):
    article = helpers.article()
    payload = helpers.place(article, "teh", block_index=0)
    del payload[missing]
    response = helpers.post_report(client, article.pk, payload)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert missing in response.json()["error"]["fields"]


@pytest.mark.parametrize("selection", ["", "   ", "\n\t", "\x00\x01"])
def test_empty_selection_is_refused(client, selection):
    article = helpers.article()
    payload = {**helpers.place(article, "teh", block_index=0), "selection": selection}
    response = helpers.post_report(client, article.pk, payload)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Please select the text with the error first."


def test_malformed_json_is_a_clear_error_not_a_500(client):
    article = helpers.article()
    for body in [b"{not json", b"[1, 2]", b'{"offset": "first"}', b'{"selection": "\xff"}']:
        response = helpers.post_report(client, article.pk, body)
        assert response.status_code in {400, 422}, body
        assert "error" in response.json()


def test_invalid_email_is_refused(client):
    article = helpers.article()
    response = helpers.post_report(
        client, article.pk, {**helpers.place(article, "teh", block_index=0), "email": "not-an-address"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"email": ["Please enter a valid email address."]}


def test_missing_and_unpublished_articles_take_no_reports(client):
    article = helpers.article()
    payload = helpers.place(article, "teh", block_index=0)
    assert helpers.post_report(client, 999_999, payload).status_code == 404
    article.unpublish()
    response = helpers.post_report(client, article.pk, payload)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "no_article"
    assert TypoReport.objects.count() == 0


def test_text_that_is_not_in_the_article_is_refused(client):
    article = helpers.article()
    other = helpers.article(title="Another story")
    payload = helpers.place(article, "teh", block_index=0)
    # Right text, wrong article (its blocks have other ids), and words that are nowhere in the article.
    assert helpers.post_report(client, other.pk, payload).status_code == 400
    response = helpers.post_report(client, article.pk, {**payload, "selection": "buy cheap pills"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_in_article"


def test_flood_past_the_rate_limit_is_a_429(client, settings):
    settings.MASTHEAD_TYPOS_RATES = ["5/m"]
    article = helpers.article()
    payload = helpers.place(article, "teh", block_index=0)
    answers = [helpers.post_report(client, article.pk, payload).status_code for _ in range(7)]
    assert answers == [201, 200, 200, 200, 200, 429, 429]
    assert TypoReport.objects.get().count == 1
    # Another reader is not held up by the first one's flood.
    assert helpers.post_report(client, article.pk, payload, REMOTE_ADDR="198.51.100.20").status_code == 200


# --- CSRF and origin ------------------------------------------------------------------------------------------


def test_report_without_a_csrf_token_is_refused_even_for_anonymous_readers():
    article = helpers.article()
    browser = Client(enforce_csrf_checks=True)
    response = helpers.post_report(browser, article.pk, helpers.place(article, "teh", block_index=0))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert TypoReport.objects.count() == 0


def test_token_from_the_token_endpoint_lets_an_anonymous_reader_report():
    article = helpers.article()
    browser = Client(enforce_csrf_checks=True)
    answer = browser.get("/api/v1/typos/token")
    assert "no-cache" in answer["Cache-Control"] or "max-age=0" in answer["Cache-Control"]
    token = answer.json()["token"]
    response = helpers.post_report(
        browser, article.pk, helpers.place(article, "teh", block_index=0), HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def test_report_from_another_origin_is_refused():
    article = helpers.article()
    browser = Client(enforce_csrf_checks=True)
    token = browser.get("/api/v1/typos/token").json()["token"]
    response = helpers.post_report(
        browser,
        article.pk,
        helpers.place(article, "teh", block_index=0),
        HTTP_X_CSRFTOKEN=token,
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403


def test_refusals_speak_the_articles_language(client):
    from masthead.newsroom.tests import factories

    english = helpers.article()
    factories.home(language="ru")
    factories.translate(english.get_parent().specific, "ru")
    russian = factories.translate(english, "ru", title="Совет одобрил бюджет")
    response = helpers.post_report(client, russian.pk, {"selection": "", "scope": "body", "offset": 0})
    assert response.json()["error"]["message"] == "Сначала выделите текст с ошибкой."


def test_the_endpoints_are_in_the_generated_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/articles/{article_id}/typos"]
    assert "get" in paths["/api/v1/typos/token"]


def test_a_report_the_database_cannot_take_is_answered_503_and_can_be_sent_again(client):
    article = helpers.article()
    payload = helpers.place(article, "teh", block_index=0)
    with database_stops_answering(from_statement='INSERT INTO "TYPOS_') as refused:
        response = helpers.post_report(client, article.pk, payload)
    assert refused
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"
    assert TypoReport.objects.count() == 0
    assert helpers.post_report(client, article.pk, payload).status_code == 201
    assert TypoReport.objects.get().count == 1
