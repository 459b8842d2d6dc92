"""A comment the abuse and spam score would hold or reject is sent back once, with the question whether its writer
wants to change it; sent again as it is, it is judged as before. Without JavaScript and through the API alike."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Site

from masthead.comments import services
from masthead.comments.models import Comment

from . import helpers

pytestmark = pytest.mark.django_db

HOLDS_EVERYTHING = ("classifier", {"hold_at": 0.0, "reject_at": 1.01, "ask_first": True})
REJECTS_EVERYTHING = ("classifier", {"hold_at": 0.0, "reject_at": 0.0, "ask_first": True})
HEATED = "You are all idiots and this paper is a joke."


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def post(client, article, text, **extra):
    return client.post(f"/articles/{article.pk}/comments/", {"text": text, **extra}, follow=True)


def test_without_javascript_the_writer_is_asked_first_and_may_send_it_as_it_is():
    helpers.policy(HOLDS_EVERYTHING)
    article = helpers.article()
    client = signed_in(helpers.reader("Maria"))
    first = BeautifulSoup(post(client, article, HEATED).content, "html.parser")
    assert not Comment.objects.exists()
    assert "a moderator would read it before it appears" in first.select_one(".comment-message--error").get_text()
    form = first.select_one("form[data-comment-form]")
    assert form.select_one("textarea[name=text]").get_text().strip() == HEATED  # the words are kept
    assert form.select_one("input[name=reconsidered]")["value"] == "1"
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Send it as it is"

    sent = post(client, article, HEATED, reconsidered="1").content.decode()
    assert "awaiting moderation" in sent
    comment = Comment.objects.get()
    assert (comment.status, comment.reasons) == (Comment.Status.PENDING, ["classifier"])
    assert comment.sent_despite_warning
    form = BeautifulSoup(client.get(article.url).content, "html.parser").select_one("form[data-comment-form]")
    assert form.select_one("input[name=reconsidered]")["value"] == ""  # the next comment is asked about again
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Post comment"


def test_through_the_api_the_first_answer_asks_and_the_second_stores(settings):
    helpers.policy(REJECTS_EVERYTHING, tell_rejected_reason=True)
    article = helpers.article()
    client = signed_in(helpers.reader("Pavel"))
    url = f"/api/v1/articles/{article.pk}/comments"
    asked = client.post(url, {"text": HEATED}, "application/json")
    assert asked.status_code == 409
    error = asked.json()["error"]
    assert error["code"] == "reconsider" and error["fields"] == {"text": [error["message"]]}
    assert "it would be rejected" in error["message"]
    assert not Comment.objects.exists()
    sent = client.post(url, {"text": HEATED, "reconsidered": True}, "application/json")
    assert sent.status_code == 201 and sent.json()["comment"]["status"] == "rejected"


def test_a_comment_the_score_lets_through_is_never_asked_about():
    helpers.policy(("classifier", {"hold_at": 1.01, "reject_at": 1.01, "ask_first": True}))
    article = helpers.article()
    comment = services.comment_submit(article=article, author=helpers.reader(), text=HEATED, ip_hash="a")
    assert comment.status == Comment.Status.PUBLISHED


def test_a_site_that_does_not_ask_holds_at_once_and_says_nothing_of_asking_in_its_rules():
    policy = helpers.policy(("classifier", {"hold_at": 0.0, "reject_at": 1.01, "ask_first": False}))
    comment = services.comment_submit(article=helpers.article(), author=helpers.reader(), text=HEATED, ip_hash="b")
    assert comment.status == Comment.Status.PENDING
    assert not any("you are asked" in str(rule) for rule in policy.rules(language="en"))
    asking = helpers.policy(HOLDS_EVERYTHING)
    assert any("you are asked whether you want to change it" in str(rule) for rule in asking.rules(language="en"))


def test_the_rules_above_the_form_say_that_writers_are_asked(client):
    helpers.policy(HOLDS_EVERYTHING)
    article = helpers.article()
    rules = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".comment-rules")
    assert "before sending one, you are asked whether you want to change it" in rules.get_text()


def test_a_moderator_whose_comment_the_score_would_hold_is_not_asked():
    helpers.policy(HOLDS_EVERYTHING)
    desk = services.comment_submit(article=helpers.article(), author=helpers.moderator(), text=HEATED, ip_hash="d")
    assert desk.status == Comment.Status.PUBLISHED


def test_the_moderator_sees_which_held_comments_were_sent_despite_the_warning():
    from wagtail.models import ModelLogEntry

    helpers.policy(HOLDS_EVERYTHING)
    article = helpers.article()
    url = f"/api/v1/articles/{article.pk}/comments"
    client = signed_in(helpers.reader("Pavel"))
    assert client.post(url, {"text": HEATED}, "application/json").status_code == 409
    assert client.post(url, {"text": HEATED, "reconsidered": True}, "application/json").status_code == 201
    warned = Comment.objects.get()
    helpers.policy(("classifier", {"hold_at": 0.0, "reject_at": 1.01, "ask_first": False}))
    unasked = services.comment_submit(
        article=article, author=helpers.reader("Olga"), text="Idiots, all of you.", ip_hash="c"
    )
    assert (warned.status, unasked.status) == (Comment.Status.PENDING, Comment.Status.PENDING)
    assert (warned.sent_despite_warning, unasked.sent_despite_warning) == (True, False)
    entry = ModelLogEntry.objects.get(action="comments.submit", object_id=str(warned.pk))
    assert entry.data["sent_despite_warning"] is True

    moderator = signed_in(helpers.moderator())
    queue = BeautifulSoup(moderator.get("/admin/comments/queue/?needs_attention=true").content, "html.parser")
    rows = [row.get_text(" ", strip=True) for row in queue.select("tbody tr")]
    [warned_row] = [text for text in rows if HEATED[:20] in text]
    [unasked_row] = [text for text in rows if "Idiots, all of you." in text]
    assert "sent despite the warning" in warned_row and "sent despite the warning" not in unasked_row
    only = moderator.get("/admin/comments/queue/?sent_despite_warning=true").content.decode()
    assert HEATED[:20] in only and "Idiots, all of you." not in only


def test_saying_it_was_reconsidered_where_nothing_was_asked_marks_nothing():
    helpers.policy(("classifier", {"hold_at": 1.01, "reject_at": 1.01, "ask_first": True}))
    comment = services.comment_submit(
        article=helpers.article(), author=helpers.reader(), text="Thank you.", ip_hash="d", reconsidered=True
    )
    assert comment.status == Comment.Status.PUBLISHED and not comment.sent_despite_warning


def test_the_policy_page_says_how_many_questioned_comments_were_sent_as_they_were_changed_or_not_sent():
    from masthead.comments.models import SecondLook
    from masthead.comments.selectors import second_look_summary

    helpers.policy(("classifier", {"hold_at": 0.5, "reject_at": 1.01, "ask_first": True}))
    article = helpers.article()
    url = f"/api/v1/articles/{article.pk}/comments"
    admin = signed_in(get_user_model().objects.create_superuser("chief", "chief@example.org", "x"))
    settings_page = f"/admin/settings/comments/commentpolicy/{Site.objects.get(is_default_site=True).pk}/"
    page = BeautifulSoup(admin.get(settings_page).content, "html.parser")
    assert "No writer was asked to look again" in page.select_one("[data-second-look]").get_text()

    olga_account = helpers.reader("Olga")
    pavel, olga, ivan = signed_in(helpers.reader("Pavel")), signed_in(olga_account), signed_in(helpers.reader("Ivan"))
    for client in (pavel, pavel, olga, ivan):  # Pavel tries twice with the same words: one question
        assert client.post(url, {"text": HEATED}, "application/json").status_code == 409
    assert pavel.post(url, {"text": HEATED, "reconsidered": True}, "application/json").status_code == 201
    calmer = olga.post(url, {"text": "I disagree with the paper's view on the budget."}, "application/json")
    assert calmer.status_code == 201 and calmer.json()["comment"]["status"] == "published"
    # Ivan gave up. Their next comments are ordinary ones.
    later = pavel.post(url, {"text": "I disagree with the paper's view on the budget."}, "application/json")
    assert later.status_code == 201

    assert SecondLook.objects.get().asked == 3
    changed = Comment.objects.get(changed_after_warning=True)  # Pavel's later comment is not counted again
    assert changed.author == olga_account and not changed.sent_despite_warning
    assert second_look_summary() == {"days": 30, "asked": 3, "sent_anyway": 1, "changed": 1, "not_sent": 1}
    page = BeautifulSoup(admin.get(settings_page).content, "html.parser")
    text = page.select_one("[data-second-look]").get_text(" ", strip=True)
    assert "writers were asked to look again at 3 comments" in text
    assert "1 comment was sent as it was" in text and "1 was changed and then sent" in text
    assert "1 was not sent" in text


def test_a_database_that_will_not_count_the_question_still_lets_it_be_asked():
    from masthead.api.tests.faults import database_stops_answering

    helpers.policy(HOLDS_EVERYTHING)
    article = helpers.article()
    client = signed_in(helpers.reader("Pavel"))
    with database_stops_answering(from_statement='UPDATE "COMMENTS_SECONDLOOK"') as refused:
        asked = client.post(f"/api/v1/articles/{article.pk}/comments", {"text": HEATED}, "application/json")
    assert refused and asked.status_code == 409 and asked.json()["error"]["code"] == "reconsider"
    assert not Comment.objects.exists()


def test_a_cache_that_is_down_still_lets_the_writer_be_asked_and_send_it(monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    from masthead.comments import second_look
    from masthead.comments.models import SecondLook

    # A real Redis client pointed at a port where nothing listens: every cache call fails as in an outage.
    monkeypatch.setattr(second_look, "cache", RedisCache("redis://127.0.0.1:9/0", {}))
    helpers.policy(HOLDS_EVERYTHING)
    article = helpers.article()
    client = signed_in(helpers.reader("Pavel"))
    url = f"/api/v1/articles/{article.pk}/comments"
    assert client.post(url, {"text": HEATED}, "application/json").json()["error"]["code"] == "reconsider"
    assert client.post(url, {"text": HEATED, "reconsidered": True}, "application/json").status_code == 201
    assert Comment.objects.get().sent_despite_warning
    assert SecondLook.objects.get().asked == 1
