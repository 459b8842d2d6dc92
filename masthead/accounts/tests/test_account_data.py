"""Readers download everything the site keeps about them, and delete their account, erasing what they wrote."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from masthead.accounts import services as account_services
from masthead.comments import services, standing
from masthead.comments.models import Comment, CommentReport
from masthead.comments.tests import helpers
from masthead.typos.models import TypoReport, TypoReporter

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse"


@pytest.fixture
def conversation():
    """Maria's comment with an earlier version, Boris's reply to it, and Maria's report of someone else's."""
    helpers.policy()
    article = helpers.article(title="Bridge closes for repairs")
    maria = helpers.reader("Maria", email="maria@example.org")
    EmailAddress.objects.create(user=maria, email=maria.email, verified=True, primary=True)
    boris = helpers.reader("Boris")
    first = services.comment_submit(article=article, author=maria, text="Will the trams run?", ip_hash="m")
    services.comment_edit(comment=first, author=maria, text="Will the trams still run at night?")
    reply = services.comment_submit(article=article, author=boris, text="Only until ten.", ip_hash="b", parent=first)
    services.comment_submit(article=article, author=maria, text="Thanks, Boris.", ip_hash="m")
    other = services.comment_submit(article=article, author=boris, text="Rude words here", ip_hash="b")
    services.comment_report(comment=other, reporter=maria, reason="Maria's own words about it")
    services.author_ignore(reader=maria, author=helpers.reader("Troll"))
    services.comment_like(comment=reply, reader=maria)
    return {"article": article, "maria": maria, "boris": boris, "first": first, "reply": reply, "reported": other}


def download(client, user):
    client.force_login(user)
    response = client.get("/accounts/profile/data/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    return json.loads(response.content)


def test_download_holds_the_readers_account_comments_earlier_versions_and_reports(client, conversation):
    data = download(client, conversation["maria"])
    assert data["account"]["email"] == "maria@example.org" and data["account"]["display_name"] == "Maria"
    assert data["account"]["email_addresses"] == [{"email": "maria@example.org", "verified": True, "primary": True}]
    texts = [comment["text"] for comment in data["comments"]]
    assert texts == ["Will the trams still run at night?", "Thanks, Boris."]
    assert data["comments"][0]["earlier_versions"][0]["text"] == "Will the trams run?"
    assert data["comments"][0]["link"].startswith("http://testserver/")
    assert data["comment_reports"][0]["reason"] == "Maria's own words about it"
    assert data["comment_reports"][0]["category"] == "other"
    assert data["ignored_readers"] == ["Troll"]
    assert [like["comment"] for like in data["comment_likes"]] == [conversation["reply"].pk]
    assert data["held_for_review"] is None
    assert "Only until ten." not in json.dumps(data)  # nobody else's words


def test_download_needs_a_login_and_costs_the_same_queries_however_much_was_written(client, conversation):
    assert client.get("/accounts/profile/data/").status_code == 302
    maria, article = conversation["maria"], conversation["article"]
    client.force_login(maria)
    with CaptureQueriesContext(connection) as few:
        client.get("/accounts/profile/data/")
    for number in range(20):
        comment = services.comment_submit(article=article, author=maria, text=f"More {number}", ip_hash="m")
        services.comment_edit(comment=comment, author=maria, text=f"More {number}, edited")
    with CaptureQueriesContext(connection) as many:
        client.get("/accounts/profile/data/")
    assert len(many) == len(few)


def delete(client, user, password=PASSWORD):
    client.force_login(user)
    return client.post("/accounts/profile/delete/", {"password": password})


def delete_for_good(client, user):
    """Ask to delete the account, then let the worker's job run once the grace period has passed."""
    answer = delete(client, user)
    assert answer.status_code == 200 and "Your account will be deleted" in answer.content.decode()
    assert account_services.delete_due_accounts(now=timezone.now() + timedelta(hours=25)) == 1
    return answer


