"""Every piece of bad input gets a clear answer and loses nothing, through the form and through the API."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from masthead.comments import services
from masthead.comments.models import Comment

from . import helpers


def api_post(client, article_id, payload, **extra):
    return client.post(
        f"/api/v1/articles/{article_id}/comments",
        data=json.dumps(payload) if not isinstance(payload, bytes) else payload,
        content_type="application/json",
        **extra,
    )


@pytest.fixture
def logged_in(db):
    helpers.policy()
    client = Client()
    client.force_login(helpers.reader())
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "\u200b\u200b", "\x00\x01\x02"])
def test_empty_or_invisible_text_is_refused_with_a_message(logged_in, text):
    article = helpers.article()
    response = api_post(logged_in, article.pk, {"text": text})
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "empty"
    assert body["error"]["fields"] == {"text": ["Please write something first."]}
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_ten_megabyte_body_is_refused_before_it_is_read(logged_in, settings):
    article = helpers.article()
    huge = {"text": "x" * (10 * 1024 * 1024)}
    response = api_post(logged_in, article.pk, huge)
    assert response.status_code in {413, 422}
    assert response.json()["error"]["code"] in {"too_large", "invalid"}
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_text_over_the_policy_length_is_a_413_with_the_numbers(logged_in):
    article = helpers.article()
    response = api_post(logged_in, article.pk, {"text": "y" * 3001})
    assert response.status_code == 413
    assert "at most 3000 characters; this one has 3001" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_invalid_utf8_is_a_clear_400_not_a_500(logged_in):
    article = helpers.article()
    response = api_post(logged_in, article.pk, b'{"text": "\xff\xfe broken"}')
    assert response.status_code in {400, 422}
    assert "error" in response.json()


@pytest.mark.django_db
def test_control_and_zero_width_characters_are_removed_but_the_words_kept(logged_in):
    article = helpers.article()
    response = api_post(logged_in, article.pk, {"text": "Hel\u200blo\x07 wor\u202eld\r\n\r\n\r\n\r\nBye"})
    assert response.status_code == 201
    assert Comment.objects.get().text == "Hello world\n\nBye"


@pytest.mark.django_db
def test_html_and_script_are_stored_as_text_and_shown_escaped(logged_in, client):
    article = helpers.article()
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'
    assert api_post(logged_in, article.pk, {"text": payload}).status_code == 201
    assert Comment.objects.get().text == payload
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def assert_inert(html, payload):
    """Nothing a reader wrote becomes an element, an event handler or a script URL."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        assert not any(attr.lower().startswith("on") for attr in element.attrs), payload
        for attr in ("href", "src", "action", "formaction", "style"):
            value = " ".join(element.get(attr, "")) if isinstance(element.get(attr), list) else element.get(attr, "")
            assert not str(value).strip().lower().startswith(("javascript:", "data:", "vbscript:")), payload
    assert soup.find(["script", "iframe", "img", "svg", "object", "embed", "style", "math", "base"]) is None, payload


@pytest.mark.django_db
def test_every_xss_payload_is_rendered_inert_as_comment_and_as_display_name(rf):
    """Every line of the shared XSS lists, as a comment's text and as its author's name, rendered by the
    thread's own template (the browser test runs a sample of them in Chromium)."""
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string

    from masthead.accounts.models import ReaderProfile
    from masthead.comments.templatetags.comment_tags import allowed_link_domains

    payloads = helpers.xss_payloads()
    assert len(payloads) > 2000
    policy = helpers.policy(("link_policy", {"allowed_domains": "example.org", "action": "reject"}))
    article = helpers.article()
    viewer = helpers.reader()
    request = rf.get(article.url)
    request.user = viewer
    for payload in payloads:
        author = get_user_model()(pk=10**9, username="x")
        author.reader_profile = ReaderProfile(display_name=payload[:60])
        comment = Comment(pk=1, article=article, author=author, text=payload, status="published", depth=0)
        comment.thread_replies = []
        html = render_to_string(
            "comments/comment.html",
            {
                "comment": comment,
                "viewer": viewer,
                "policy": policy,
                "mode": "open",
                "article": article,
                "link_domains": allowed_link_domains(policy),
                "request": request,
            },
        )
        assert_inert(html, payload)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["closed", "unpublished", "missing"])
