"""A reader's report says what is wrong with a comment, and moderators see it in the queue."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from masthead.comments import services
from masthead.comments.models import Comment, CommentReport

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment():
    helpers.policy()
    return services.comment_submit(
        article=helpers.article(), author=helpers.reader(), text="Buy cheap pills", ip_hash="a"
    )


def test_report_keeps_what_is_wrong_and_the_readers_words(client, comment):
    reporter = helpers.reader("Careful reader")
    client.force_login(reporter)
    answer = client.post(
        f"/comments/{comment.pk}/report/", {"category": "spam", "reason": "  Same text on every story "}
    )
    assert answer.status_code == 302
    report = CommentReport.objects.get()
    assert (report.category, report.reason) == ("spam", "Same text on every story")
    entry = ModelLogEntry.objects.get(action="comments.report", object_id=str(comment.pk))
    assert entry.data == {"category": "spam", "reason": "Same text on every story"}


def test_reporting_the_same_comment_again_says_it_is_reported_already_and_counts_once(client, comment):
    client.force_login(helpers.reader())
    url = f"/comments/{comment.pk}/report/"
    first = client.post(url, {"category": "spam"}, follow=True).content.decode()
    second = client.post(url, {"category": "spam"}, follow=True).content.decode()
    assert "Thank you! The moderators will look at this comment." in first
    assert "You have reported this comment already" in second
    assert "The moderators will look at this comment." not in second
    assert Comment.objects.get(pk=comment.pk).report_count == 1


@pytest.mark.parametrize("category", ["", "made_up"])
def test_report_without_a_known_category_is_refused_with_a_message_and_stores_nothing(client, comment, category):
    client.force_login(helpers.reader())
    answer = client.post(f"/comments/{comment.pk}/report/", {"category": category}, follow=True)
    assert "Please choose what is wrong with the comment." in answer.content.decode()
    assert not CommentReport.objects.exists()
    assert Comment.objects.get(pk=comment.pk).report_count == 0


def test_logged_in_readers_get_the_report_form_with_every_category(client, comment):
    client.force_login(helpers.reader())
    html = client.get(comment.article.url).content.decode()
    for value, _label in CommentReport.Category.choices:
        assert f'name="category" value="{value}"' in html
    client.logout()
    assert 'name="category"' not in client.get(comment.article.url).content.decode()


def test_queue_shows_how_many_reports_wait_and_what_they_say(client, comment):
    services.comment_report(comment=comment, reporter=helpers.reader(), category="spam")
    services.comment_report(comment=comment, reporter=helpers.reader(), category="spam")
    services.comment_report(comment=comment, reporter=helpers.reader(), category="off_topic")
    client.force_login(helpers.moderator())
    html = client.get(reverse("comments_moderation_snippets:list") + "?needs_attention=true").content.decode()
    assert "3 · Spam or advertising (2), Off topic (1)" in html


def test_the_thank_you_for_a_report_is_inside_the_reported_comment_where_the_page_lands(client, comment):
    from bs4 import BeautifulSoup

    client.force_login(helpers.reader())
    answer = client.post(f"/comments/{comment.pk}/report/", {"category": "spam"})
    assert answer["Location"].endswith(f"#comment-{comment.pk}")
    page = BeautifulSoup(client.get(answer["Location"]).content, "html.parser")
    inside = page.select_one(f"#comment-{comment.pk} .comment-message").get_text()
    assert inside == "Thank you! The moderators will look at this comment."
    assert page.select("#comments > .comment-messages") == []  # said once, there, not again above the thread
