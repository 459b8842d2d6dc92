"""A reader posts, replies, edits and deletes; what others see depends on the comment's status."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from masthead.comments import services
from masthead.comments.models import Comment

from . import helpers

pytestmark = pytest.mark.django_db


def post(client, article, text, **extra):
    return client.post(f"/articles/{article.pk}/comments/", {"text": text, **extra}, follow=True)


def thread_text(client, article):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    return [node.get_text(" ", strip=True) for node in soup.select(".comment__text")]


def test_published_comment_appears_for_everyone_and_counts(client):
    helpers.policy()
    article = helpers.article()
    author = helpers.reader("Maria")
    client.force_login(author)
    response = post(client, article, "Good news for the riverside.")
    assert "Your comment is published." in response.content.decode()
    client.logout()
    assert thread_text(client, article) == ["Good news for the riverside."]
    article.refresh_from_db()
    assert article.comment_count == 1
    assert "Maria" in client.get(article.url).content.decode()


def test_held_comment_is_shown_only_to_its_author_as_awaiting_moderation(client):
    helpers.policy(("new_account", {"first_comments": 1}))
    article = helpers.article()
    author = helpers.reader()
    client.force_login(author)
    response = post(client, article, "My first comment here.")
    html = response.content.decode()
    assert "awaiting moderation" in html
    assert "Awaiting moderation: only you can see this comment for now." in html
    client.force_login(helpers.reader())
    assert thread_text(client, article) == []
    client.logout()
    assert thread_text(client, article) == []


def test_rejected_comment_tells_its_author_which_rule_it_broke(client):
    helpers.policy(("link_policy", {"allowed_domains": "", "action": "reject"}))
    article = helpers.article()
    client.force_login(helpers.reader())
    html = post(client, article, "Cheap pills at http://spam.example.com").content.decode()
    assert "Your comment was rejected." in html
    assert "Links to third-party resources are not allowed." in html


def test_site_can_choose_not_to_tell_the_reason(client):
    helpers.policy(("link_policy", {"allowed_domains": "", "action": "reject"}), tell_rejected_reason=False)
    article = helpers.article()
    client.force_login(helpers.reader())
    html = post(client, article, "See http://spam.example.com").content.decode()
    assert "Your comment was rejected." in html
    assert "Links to third-party resources are not allowed." not in html


def test_replies_nest_two_deep_and_deeper_replies_join_the_last_level(client):
    helpers.policy()
    article = helpers.article()
    author = helpers.reader()
    top = services.comment_submit(article=article, author=author, text="Top", ip_hash="a")
    reply = services.comment_submit(article=article, author=author, text="Reply", ip_hash="a", parent=top)
    deeper = services.comment_submit(article=article, author=author, text="Deeper", ip_hash="a", parent=reply)
    deepest = services.comment_submit(article=article, author=author, text="Deepest", ip_hash="a", parent=deeper)
    assert (reply.depth, deeper.depth, deepest.depth) == (1, 2, 2)
    assert deepest.parent_id == reply.pk and deepest.root_id == top.pk
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    top_item = soup.select_one(f"#comment-{top.pk}")
    assert top_item.select_one(f"#comment-{reply.pk} #comment-{deeper.pk}") is not None


def test_author_may_edit_within_the_window_and_the_old_text_is_kept():
    helpers.policy(edit_window_minutes=15)
    article = helpers.article()
    author = helpers.reader()
    comment = services.comment_submit(article=article, author=author, text="Teh council", ip_hash="a")
    services.comment_edit(comment=comment, author=author, text="The council")
    comment.refresh_from_db()
    assert comment.text == "The council" and comment.edited_at is not None
    assert list(comment.revisions.values_list("text", flat=True)) == ["Teh council"]


def test_edit_after_the_window_is_refused():
    helpers.policy(edit_window_minutes=15)
    article = helpers.article()
    author = helpers.reader()
    comment = services.comment_submit(article=article, author=author, text="Old words", ip_hash="a")
    with pytest.raises(services.CommentRefused) as refused:
        services.comment_edit(
            comment=comment, author=author, text="New words", now=timezone.now() + timedelta(minutes=16)
        )
    assert refused.value.code == "edit_window_over"


def test_nobody_else_may_edit_or_delete_a_comment():
    helpers.policy()
    article = helpers.article()
    comment = services.comment_submit(article=article, author=helpers.reader(), text="Mine", ip_hash="a")
    stranger = helpers.reader()
    with pytest.raises(services.CommentRefused):
        services.comment_edit(comment=comment, author=stranger, text="Yours now")
    with pytest.raises(services.CommentRefused):
        services.comment_delete_own(comment=comment, author=stranger)


def test_deleting_own_comment_keeps_its_replies_in_place(client):
    helpers.policy()
    article = helpers.article()
    author, other = helpers.reader(), helpers.reader()
    top = services.comment_submit(article=article, author=author, text="Regrettable", ip_hash="a")
    services.comment_submit(article=article, author=other, text="A fair answer", ip_hash="b", parent=top)
    client.force_login(author)
    client.post(f"/comments/{top.pk}/delete/")
    html = client.get(article.url).content.decode()
    assert "This comment was deleted." in html and "Regrettable" not in html and "A fair answer" in html
    article.refresh_from_db()
    assert article.comment_count == 1


def test_a_held_reply_its_author_deletes_leaves_no_trace_for_other_readers(client):
    helpers.policy()
    article = helpers.article()
    top = services.comment_submit(article=article, author=helpers.reader(), text="The bridge reopens", ip_hash="a")
    author = helpers.reader("Quiet Withdrawer")
    helpers.policy(mode="premoderated")
    held = services.comment_submit(article=article, author=author, text="Second thoughts", ip_hash="b", parent=top)
    assert held.status == Comment.Status.PENDING
    services.comment_delete_own(comment=held, author=author)
    html = client.get(article.url).content.decode()
    assert "The bridge reopens" in html
    assert "This comment was deleted." not in html and "Quiet Withdrawer" not in html
    listed = client.get(f"/api/v1/articles/{article.pk}/comments").json()
    assert [reply for comment in listed["comments"] for reply in comment["replies"]] == []


def test_a_deleted_reply_stays_as_a_placeholder_only_while_replies_hang_from_it(client):
    helpers.policy()
    article = helpers.article()
    top = services.comment_submit(article=article, author=helpers.reader(), text="Top", ip_hash="a")
    author = helpers.reader()
    middle = services.comment_submit(article=article, author=author, text="Middle", ip_hash="b", parent=top)
    answer = services.comment_submit(
        article=article, author=helpers.reader(), text="Answer", ip_hash="c", parent=middle
    )
    services.comment_delete_own(comment=middle, author=author)
    html = client.get(article.url).content.decode()
    assert html.count("This comment was deleted.") == 1 and "Answer" in html
    services.comment_delete_own(comment=answer, author=answer.author)
    html = client.get(article.url).content.decode()
    assert "This comment was deleted." not in html and "Top" in html


def test_anonymous_post_asks_to_log_in_and_keeps_the_text(client):
    helpers.policy()
    article = helpers.article()
    response = client.post(f"/articles/{article.pk}/comments/", {"text": "Written before logging in"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Comment.objects.count() == 0
    client.force_login(helpers.reader())
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.select_one("#comment-text").get_text() == "Written before logging in"


def test_refused_comment_keeps_its_text_in_the_form(client):
    helpers.policy(max_length=20)
    article = helpers.article()
    client.force_login(helpers.reader())
    html = post(client, article, "This comment is far too long for the site").content.decode()
    assert "at most 20 characters" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#comment-text").get_text() == "This comment is far too long for the site"


def test_comments_can_be_shown_newest_first(client):
    helpers.policy()
    article = helpers.article()
    author = helpers.reader()
    for text in ["First", "Second", "Third"]:
        services.comment_submit(article=article, author=author, text=text, ip_hash="a")
    soup = BeautifulSoup(client.get(article.url + "?comments=newest").content, "html.parser")
    assert [n.get_text(strip=True) for n in soup.select(".comment__text")] == ["Third", "Second", "First"]


def test_long_threads_load_more_comments_by_link(client, settings):
    helpers.policy()
    article = helpers.article()
    helpers.long_thread(article)
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert len(soup.select(".comment-list > .comment")) == 50
    more = soup.select_one(".comments__more a")["href"]
    soup = BeautifulSoup(client.get(article.url + more.split("#")[0]).content, "html.parser")
    assert [n.get_text(strip=True) for n in soup.select(".comment__text")] == [f"Comment {n}" for n in range(50, 55)]


def test_reader_sees_their_comments_with_status_on_their_profile(client):
    helpers.policy(("new_account", {"first_comments": 1}))
    article = helpers.article(title="Budget story")
    author = helpers.reader()
    services.comment_submit(article=article, author=author, text="Held for now", ip_hash="a")
    client.force_login(author)
    html = client.get("/accounts/profile/").content.decode()
    assert "Budget story" in html and "Held for now" in html and "Awaiting moderation" in html


def test_rules_above_the_form_are_rendered_from_the_enforced_checks(client):
    helpers.policy(
        ("rate_limit", {"per_account_per_hour": 5, "per_address_per_hour": 30}),
        ("link_policy", {"allowed_domains": "wikipedia.org", "action": "reject"}),
        ("new_account", {"first_comments": 3}),
    )
    article = helpers.article()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    rules = [li.get_text(" ", strip=True) for li in soup.select(".comment-rules__enforced li")]
    assert rules == [
        "At most 5 comments an hour from one account.",
        "Links to third-party resources are prohibited, except to: wikipedia.org.",
        "The first 3 comments of a new account appear after a moderator has read them.",
        "Comments are plain text of up to 3000 characters.",
        "Moderators may read an account's comments before they appear.",  # a hold is always enforced
    ]


def test_author_edits_through_the_page_form_while_the_window_is_open(client):
    helpers.policy(edit_window_minutes=15)
    article = helpers.article()
    author = helpers.reader()
    comment = services.comment_submit(article=article, author=author, text="Teh council", ip_hash="a")
    client.force_login(author)
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    form = soup.select_one(f"#comment-{comment.pk} .comment__edit form")
    client.post(form["action"], {"text": "The council"})
    assert "The council" in thread_text(client, article)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.select_one(f"#comment-{comment.pk} .comment__edit") is None


def test_rules_name_each_word_list_in_the_page_language():
    policy = helpers.policy(
        ("word_list", {"category": "insults", "language": "en", "words": "idiot", "action": "reject"}),
        ("word_list", {"category": "оскорбления", "language": "ru", "words": "идиот", "action": "reject"}),
    )
    assert "Prohibited: insults." in policy.rules(language="en")
    assert "Prohibited: оскорбления." not in policy.rules(language="en")
    assert "Prohibited: оскорбления." in policy.rules(language="ru")
    # Both lists still run on every comment, whatever its language.
    comment = services.comment_submit(article=helpers.article(), author=helpers.reader(), text="ты идиот", ip_hash="a")
    assert comment.status == Comment.Status.REJECTED


def test_each_comments_time_links_to_it_even_past_the_first_page(client):
    helpers.policy()
    article = helpers.article()
    comments = helpers.long_thread(article)
    late = services.comment_submit(
        article=article, author=comments[0].author, text="A late reply", ip_hash="a", parent=comments[52]
    )
    soup = BeautifulSoup(client.get(article.url + comments[52].thread_address.split("#")[0]).content, "html.parser")
    link = soup.select_one(f"#comment-{late.pk} .comment__permalink")
    assert link["href"] == f"?after={comments[52].pk - 1}#comment-{late.pk}"
    assert link.select_one("time")  # the time is the link, as readers expect
    shown = BeautifulSoup(client.get(article.url + link["href"].split("#")[0]).content, "html.parser")
    assert shown.select_one(f"#comment-{late.pk}") is not None  # the 53rd thread, past the first 50


def test_a_comments_link_deep_in_the_thread_leads_back_a_page_at_a_time(client):
    helpers.policy()
    article = helpers.article()
    comments = helpers.long_thread(article, count=120)

    def page(address):
        soup = BeautifulSoup(client.get(article.url + address).content, "html.parser")
        texts = [node.get_text(strip=True) for node in soup.select(".comment-list > .comment .comment__text")]
        previous = soup.select_one('.comments__start a[rel="prev"]')
        return texts, previous["href"] if previous else None

    texts, previous = page(comments[110].thread_address.split("#")[0])
    assert texts[0] == "Comment 110"
    texts, previous = page(previous.split("#")[0])
    assert texts[0] == "Comment 60" and texts[-1] == "Comment 109"  # the 50 just before, not the very first
    texts, previous = page(previous.split("#")[0])
    assert texts[0] == "Comment 10" and texts[-1] == "Comment 59"
    texts, previous = page(previous.split("#")[0])
    assert texts[0] == "Comment 0"  # the first page, which has no page before it
    assert previous is None


def test_the_newest_first_order_leads_back_to_newer_comments(client):
    helpers.policy()
    article = helpers.article()
    helpers.long_thread(article, count=60)
    soup = BeautifulSoup(client.get(article.url + "?comments=newest").content, "html.parser")
    second = soup.select_one('.comments__more a[rel="next"]')["href"]
    soup = BeautifulSoup(client.get(article.url + second.split("#")[0]).content, "html.parser")
    assert soup.select_one(".comment-list > .comment .comment__text").get_text(strip=True) == "Comment 9"
    back = soup.select_one('.comments__start a[rel="prev"]')["href"]
    assert back == "?comments=newest#comments-thread"  # at the comments, not above the rules and the form


def test_a_refused_edit_gives_the_new_text_back_in_a_form_to_send_again(client):
    helpers.policy(edit_window_minutes=15)
    article = helpers.article()
    author = helpers.reader()
    comment = services.comment_submit(article=article, author=author, text="Teh council", ip_hash="a")
    client.force_login(author)
    too_long = "The council met " + "again " * 600
    answer = client.post(f"/comments/{comment.pk}/edit/", {"text": too_long})
    assert answer.status_code == 413  # too long, as the API says it
    soup = BeautifulSoup(answer.content, "html.parser")
    assert "characters" in soup.select_one('[role="alert"]').get_text()
    form = soup.select_one("main form")
    assert form["action"] == f"/comments/{comment.pk}/edit/"
    assert form.select_one("textarea").get_text() == too_long
    assert Comment.objects.get(pk=comment.pk).text == "Teh council"


def test_an_edit_sent_after_the_window_closed_shows_the_text_to_copy(client):
    helpers.policy(edit_window_minutes=15)
    article = helpers.article()
    author = helpers.reader()
    comment = services.comment_submit(article=article, author=author, text="Teh council", ip_hash="a")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client.force_login(author)
    answer = client.post(f"/comments/{comment.pk}/edit/", {"text": "The council, corrected"})
    assert answer.status_code == 409
    soup = BeautifulSoup(answer.content, "html.parser")
    assert "15 minutes" in soup.select_one('[role="alert"]').get_text()
    assert soup.select_one("main form") is None  # nothing to send it to
    assert soup.select_one("textarea[readonly]").get_text() == "The council, corrected"
    assert soup.find("a", href=comment.get_absolute_url())


def test_messages_show_where_the_reader_looks_sign_in_notes_on_the_sign_in_page_comment_notes_by_the_thread(client):
    helpers.policy()
    article = helpers.article()
    asked = client.post(f"/articles/{article.pk}/comments/", {"text": "Before signing in"}, follow=True)
    top = BeautifulSoup(asked.content, "html.parser").select_one("main .comment-messages")
    assert "Please sign in to comment; your text is kept." in top.get_text()
    client.force_login(helpers.reader())
    page = BeautifulSoup(post(client, article, "Signed in now").content, "html.parser")
    section = page.select_one("#comments")
    assert "Your comment is published." in section.select_one(".comment-messages").get_text()
    assert page.select(".comment-messages") == [section.select_one(".comment-messages")]  # once, by the thread


def test_the_signed_out_notice_is_shown_on_the_next_page_not_later_in_a_comment_section(client):
    helpers.policy()
    article = helpers.article()
    client.force_login(helpers.reader())
    landed = BeautifulSoup(client.post("/accounts/logout/", follow=True).content, "html.parser")
    assert "You have signed out." in landed.select_one("main .comment-messages").get_text()
    later = client.get(article.url).content.decode()
    assert "You have signed out." not in later


def test_after_reporting_a_comment_past_the_first_page_the_reader_lands_where_it_is(client):
    helpers.policy()
    article = helpers.article()
    author = helpers.reader()
    comments = [
        services.comment_submit(article=article, author=author, text=f"Thread number {n}", ip_hash="a")
        for n in range(55)
    ]
    last = comments[-1]
    client.force_login(helpers.reader())
    first_page = client.get(article.url).content.decode()
    assert f'id="comment-{last.pk}"' not in first_page  # it is on a later page of the thread
    response = client.post(f"/comments/{last.pk}/report/", {"category": "spam"})
    assert response["Location"].endswith(f"#comment-{last.pk}")
    landed = client.get(response["Location"]).content.decode()
    assert f'id="comment-{last.pk}"' in landed
    assert "Thank you! The moderators will look at this comment." in landed


def test_the_sign_in_link_brings_the_reader_back_to_the_same_page_of_the_thread(client):
    from urllib.parse import parse_qs, urlsplit

    helpers.policy()
    article = helpers.article()
    page = BeautifulSoup(client.get(f"{article.url}?comments=newest&after=5").content, "html.parser")
    link = page.select_one(".comment-form__login a")["href"]
    assert parse_qs(urlsplit(link).query)["next"] == [f"{article.url}?comments=newest&after=5#comments"]


def test_a_rejected_comment_tells_its_author_the_rule_not_why_it_waited_for_a_moderator(client):
    helpers.policy(("new_account", {"first_comments": 1}))
    article = helpers.article()
    author = helpers.reader("Newcomer")
    comment = services.comment_submit(article=article, author=author, text="First!", ip_hash="a")
    assert comment.status == Comment.Status.PENDING and comment.reasons == ["new_account"]
    services.comment_moderate(comment=comment, moderator=helpers.moderator(), action="reject", reason="Rude")
    client.force_login(author)
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    status = soup.select_one(f"#comment-{comment.pk} .comment__status--rejected").get_text(" ", strip=True)
    assert "A moderator removed this comment." in status
    assert "new account" not in status  # it waited for that reason; it was not rejected for it
