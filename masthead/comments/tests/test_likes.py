"""Readers like each other's published comments: once each, taken back at will, counted beside the comment."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masthead.comments import services, standing
from masthead.comments.models import Comment, CommentLike

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion():
    helpers.policy()
    article = helpers.article(title="Bridge closes for repairs")
    anna, boris = helpers.reader("Anna"), helpers.reader("Boris")
    comment = services.comment_submit(article=article, author=anna, text="Will the trams still run?", ip_hash="a")
    return {"article": article, "anna": anna, "boris": boris, "comment": comment}


def like_form(client, comment, like="1"):
    return client.post(f"/comments/{comment.pk}/like/", {"like": like})


def test_reader_likes_a_comment_without_javascript_once_and_takes_it_back(client, discussion):
    comment = discussion["comment"]
    client.force_login(discussion["boris"])
    for _twice in range(2):  # a double click counts once
        answer = like_form(client, comment)
        assert answer.status_code == 302 and answer["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.like_count == 1 and CommentLike.objects.count() == 1
    page = client.get(discussion["article"].url).content.decode()
    assert 'aria-pressed="true">Like <span class="comment__like-count" data-like-count>1</span>' in page
    assert '<input type="hidden" name="like" value="0">' in page  # the same button now takes the like back

    like_form(client, comment, like="0")
    like_form(client, comment, like="0")
    comment.refresh_from_db()
    assert comment.like_count == 0 and not CommentLike.objects.exists()
    assert 'aria-pressed="false">Like' in client.get(discussion["article"].url).content.decode()


def test_everyone_else_sees_how_many_readers_like_a_comment(client, discussion):
    comment = discussion["comment"]
    for name in ("Boris", "Vera", "Gleb"):
        services.comment_like(comment=comment, reader=helpers.reader(name))
    assert "3 likes" in client.get(discussion["article"].url).content.decode()  # anonymous: a count, no button
    client.force_login(discussion["anna"])
    own = client.get(discussion["article"].url).content.decode()
    assert "3 likes" in own and "data-like-form" not in own  # nobody likes their own comment
    assert client.get(f"/api/v1/articles/{discussion['article'].pk}/comments").json()["comments"][0]["likes"] == 3


def test_likes_are_refused_for_ones_own_hidden_comments_and_for_banned_readers(discussion):
    comment, boris = discussion["comment"], discussion["boris"]
    with pytest.raises(services.CommentRefused) as own:
        services.comment_like(comment=comment, reader=discussion["anna"])
    assert own.value.status == 409
    standing.ban_create(user=boris, moderator=helpers.moderator(), reason="Spam")
    with pytest.raises(services.CommentRefused) as banned:
        services.comment_like(comment=comment, reader=boris)
    assert banned.value.status == 403 and "Spam" in banned.value.message
    services.comment_moderate(comment=comment, moderator=helpers.moderator(), action="reject")
    with pytest.raises(services.CommentRefused) as hidden:
        services.comment_like(comment=Comment.objects.get(pk=comment.pk), reader=helpers.reader("Vera"))
    assert hidden.value.status == 404
    assert not CommentLike.objects.exists()


def test_signed_out_readers_are_sent_to_sign_in_and_nothing_is_counted(client, discussion):
    answer = like_form(client, discussion["comment"])
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert not CommentLike.objects.exists()


def test_json_likes_need_the_csrf_token_and_answer_the_new_count(discussion):
    comment, url = discussion["comment"], f"/api/v1/comments/{discussion['comment'].pk}/like"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(discussion["boris"])
    assert browser.post(url).status_code == 403  # a forged request from another site
    assert not CommentLike.objects.exists()
    browser.get(discussion["article"].url)  # the page sets the CSRF cookie its script sends back
    token = {"X-CSRFToken": browser.cookies["csrftoken"].value}
    assert browser.post(url, headers=token).json() == {"comment": comment.pk, "likes": 1, "liked": True}
    assert browser.post(url, headers=token).json()["likes"] == 1
    assert browser.delete(url, headers=token).json() == {"comment": comment.pk, "likes": 0, "liked": False}
    missing = browser.post(f"/api/v1/comments/{comment.pk + 999}/like", headers=token)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    own = Client()
    own.force_login(discussion["anna"])
    refused = own.post(url)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "own_comment"


def test_a_flood_of_likes_is_throttled(discussion, monkeypatch):
    monkeypatch.setattr(services, "LIKE_RATE", "3/h")
    client = Client()
    client.force_login(discussion["boris"])
    url = f"/api/v1/comments/{discussion['comment'].pk}/like"
    answers = [(client.post if n % 2 == 0 else client.delete)(url).status_code for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    assert client.post(url).json()["error"]["code"] == "rate_limited"


def test_which_comments_a_reader_liked_costs_one_query_and_none_without_likes(client, discussion):
    article, boris = discussion["article"], discussion["boris"]
    for n in range(5):
        services.comment_submit(article=article, author=discussion["anna"], text=f"More {n}", ip_hash="a")
    client.force_login(boris)
    client.get(article.url)
    with CaptureQueriesContext(connection) as without_likes:
        client.get(article.url)
    for comment in Comment.objects.filter(article=article)[:4]:
        services.comment_like(comment=comment, reader=boris)
    with CaptureQueriesContext(connection) as with_likes:
        page = client.get(article.url).content.decode()
    assert len(with_likes) == len(without_likes) + 1
    assert page.count('aria-pressed="true"') == 4


def texts(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [n.get_text(strip=True) for n in soup.select(".comment-list > .comment > .comment__text")], soup


def test_most_liked_order_puts_the_most_liked_first_and_pages_through_every_comment_once(client):
    helpers.policy()
    article = helpers.article()
    comments = helpers.long_thread(article)
    # Counts as many readers' likes would leave them (the order reads the stored count): ties go oldest first.
    likes = {n: (n * 7) % 5 for n in range(55)}
    for n, count in likes.items():
        Comment.objects.filter(pk=comments[n].pk).update(like_count=count)
    expected = [f"Comment {n}" for n in sorted(range(55), key=lambda n: (-likes[n], n))]

    first, soup = texts(client, article.url + "?comments=liked")
    assert first == expected[:50]
    assert soup.select_one(".comments__order [aria-current]").get_text() == "Most liked"
    more = soup.select_one(".comments__more a")["href"]
    assert more.startswith("?comments=liked&after=")
    rest, soup = texts(client, article.url + more.split("#")[0])
    assert rest == expected[50:]
    assert soup.select_one(".comments__start a")["href"] == "?comments=liked#comments-thread"

    api = client.get(f"/api/v1/articles/{article.pk}/comments?order=liked").json()
    assert [c["text"] for c in api["comments"]] == expected[:50] and isinstance(api["next_cursor"], str)
    api_rest = client.get(f"/api/v1/articles/{article.pk}/comments?order=liked&after={api['next_cursor']}").json()
    assert [c["text"] for c in api_rest["comments"]] == expected[50:] and api_rest["next_cursor"] is None


@pytest.mark.parametrize("cursor", ["12", "x.y", "1.2.3", "-1.5", "%00"])
def test_a_cursor_that_does_not_fit_the_order_shows_the_first_page_and_the_api_refuses_it(client, cursor):
    helpers.policy()
    article = helpers.article()
    services.comment_submit(article=article, author=helpers.reader(), text="Only one", ip_hash="a")
    shown, _soup = texts(client, f"{article.url}?comments=liked&after={cursor}")
    assert shown == ["Only one"]
    answer = client.get(f"/api/v1/articles/{article.pk}/comments", {"order": "liked", "after": cursor})
    assert_cursor_refused(answer)


def assert_cursor_refused(answer):
    """The API tells a client that lost its place (a page of the thread again would read as the next one)."""
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "invalid_cursor" and list(error["fields"]) == ["after"]


# Digits str.isdigit() takes but int() refuses or reads otherwise, and numbers past a row id (found by fuzzing).
@pytest.mark.parametrize("order", ["oldest", "newest", "liked"])
@pytest.mark.parametrize("cursor", ["²", "1²", "٣", "٣.٣", "3.²", "99999999999999999999", "1.99999999999999999999"])
def test_a_cursor_of_odd_digits_or_past_any_id_shows_the_first_page_and_the_api_refuses_it(client, order, cursor):
    helpers.policy()
    article = helpers.article()
    services.comment_submit(article=article, author=helpers.reader(), text="Only one", ip_hash="a")
    shown, _soup = texts(client, f"{article.url}?comments={order}&after={cursor}")
    assert shown == ["Only one"]
    answer = client.get(f"/api/v1/articles/{article.pk}/comments", {"order": order, "after": cursor})
    assert_cursor_refused(answer)


def test_the_api_refuses_an_order_it_does_not_know_and_names_the_field(client):
    helpers.policy()
    article = helpers.article()
    services.comment_submit(article=article, author=helpers.reader(), text="Only one", ip_hash="a")
    answer = client.get(f"/api/v1/articles/{article.pk}/comments", {"order": "best"})
    assert answer.status_code == 422 and "order" in answer.json()["error"]["fields"]
    shown, _soup = texts(client, f"{article.url}?comments=best")
    assert shown == ["Only one"]  # a link with an odd order still shows the thread, oldest first


# The serialized rollback puts back what migrations made (the tree root, the moderators' group) after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thirty_readers_liking_one_comment_at_once_are_all_counted():
    helpers.policy()
    article = helpers.article()
    comment = services.comment_submit(article=article, author=helpers.reader("Anna"), text="Well said", ip_hash="a")
    readers = [helpers.reader(f"Fan {n}") for n in range(30)]

    def like_as(reader, number):
        services.comment_like(comment=comment, reader=reader)
        if number % 3 == 0:  # a double click from every third reader, counted once
            services.comment_like(comment=comment, reader=reader)

    assert helpers.all_at_once(like_as, readers) == []
    assert CommentLike.objects.filter(comment=comment).count() == 30
    assert Comment.objects.get(pk=comment.pk).like_count == 30
