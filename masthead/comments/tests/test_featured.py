"""Moderators feature the best comments above the discussion; the newsroom's own people carry a badge."""

import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import ModelLogEntry

from masthead.accounts.services import reader_profile_save
from masthead.comments import services
from masthead.comments.models import Comment

from . import helpers
from .test_moderation import bulk_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion():
    helpers.policy()
    article = helpers.article()
    reader = helpers.reader("Vera")
    comments = [
        services.comment_submit(article=article, author=reader, text=f"Comment number {n}", ip_hash="v")
        for n in range(3)
    ]
    return comments


def featured_block(client, url):
    html = client.get(url).content.decode()
    found = re.search(r'<section class="comments-featured".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_moderator_features_a_comment_from_the_queue_and_readers_see_it_first(client, discussion):
    best = discussion[1]
    moderator = helpers.moderator()
    client.force_login(moderator)
    assert client.post(bulk_url("feature", [best]), {"reason": "Sharp and kind"}).status_code == 302
    entry = ModelLogEntry.objects.get(action="comments.feature", object_id=str(best.pk))
    assert (entry.user_id, entry.data["reason"]) == (moderator.pk, "Sharp and kind")
    client.logout()
    block = featured_block(client, best.article.url)
    assert "Featured comments" in block and "Comment number 1" in block and "Comment number 0" not in block
    assert f'href="{best.article.url}?after={best.pk - 1}#comment-{best.pk}"' in block


def test_taking_a_comment_out_of_the_featured_ones_is_logged_too(client, discussion):
    moderator = helpers.moderator()
    services.comment_feature(comment=discussion[0], moderator=moderator)
    client.force_login(moderator)
    client.post(bulk_url("unfeature", [discussion[0]]), {"reason": "Picked by mistake"})
    assert Comment.objects.get(pk=discussion[0].pk).featured_at is None
    assert ModelLogEntry.objects.filter(action="comments.unfeature", object_id=str(discussion[0].pk)).exists()
    client.logout()
    assert featured_block(client, discussion[0].article.url) == ""


def test_unfeaturing_comments_that_are_not_featured_says_they_were_left_as_they_were_and_logs_nothing(
    client, discussion
):
    moderator = helpers.moderator()
    services.comment_feature(comment=discussion[0], moderator=moderator)
    client.force_login(moderator)
    response = client.post(bulk_url("unfeature", discussion), {"reason": "Tidying up"}, follow=True)
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "1 comment done." in text
    assert "2 comments left as they were: Not featured." in text
    assert "3 comments done" not in text
    logged = ModelLogEntry.objects.filter(action="comments.unfeature").values_list("object_id", flat=True)
    assert list(logged) == [str(discussion[0].pk)]


def test_only_published_comments_are_featured_and_a_rejected_one_leaves_the_block(client, discussion):
    moderator = helpers.moderator()
    services.comment_feature(comment=discussion[2], moderator=moderator)
    services.comment_moderate(comment=discussion[2], moderator=moderator, action="reject")
    assert featured_block(client, discussion[2].article.url) == ""
    with pytest.raises(services.CommentRefused) as refused:
        services.comment_feature(comment=discussion[2], moderator=moderator)
    assert refused.value.code == "not_visible"


def test_readers_cannot_feature(client, discussion):
    reader = helpers.reader("Sneaky")
    with pytest.raises(services.CommentRefused):
        services.comment_feature(comment=discussion[0], moderator=reader)
    client.force_login(reader)
    client.post(bulk_url("feature", [discussion[0]]), {"reason": ""})
    assert Comment.objects.get(pk=discussion[0].pk).featured_at is None


def test_featured_block_is_on_the_first_page_of_the_thread_only(client, discussion):
    services.comment_feature(comment=discussion[0], moderator=helpers.moderator())
    url = discussion[0].article.url
    assert featured_block(client, url)
    assert featured_block(client, f"{url}?after={discussion[0].pk}") == ""


def test_author_who_asked_is_told_their_comment_is_featured(discussion, mailoutbox, django_capture_on_commit_callbacks):
    author = discussion[0].author
    reader_profile_save(user=author, display_name="Vera", decision_emails=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_feature(comment=discussion[0], moderator=helpers.moderator())
        with pytest.raises(services.CommentUnchanged):  # already featured: nothing new, nobody told twice
            services.comment_feature(comment=discussion[0], moderator=helpers.moderator())
    [message] = mailoutbox
    assert message.subject.startswith("Your comment on") and message.subject.endswith("is featured")
    assert "Comment number 0" in message.body


def test_comments_by_the_newsroom_carry_a_badge(client, discussion):
    moderator = helpers.moderator()
    reader_profile_save(user=moderator, display_name="Desk editor")
    services.comment_submit(article=discussion[0].article, author=moderator, text="We corrected it.", ip_hash="m")
    html = client.get(discussion[0].article.url).content.decode()
    badges = re.findall(r'comment__author">([^<]+)</span>\s*<span class="comment__badge comment__badge--staff">', html)
    assert badges == ["Desk editor"]


def test_json_thread_marks_featured_comments_and_the_newsrooms_own(client, discussion):
    moderator = helpers.moderator()
    services.comment_feature(comment=discussion[1], moderator=moderator)
    services.comment_submit(article=discussion[0].article, author=moderator, text="From the desk.", ip_hash="m")
    thread = client.get(f"/api/v1/articles/{discussion[0].article_id}/comments").json()["comments"]
    flags = {comment["text"]: (comment["featured"], comment["by_newsroom"]) for comment in thread}
    assert flags == {
        "Comment number 0": (False, False),
        "Comment number 1": (True, False),
        "Comment number 2": (False, False),
        "From the desk.": (False, True),
    }


def test_the_newsrooms_moderators_are_not_held_like_new_readers(discussion):
    helpers.policy(("new_account", {"first_comments": 3}))
    article = discussion[0].article
    reader = services.comment_submit(article=article, author=helpers.reader("New"), text="Hello", ip_hash="n")
    desk = services.comment_submit(article=article, author=helpers.moderator(), text="Thanks, fixed.", ip_hash="d")
    assert reader.status == Comment.Status.PENDING
    assert (desk.status, desk.reasons) == (Comment.Status.PUBLISHED, [])
    # An edit is judged again; a score that holds a reader's comment does not hold a moderator's.
    helpers.policy(("classifier", {"hold_at": 0.0, "reject_at": 1.01}))
    edited = services.comment_edit(comment=desk, author=desk.author, text="Thanks, fixed the date.")
    assert edited.status == Comment.Status.PUBLISHED
    mine = services.comment_submit(
        article=article, author=helpers.reader("Old"), text="Fine", ip_hash="o", reconsidered=True
    )  # asked to think again first, the reader sends it as it is
    assert mine.status == Comment.Status.PENDING