def test_commenting_where_one_cannot_is_refused_with_its_reason(logged_in, state):
    article = helpers.article()
    expected = {"closed": (403, "closed"), "unpublished": (404, "no_article"), "missing": (404, "not_found")}
    article_id = article.pk
    if state == "closed":
        article.comment_mode = "closed"
        article.save()
    elif state == "unpublished":
        article.unpublish()
    else:
        article_id = 999_999
    response = api_post(logged_in, article_id, {"text": "Hello"})
    status, code = expected[state]
    assert response.status_code == status
    assert response.json()["error"]["code"] in {code, "no_article"}
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_double_submit_stores_one_comment(logged_in):
    article = helpers.article()
    payload = {"text": "Posted once", "submission_key": "form-123"}
    first = api_post(logged_in, article.pk, payload)
    second = api_post(logged_in, article.pk, payload)
    assert first.status_code == second.status_code == 201
    assert first.json()["comment"]["id"] == second.json()["comment"]["id"]
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(client):
    helpers.policy()
    article = helpers.article()
    checking = Client(enforce_csrf_checks=True)
    checking.force_login(helpers.reader())
    response = api_post(checking, article.pk, {"text": "Forged"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert "Обновите страницу" in response.json()["error"]["message"]
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_post_when_logged_out_is_a_401_with_the_error_shape(client):
    helpers.policy()
    article = helpers.article()
    response = api_post(client, article.pk, {"text": "Anonymous"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "login_required"


@pytest.mark.django_db
def test_missing_fields_are_named_in_the_error(logged_in):
    article = helpers.article()
    response = api_post(logged_in, article.pk, {"parent": "abc"})
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert "text" in fields and "parent" in fields


# The serialized rollback puts back what migrations made (the tree root, the moderators' group) after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_posts_are_all_stored():
    helpers.policy()
    article = helpers.article()
    authors = [helpers.reader() for _ in range(50)]

    def post_as(author, number):
        services.comment_submit(article=article, author=author, text=f"Concurrent {number}", ip_hash=str(number))

    assert helpers.all_at_once(post_as, authors) == []
    assert Comment.objects.filter(article=article).count() == 50
    article.refresh_from_db()
    assert article.comment_count == 50


@pytest.mark.django_db
@pytest.mark.parametrize("parent", [0, 999_999_999])
def test_a_reply_to_a_comment_that_is_not_there_is_refused_not_posted_at_the_top(logged_in, parent):
    article = helpers.article()
    response = api_post(logged_in, article.pk, {"text": "Meant as a reply", "parent": parent})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "no_parent"
    assert Comment.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("parent", ["abc", "0", "-5", "9" * 23])
def test_the_form_refuses_a_reply_to_a_comment_that_is_not_there_and_keeps_the_text(logged_in, parent):
    article = helpers.article()
    response = logged_in.post(
        f"/articles/{article.pk}/comments/", {"text": "Meant as a reply", "parent": parent}, follow=True
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert "The comment you reply to is not there any more." in soup.get_text()
    assert soup.select_one("#comment-text").get_text() == "Meant as a reply"
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_over_the_policys_rate_limit_the_api_answers_429_and_the_form_keeps_the_text(logged_in):
    helpers.policy(("rate_limit", {"per_account_per_hour": 1, "per_address_per_hour": 100}))
    article = helpers.article()
    assert api_post(logged_in, article.pk, {"text": "The first one"}).status_code == 201
    response = api_post(logged_in, article.pk, {"text": "One too many"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limit"
    page = logged_in.post(f"/articles/{article.pk}/comments/", {"text": "Still too many"}, follow=True)
    soup = BeautifulSoup(page.content, "html.parser")
    assert "Too many comments in a short time" in soup.get_text()
    assert soup.select_one("#comment-text").get_text() == "Still too many"
    assert Comment.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "expected"), [("", "Too many requests"), ("/ru", "Слишком много запросов")])
def test_a_form_sent_past_its_limit_gets_a_page_that_says_so_in_the_readers_language(logged_in, prefix, expected):
    article = helpers.article()
    comment = services.comment_submit(article=article, author=helpers.reader(), text="Reported", ip_hash="x")
    url = f"{prefix}/comments/{comment.pk}/report/"
    answers = [logged_in.post(url, {"category": "spam"}).status_code for _ in range(31)]
    assert answers[:30] == [302] * 30
    assert answers[30] == 429
    response = logged_in.post(url, {"category": "spam"}, HTTP_REFERER=f"http://testserver{article.url}")
    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 429 and response["Retry-After"]
    assert page.h1.get_text() == expected
    assert page.select_one(f'a[href="http://testserver{article.url}"]')
