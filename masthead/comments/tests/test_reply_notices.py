"""Readers who ask are mailed when a reply to their comment is published: once, in the conversation's language,
with a link to the thread and a one-click way to stop."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from masthead.accounts.services import reader_profile_save
from masthead.comments import services
from masthead.comments.models import Comment
from masthead.comments.tasks import mail_reply_notice
from masthead.newsroom.addresses import default_site_name
from masthead.newsroom.tests import factories

from . import helpers

pytestmark = pytest.mark.django_db


def reader(name, *, wants_replies, language=None):
    user = helpers.reader(name)
    reader_profile_save(user=user, display_name=name, reply_emails=wants_replies, mail_language=language)
    return user


def post(article, author, text, parent=None):
    return services.comment_submit(article=article, author=author, text=text, ip_hash="h", parent=parent)


@pytest.fixture
def thread(django_capture_on_commit_callbacks):
    helpers.policy()
    article = helpers.article(title="Bridge closes for repairs")
    anna = reader("Anna", wants_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = post(article, anna, "Will the trams still run?")
    return first


def reply_to(comment, author, text, capture):
    with capture(execute=True):
        return post(comment.article, author, text, parent=comment)


def test_reader_who_asked_is_mailed_when_a_reply_is_published(thread, mailoutbox, django_capture_on_commit_callbacks):
    reply = reply_to(thread, reader("Boris", wants_replies=False), "Only at night.", django_capture_on_commit_callbacks)
    assert [message.to for message in mailoutbox] == [[thread.author.email]]
    message = mailoutbox[0]
    assert message.subject == "Boris replied to your comment on “Bridge closes for repairs”"
    assert message.from_email == f"{default_site_name()} <{settings.DEFAULT_FROM_EMAIL}>"  # the site, by name
    assert "Will the trams still run?" in message.body and "Only at night." in message.body
    assert f"http://testserver{reply.article.url}?after={thread.pk - 1}#comment-{reply.pk}" in message.body
    stop_url = re.search(r"http://testserver/accounts/mails/stop/replies/\S+", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{stop_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_mail_to_readers_who_did_not_ask_nor_for_replying_to_oneself(mailoutbox, django_capture_on_commit_callbacks):
    helpers.policy()
    article = helpers.article()
    quiet = reader("Quiet", wants_replies=False)
    keen = reader("Keen", wants_replies=True)
    other = reader("Other", wants_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        not_asked = post(article, quiet, "A comment")
        post(article, other, "A reply", parent=not_asked)
        own = post(article, keen, "My own comment")
        post(article, keen, "And I add to it", parent=own)
        post(article, other, "A new top comment")
    assert mailoutbox == []


def test_held_reply_is_told_about_when_approved_and_only_once(thread, mailoutbox, django_capture_on_commit_callbacks):
    helpers.policy(("new_account", {"first_comments": 1}))
    reply = reply_to(thread, reader("Newcomer", wants_replies=False), "First reply", django_capture_on_commit_callbacks)
    assert reply.status == Comment.Status.PENDING
    assert [m for m in mailoutbox if "replied" in m.subject] == []
    moderator = helpers.moderator()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(comment=reply, moderator=moderator, action="approve")
        services.comment_moderate(comment=reply, moderator=moderator, action="reject")
        services.comment_moderate(comment=reply, moderator=moderator, action="approve")
    assert len([m for m in mailoutbox if "replied" in m.subject]) == 1


def test_no_mail_about_a_reply_to_a_comment_that_is_no_longer_shown(thread, mailoutbox):
    helpers.policy()
    reply = post(thread.article, reader("Boris", wants_replies=False), "Late reply", parent=thread)
    services.comment_delete_own(comment=thread, author=thread.author)
    assert mail_reply_notice.call(comment_id=reply.pk) == 0
    assert mailoutbox == []


def test_mail_speaks_the_language_the_reader_chose_whatever_the_articles(
    mailoutbox, django_capture_on_commit_callbacks
):
    helpers.policy()
    article = helpers.article(title="Bridge closes for repairs")
    with django_capture_on_commit_callbacks(execute=True):
        first = post(article, reader("Анна", wants_replies=True, language="ru"), "Will the trams still run?")
        post(article, reader("Boris", wants_replies=False, language="en"), "Only at night.", parent=first)
    assert mailoutbox[0].subject == "Boris — ответ на ваш комментарий к «Bridge closes for repairs»"


def test_mail_to_a_reader_of_no_known_language_speaks_the_conversations(mailoutbox, django_capture_on_commit_callbacks):
    helpers.policy()
    english = helpers.article()
    factories.home(language="ru")
    factories.translate(english.get_parent().specific, "ru")
    russian = factories.translate(english, "ru", title="Мост закрывают на ремонт")
    with django_capture_on_commit_callbacks(execute=True):
        first = post(russian, reader("Анна", wants_replies=True), "А трамваи будут ходить?")
        post(russian, reader("Борис", wants_replies=False), "Только ночью.", parent=first)
    assert mailoutbox[0].subject == "Борис — ответ на ваш комментарий к «Мост закрывают на ремонт»"
    assert "/ru/accounts/mails/stop/replies/" in mailoutbox[0].body


def test_a_failed_send_leaves_the_notice_to_a_later_try(thread, mailoutbox, settings):
    reply = post(thread.article, reader("Boris", wants_replies=False), "Only at night.", parent=thread)
    # A real SMTP connection to a port where nothing listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(OSError):
        mail_reply_notice.call(comment_id=reply.pk)
    assert Comment.objects.get(pk=reply.pk).reply_notice_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail_reply_notice.call(comment_id=reply.pk) == 1
    assert mail_reply_notice.call(comment_id=reply.pk) == 0
    assert len(mail.outbox) == 1


def stop_url_for(thread, capture):
    reply_to(thread, reader("Boris", wants_replies=False), "Only at night.", capture)
    return re.search(r"http://testserver(/accounts/mails/stop/replies/\S+)", mail.outbox[-1].body).group(1)


def test_stop_link_asks_first_then_stops_in_one_click(thread, mailoutbox, django_capture_on_commit_callbacks):
    stop_url = stop_url_for(thread, django_capture_on_commit_callbacks)
    mail_program = Client(enforce_csrf_checks=True)  # no cookies, no CSRF token: RFC 8058's one-click POST
    asked = mail_program.get(stop_url)
    assert asked.status_code == 200 and thread.author.email in asked.content.decode()
    thread.author.reader_profile.refresh_from_db()
    assert thread.author.reader_profile.reply_emails  # a link checker opening the link changes nothing
    stopped = mail_program.post(
        stop_url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert stopped.status_code == 200 and "Mails stopped" in stopped.content.decode()
    thread.author.reader_profile.refresh_from_db()
    assert not thread.author.reader_profile.reply_emails
    reply_to(thread, reader("Vera", wants_replies=False), "Another reply", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_stop_link_that_was_altered_or_outlived_its_address_is_refused(
    thread, client, django_capture_on_commit_callbacks
):
    stop_url = stop_url_for(thread, django_capture_on_commit_callbacks)
    assert client.post(stop_url[:-3] + "xyz/").status_code == 400
    thread.author.email = "new@example.org"
    thread.author.save()
    answer = client.post(stop_url)
    assert answer.status_code == 400 and "This link does not work" in answer.content.decode()
    thread.author.reader_profile.refresh_from_db()
    assert thread.author.reader_profile.reply_emails


def test_link_to_a_comment_opens_on_its_thread_past_the_first_page(client):
    helpers.policy()
    article = helpers.article()
    author = helpers.reader("Many")
    roots = [post(article, author, f"Top comment {n}") for n in range(55)]
    reply = post(article, helpers.reader("Late"), "A reply far down", parent=roots[52])
    assert f'id="comment-{reply.pk}"' not in client.get(article.url).content.decode()
    html = client.get(reply.get_absolute_url()).content.decode()
    assert f'id="comment-{reply.pk}"' in html and f'id="comment-{roots[52].pk}"' in html
    assert "Back to the first comments" in html


def test_a_headline_with_quotation_marks_of_its_own_takes_the_inner_kind(
    mailoutbox, django_capture_on_commit_callbacks
):
    helpers.policy()
    article = helpers.article(title="Mayor calls the plan a “new start”")
    with django_capture_on_commit_callbacks(execute=True):
        first = post(article, reader("Anna", wants_replies=True), "Which plan?")
    reply_to(first, reader("Boris", wants_replies=False), "The tram plan.", django_capture_on_commit_callbacks)
    assert mailoutbox[0].subject == "Boris replied to your comment on “Mayor calls the plan a ‘new start’”"


def test_inner_quotation_marks_follow_each_languages_typography():
    from django.utils import translation

    from masthead.newsroom.templatetags.newsroom_tags import inside_quotes

    with translation.override("ru"):
        assert inside_quotes("Депо «старая трамвайная линия»") == "Депо „старая трамвайная линия“"
    with translation.override("en"):
        assert inside_quotes("A “new start”") == "A ‘new start’"