def test_deleting_the_account_erases_what_the_reader_wrote_and_keeps_the_thread(client, conversation):
    maria, first = conversation["maria"], conversation["first"]
    rejected = services.comment_submit(article=conversation["article"], author=maria, text="Buy now", ip_hash="m")
    services.comment_moderate(
        comment=rejected, moderator=helpers.moderator(), action="reject", reason="Spam", note="No ads: “Buy now”"
    )
    delete_for_good(client, maria)
    maria.refresh_from_db()
    assert not maria.is_active and maria.email == "" and not maria.has_usable_password()
    assert "maria" not in maria.username.lower()
    assert not EmailAddress.objects.filter(email="maria@example.org").exists()
    assert set(Comment.objects.filter(author=maria).values_list("status", "text")) == {("deleted", "")}
    assert not Comment.objects.get(pk=first.pk).revisions.exists()
    assert not CommentReport.objects.filter(reporter=maria).exists()
    assert Comment.objects.get(pk=conversation["reported"].pk).report_count == 0
    labels = ModelLogEntry.objects.filter(object_id=str(first.pk)).values_list("label", flat=True)
    assert labels and not any("trams" in label for label in labels)
    assert Comment.objects.get(pk=rejected.pk).moderator_note == ""
    assert Comment.objects.get(pk=conversation["reply"].pk).like_count == 0  # her like is taken back
    assert ModelLogEntry.objects.get(action="comments.reject", object_id=str(rejected.pk)).data == {"reason": "Spam"}
    html = client.get(conversation["article"].url).content.decode()
    assert "Only until ten." in html and "This comment was deleted." in html
    assert "trams" not in html and "Thanks, Boris." not in html
    conversation["article"].refresh_from_db()
    assert conversation["article"].comment_count == 2  # Boris's two comments
    assert ModelLogEntry.objects.filter(action="accounts.delete", object_id=str(maria.pk)).exists()


def test_deleted_account_is_logged_out_and_cannot_log_in_again(client, conversation):
    delete_for_good(client, conversation["maria"])
    assert client.get("/accounts/profile/").status_code == 302
    client.logout()
    answer = client.post("/accounts/login/", {"login": "maria@example.org", "password": PASSWORD})
    assert answer.status_code == 200  # the form again, with an error: no such account


def test_wrong_password_deletes_nothing(client, conversation):
    answer = delete(client, conversation["maria"], password="not it")
    assert answer.status_code == 400 and "That is not your password." in answer.content.decode()
    assert get_user_model().objects.get(pk=conversation["maria"].pk).is_active
    assert Comment.objects.filter(author=conversation["maria"], status="published").count() == 2
    # The keyboard's place goes to the error (form_errors.js), not the top of the page.
    page = BeautifulSoup(answer.content, "html.parser")
    error = page.select_one("[data-form-errors], [aria-invalid=true]")
    assert error is not None and "That is not your password." in (
        error.get_text()
        + " ".join(page.select_one(f"#{id}").get_text() for id in error.get("aria-describedby", "").split())
    )
    assert page.select_one("script[src$='form_errors.js']") is not None


def test_guessing_the_password_on_the_delete_page_is_throttled(client, conversation):
    answers = [delete(client, conversation["maria"], password=f"guess {n}").status_code for n in range(10)]
    assert answers == [400] * 10
    wrong, right = delete(client, conversation["maria"], password="guess 11"), delete(client, conversation["maria"])
    assert wrong.status_code == right.status_code == 429
    # Throttled, the password is not checked at all: a right guess reads exactly like a wrong one.
    assert "That is not your password." not in wrong.content.decode()
    assert "Too many tries" in right.content.decode()
    assert get_user_model().objects.get(pk=conversation["maria"].pk).is_active


def test_newsroom_staff_cannot_delete_their_own_account(client):
    moderator = helpers.moderator()  # in a group that may open the admin
    answer = delete(client, moderator)
    assert "removed by an administrator" in answer.content.decode()
    moderator.refresh_from_db()
    assert moderator.is_active and moderator.email == "mod@example.org"


