"""Readers who ask are mailed when a moderator publishes or rejects their comment, with the rule it broke."""

import re

import pytest
from django.test import Client

from masthead.accounts.services import reader_profile_save
from masthead.comments import services
from masthead.comments.models import Comment
from masthead.comments.tasks import mail_decision_notice

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    """A newcomer's first comment, held for a moderator; the newcomer asked to hear of decisions."""
    helpers.policy(("new_account", {"first_comments": 1}))
    newcomer = helpers.reader("Newcomer")
    reader_profile_save(user=newcomer, display_name="Newcomer", decision_emails=True)
    comment = services.comment_submit(
        article=helpers.article(title="Bridge closes for repairs"), author=newcomer, text="First!", ip_hash="n"
    )
    assert comment.status == Comment.Status.PENDING
    return comment


def decide(comment, action, capture):
    with capture(execute=True):
        services.comment_moderate(comment=comment, moderator=helpers.moderator(), action=action, reason="Checked")


def decision_mails(outbox):
    return [message for message in outbox if "waits for moderation" not in message.subject]


def test_author_is_told_their_held_comment_is_published(held, mailoutbox, django_capture_on_commit_callbacks):
    decide(held, "approve", django_capture_on_commit_callbacks)
    [message] = decision_mails(mailoutbox)
    assert message.to == [held.author.email]
    assert message.subject == "Your comment on “Bridge closes for repairs” is published"
    assert "First!" in message.body and f"#comment-{held.pk}" in message.body
    assert "/accounts/mails/stop/decisions/" in message.extra_headers["List-Unsubscribe"]


def test_author_is_told_of_a_rejection_with_the_rule_unless_the_site_keeps_it(
    held, mailoutbox, django_capture_on_commit_callbacks
):
    decide(held, "reject", django_capture_on_commit_callbacks)
    [message] = decision_mails(mailoutbox)
    assert message.subject == "Your comment on “Bridge closes for repairs” was rejected"
    # In words, the rule alone: not a Python list, nor the new account's wait, which broke no rule.
    assert "Why: A moderator removed this comment.\n" in message.body
    assert "[" not in message.body and "new account" not in message.body
    mailoutbox.clear()
    helpers.policy(("new_account", {"first_comments": 1}), tell_rejected_reason=False)
    again = services.comment_submit(article=held.article, author=held.author, text="Second try", ip_hash="n")
    decide(again, "reject", django_capture_on_commit_callbacks)
    [message] = decision_mails(mailoutbox)
    assert "Why:" not in message.body and "Second try" in message.body


def test_rejection_mail_carries_the_moderators_message_in_the_readers_language(
    held, mailoutbox, django_capture_on_commit_callbacks
):
    reader_profile_save(user=held.author, display_name="Newcomer", mail_language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(
            comment=held, moderator=helpers.moderator(), action="reject", reason="Spam", note="Без рекламы, пожалуйста."
        )
    [message] = decision_mails(mailoutbox)
    assert "От модераторов: Без рекламы, пожалуйста." in message.body
    assert "Модератор снял этот комментарий." in message.body  # the rule, translated for the reader too


def test_no_mail_for_readers_who_did_not_ask_nor_for_clearing_reports(
    held, mailoutbox, django_capture_on_commit_callbacks
):
    quiet = helpers.reader("Quiet")
    helpers.policy()
    published = services.comment_submit(article=held.article, author=quiet, text="Fine words", ip_hash="q")
    services.comment_report(comment=published, reporter=held.author, reason="spam?")
    decide(published, "reject", django_capture_on_commit_callbacks)  # Quiet did not ask
    keen = held.author
    fine = services.comment_submit(article=held.article, author=keen, text="Other words", ip_hash="n")
    services.comment_report(comment=fine, reporter=quiet, reason="spam?")
    decide(fine, "approve", django_capture_on_commit_callbacks)  # published already: only the report is cleared
    assert decision_mails(mailoutbox) == []


def test_a_decision_taken_back_before_the_mail_leaves_sends_nothing(held, mailoutbox):
    moderator = helpers.moderator()
    services.comment_moderate(comment=held, moderator=moderator, action="approve")
    services.comment_moderate(comment=held, moderator=moderator, action="reject")
    assert mail_decision_notice.call(comment_id=held.pk, decision="approve") == 0
    assert mail_decision_notice.call(comment_id=held.pk, decision="reject") == 1


def test_stop_link_stops_decision_mails_only(held, mailoutbox, django_capture_on_commit_callbacks):
    reader_profile_save(user=held.author, display_name="Newcomer", reply_emails=True)
    decide(held, "approve", django_capture_on_commit_callbacks)
    stop_url = re.search(r"http://testserver(/accounts/mails/stop/decisions/\S+)", mailoutbox[-1].body).group(1)
    assert Client().post(stop_url.replace("/decisions/", "/replies/")).status_code == 400  # one kind per link
    assert Client(enforce_csrf_checks=True).post(stop_url).status_code == 200
    held.author.reader_profile.refresh_from_db()
    assert not held.author.reader_profile.decision_emails and held.author.reader_profile.reply_emails
