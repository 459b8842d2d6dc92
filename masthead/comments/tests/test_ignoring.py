"""A reader ignores another reader: that reader's comments show to them only as a placeholder, until they undo it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.comments import services
from masthead.comments.models import IgnoredAuthor

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread():
    helpers.policy()
    article = helpers.article()
    loud = helpers.reader("Loud")
    calm = helpers.reader("Calm")
    first = services.comment_submit(article=article, author=loud, text="SHOUTING AGAIN", ip_hash="l")
    services.comment_submit(article=article, author=calm, text="A calm answer", ip_hash="c", parent=first)
    return {"article": article, "loud": loud, "calm": calm, "first": first}


def thread_html(client, article):
    return client.get(article.url).content.decode()


def test_ignoring_a_reader_hides_their_words_from_me_only_and_keeps_the_thread(client, thread):
    me = helpers.reader("Me")
    client.force_login(me)
    answer = client.post(
        f"/comments/authors/{thread['loud'].pk}/ignore/", {"next": thread["article"].url + "#comments"}, follow=True
    )
    html = answer.content.decode()
    assert "You will not see comments by Loud." in html
    assert "SHOUTING AGAIN" not in html and "A comment by a reader you ignore." in html
    assert "A calm answer" in html
    client.force_login(helpers.reader("Someone else"))
    assert "SHOUTING AGAIN" in thread_html(client, thread["article"])


def test_undoing_it_on_the_account_page_shows_their_comments_again(client, thread):
    me = helpers.reader("Me")
    services.author_ignore(reader=me, author=thread["loud"])
    client.force_login(me)
    profile = client.get("/accounts/profile/").content.decode()
    assert "Readers you ignore" in profile and "Loud" in profile
    answer = client.post(
        f"/comments/authors/{thread['loud'].pk}/unignore/", {"next": "/accounts/profile/"}, follow=True
    )
    assert "You see comments by Loud again." in answer.content.decode()
    assert "SHOUTING AGAIN" in thread_html(client, thread["article"])


def test_nobody_ignores_themselves_or_the_newsroom(client, thread):
    moderator = helpers.moderator()
    client.force_login(thread["loud"])
    mine = client.post(f"/comments/authors/{thread['loud'].pk}/ignore/", follow=True).content.decode()
    desk = client.post(f"/comments/authors/{moderator.pk}/ignore/", follow=True).content.decode()
    assert "You cannot ignore yourself." in mine
    assert "The newsroom&#x27;s own comments cannot be ignored." in desk
    assert not IgnoredAuthor.objects.exists()


def test_ignoring_needs_a_login_and_a_post_and_goes_back_only_to_this_site(client, thread):
    url = f"/comments/authors/{thread['loud'].pk}/ignore/"
    assert client.post(url).status_code == 302 and not IgnoredAuthor.objects.exists()
    client.force_login(helpers.reader("Me"))
    assert client.get(url).status_code == 405
    answer = client.post(url, {"next": "https://elsewhere.example/phish"})
    assert answer["Location"] == "/accounts/profile/"


def test_json_thread_leaves_out_what_an_ignored_reader_wrote(client, thread):
    me = helpers.reader("Me")
    services.author_ignore(reader=me, author=thread["loud"])
    client.force_login(me)
    [first] = client.get(f"/api/v1/articles/{thread['article'].pk}/comments").json()["comments"]
    assert (first["ignored"], first["text"], first["author"]) == (True, "", "")
    assert first["replies"][0]["text"] == "A calm answer"


def test_a_logged_in_thread_costs_one_query_more_whoever_is_ignored(client, thread):
    me = helpers.reader("Me")
    client.force_login(me)
    client.get(thread["article"].url)
    with CaptureQueriesContext(connection) as none_ignored:
        client.get(thread["article"].url)
    services.author_ignore(reader=me, author=thread["loud"])
    services.author_ignore(reader=me, author=thread["calm"])
    with CaptureQueriesContext(connection) as two_ignored:
        client.get(thread["article"].url)
    assert len(two_ignored) == len(none_ignored)