def test_a_ban_outlives_the_deleted_account(client, conversation):
    maria = conversation["maria"]
    standing.ban_create(user=maria, moderator=helpers.moderator(), reason="Insults")
    delete_for_good(client, maria)
    assert maria.comment_bans.get().email == "maria@example.org"
    again = helpers.reader("Maria again", email="maria@example.org")  # a new account with the same address
    with pytest.raises(services.CommentRefused) as refused:
        services.comment_submit(article=conversation["article"], author=again, text="I am back", ip_hash="new")
    assert refused.value.code == "banned"


def test_typo_reports_stay_for_the_editors_but_no_longer_name_the_reader(client, conversation):
    maria = conversation["maria"]
    report = TypoReport.objects.create(
        article=conversation["article"],
        selection="teh",
        scope="body",
        fingerprint="f",
        context_before="",
        context_after="",
    )
    TypoReporter.objects.create(report=report, user=maria, email="maria@example.org", reporter_hash="h")
    delete_for_good(client, maria)
    reporter = TypoReporter.objects.get()
    assert reporter.user is None and reporter.email == ""


def test_asking_to_delete_mails_the_reader_and_keeps_everything_until_the_day(
    client, conversation, mailoutbox, django_capture_on_commit_callbacks
):
    maria = conversation["maria"]
    with django_capture_on_commit_callbacks(execute=True):
        answer = delete(client, maria)
    assert "Your account will be deleted" in answer.content.decode()
    assert get_user_model().objects.get(pk=maria.pk).is_active  # still there, and still signed in
    [mail] = [message for message in mailoutbox if message.to == ["maria@example.org"]]
    assert mail.subject == "Your account will be deleted"
    assert "Keep my account" in mail.body and "http://127.0.0.1:8000/accounts/profile/" in mail.body
    profile = client.get("/accounts/profile/").content.decode()
    assert "Your account will be deleted on" in profile and "Keep my account" in profile
    assert 'name="password"' not in client.get("/accounts/profile/delete/").content.decode()  # asked already

    assert account_services.delete_due_accounts(now=timezone.now() + timedelta(hours=23)) == 0
    assert Comment.objects.filter(author=maria, status="published").count() == 2
    assert account_services.delete_due_accounts(now=timezone.now() + timedelta(hours=25)) == 1
    assert account_services.delete_due_accounts(now=timezone.now() + timedelta(hours=26)) == 0  # once only
    assert not get_user_model().objects.get(pk=maria.pk).is_active


def test_keeping_the_account_calls_the_deletion_off(client, conversation):
    maria = conversation["maria"]
    delete(client, maria)
    answer = client.post("/accounts/profile/keep/", follow=True)
    assert "Your account stays." in answer.content.decode()
    assert "Your account will be deleted on" not in answer.content.decode()
    assert account_services.delete_due_accounts(now=timezone.now() + timedelta(days=30)) == 0
    assert get_user_model().objects.get(pk=maria.pk).is_active
    actions = list(ModelLogEntry.objects.filter(object_id=str(maria.pk)).values_list("action", flat=True))
    assert {"accounts.deletion_requested", "accounts.deletion_cancelled"} <= set(actions)


def test_with_no_grace_period_the_account_is_deleted_at_once(client, conversation, settings):
    settings.MASTHEAD_ACCOUNT_DELETION_HOURS = 0
    answer = delete(client, conversation["maria"])
    assert "Your account is deleted" in answer.content.decode()
    assert not get_user_model().objects.get(pk=conversation["maria"].pk).is_active
    assert client.get("/accounts/profile/").status_code == 302  # signed out


def test_the_worker_deletes_due_accounts_every_few_minutes(settings):
    assert settings.MASTHEAD_PERIODIC_JOBS["masthead.accounts.services.delete_due_accounts"] <= 300
