"""Moderators work the queue in the admin: approve, reject, delete, ban; every step is logged with its reason."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from masthead.comments import selectors, services, standing
from masthead.comments.models import Ban, Comment

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    helpers.policy(("banned", {}), ("new_account", {"first_comments": 1}))
    article = helpers.article()
    comment = services.comment_submit(article=article, author=helpers.reader("Newcomer"), text="First!", ip_hash="a")
    assert comment.status == Comment.Status.PENDING
    return comment


def bulk_url(action, comments, next_url="/admin/"):
    ids = "&".join(f"id={c.pk}" for c in comments)
    return f"/admin/bulk/comments/comment/{action}/?{ids}&next={next_url}"


def test_queue_shows_held_comments_with_their_reasons(client, held):
    client.force_login(helpers.moderator())
    response = client.get(reverse("comments_moderation_snippets:list") + "?needs_attention=true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "First!" in html and "Newcomer" in html
    # The reason by the check's name in the comment policy, not its code.
    cells = [" ".join(cell.get_text().split()) for cell in BeautifulSoup(html, "html.parser").select("tbody td")]
    assert "New accounts are pre-moderated" in cells


def test_queue_shows_the_abuse_score_to_two_places_and_a_dash_where_none_was_given(client, held):
    scored = services.comment_submit(
        article=held.article, author=helpers.reader("Second newcomer"), text="Hello", ip_hash="b"
    )
    Comment.objects.filter(pk=scored.pk).update(score=0.17943421062262718)
    client.force_login(helpers.moderator())
    html = client.get(reverse("comments_moderation_snippets:list") + "?needs_attention=true").content.decode()
    rows = [
        [" ".join(cell.get_text().split()) for cell in row(["th", "td"])]
        for row in BeautifulSoup(html, "html.parser").select("tbody tr")
    ]
    scored_row = next(cells for cells in rows if any("Hello" in cell for cell in cells))
    unscored_row = next(cells for cells in rows if any("First!" in cell for cell in cells))
    assert "0.18" in scored_row and not any("0.1794" in cell for cell in scored_row)
    assert "—" in unscored_row


def test_queue_filters_by_a_word_of_the_headline_without_listing_every_article(client, held):
    quiet = helpers.article(title="Nobody commented on the ferry timetable")
    other = services.comment_submit(
        article=helpers.article(title="Tram depot to close"),
        author=helpers.reader("Commuter"),
        text="Sad!",
        ip_hash="b",
    )
    client.force_login(helpers.moderator())
    queue = reverse("comments_moderation_snippets:list")
    html = client.get(queue).content.decode()
    # The filters are a few fields, not a drop-down of the archive (at 100,000 articles, 17 MB and 20 seconds).
    assert quiet.title not in html
    filtered = client.get(queue + "?headline=depot").content.decode()
    assert other.text in filtered and held.text not in filtered


def test_moderator_approves_in_bulk_and_the_comment_appears_for_readers(client, held):
    client.force_login(helpers.moderator())
    response = client.post(bulk_url("approve", [held]), {"reason": "Fine"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED
    client.logout()
    assert "First!" in client.get(held.article.url).content.decode()
    entry = ModelLogEntry.objects.filter(action="comments.approve", object_id=str(held.pk)).get()
    assert entry.data["reason"] == "Fine"


def test_moderator_rejects_with_a_reason_that_is_logged(client, held):
    moderator = helpers.moderator()
    client.force_login(moderator)
    client.post(bulk_url("reject", [held]), {"reason": "Off topic"})
    held.refresh_from_db()
    assert held.status == Comment.Status.REJECTED and "moderator" in held.reasons
    entry = ModelLogEntry.objects.get(action="comments.reject", object_id=str(held.pk))
    assert (entry.user_id, entry.data["reason"]) == (moderator.pk, "Off topic")


def test_moderator_rejects_with_a_message_that_only_the_author_sees_as_plain_text(client, held):
    moderator = helpers.moderator()
    client.force_login(moderator)
    form = client.get(bulk_url("reject", [held])).content.decode()
    assert "Message to the author (they see it)" in form
    note = "Please keep to the story. <script>alert(1)</script>"
    client.post(bulk_url("reject", [held]), {"reason": "Off topic, third time", "note": note})
    held.refresh_from_db()
    assert held.moderator_note == note
    entry = ModelLogEntry.objects.get(action="comments.reject", object_id=str(held.pk))
    assert entry.data == {"reason": "Off topic, third time", "note": note}

    client.force_login(held.author)
    page = client.get(held.article.url).content.decode()
    assert "From the moderators: Please keep to the story. &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "Off topic, third time" not in page  # the log's reason is for the newsroom
    thread = client.get(f"/api/v1/articles/{held.article.pk}/comments").json()
    assert thread["comments"][0]["moderator_note"] == note
    assert note.split("<")[0].strip() in client.get("/accounts/profile/").content.decode()

    client.force_login(helpers.reader("Other"))
    assert "Please keep to the story" not in client.get(held.article.url).content.decode()

    client.force_login(moderator)
    client.post(bulk_url("approve", [held]), {"reason": "On reflection, fine"})
    held.refresh_from_db()
    assert held.moderator_note == ""  # a published comment carries no rejection message
    client.force_login(held.author)
    assert "From the moderators" not in client.get(held.article.url).content.decode()


def test_moderator_ban_from_the_queue_stops_the_reader_and_tells_them_until_when(client, held):
    client.force_login(helpers.moderator())
    response = client.post(
        reverse("comments_moderation:ban", args=[held.author_id]),
        {"duration": "7", "reason": "Insults", "hide_comments": "on"},
    )
    assert response.status_code == 302
    ban = Ban.objects.get(user=held.author)
    assert ban.until > timezone.now() + timedelta(days=6)
    with pytest.raises(services.CommentRefused) as refused:
        services.comment_submit(article=held.article, author=held.author, text="Again", ip_hash="a")
    assert refused.value.code == "banned"
    assert "until" in refused.value.message and "Insults" in refused.value.message
    client.force_login(held.author)
    assert "You are blocked from commenting until" in client.get(held.article.url).content.decode()
    assert ModelLogEntry.objects.filter(action="comments.ban").count() == 1


def test_a_banned_reader_is_not_banned_twice_and_the_newsroom_is_not_banned_from_the_queue(client, held):
    moderator = helpers.moderator()
    client.force_login(moderator)
    ban_url = reverse("comments_moderation:ban", args=[held.author_id])
    first = client.post(ban_url, {"duration": "7", "reason": "Insults"})
    assert first["Location"] == reverse("comments_moderation_snippets:list") + "?needs_attention=true"
    opened = BeautifulSoup(client.get(ban_url).content, "html.parser")
    assert "already banned (until" in opened.get_text() and opened.select_one("form[method=post]") is None
    again = client.post(ban_url, {"duration": "30", "reason": "Insults again"})
    assert again.status_code == 200 and "already banned (until" in again.content.decode()
    assert Ban.objects.filter(user=held.author).count() == 1
    colleague = helpers.moderator()
    for member in (moderator, colleague):
        answer = client.post(reverse("comments_moderation:ban", args=[member.pk]), {"duration": "", "reason": "Oops"})
        assert "Members of the newsroom cannot be banned" in answer.content.decode()
    assert not Ban.objects.filter(user__in=[moderator, colleague]).exists()


def test_banning_an_account_leaves_its_network_address_open_unless_the_moderator_blocks_it(client, held):
    client.force_login(helpers.moderator())
    neighbour = helpers.reader("Same office")
    client.post(reverse("comments_moderation:ban", args=[held.author_id]), {"duration": "7", "reason": "Insults"})
    assert Ban.objects.get(user=held.author).ip_hash == ""
    shared = services.comment_submit(article=held.article, author=neighbour, text="Hello", ip_hash=held.ip_hash)
    assert shared.status != Comment.Status.REJECTED
    Ban.objects.all().delete()
    client.post(
        reverse("comments_moderation:ban", args=[held.author_id]),
        {"duration": "7", "reason": "Sock puppets", "block_address": "on"},
    )
    assert Ban.objects.get(user=held.author).ip_hash == held.ip_hash
    blocked = services.comment_submit(article=held.article, author=neighbour, text="Hi again", ip_hash=held.ip_hash)
    assert (blocked.status, blocked.reasons) == (Comment.Status.REJECTED, ["banned"])


def test_a_reader_held_for_review_comments_but_nothing_appears_until_a_moderator_reads_it(client):
    helpers.policy()
    article = helpers.article()
    reader = helpers.reader("Borderline")
    earlier = services.comment_submit(article=article, author=reader, text="Before the hold", ip_hash="a")
    assert earlier.status == Comment.Status.PUBLISHED
    moderator = helpers.moderator()
    client.force_login(moderator)
    record = f"/admin/comments/readers/{reader.pk}/"
    assert "Hold their comments for review" in client.get(record).content.decode()
    client.post(f"{record}hold/", {"duration": "7", "reason": "Third warning this week"})

    held = services.comment_submit(article=article, author=reader, text="During the hold", ip_hash="a")
    assert (held.status, held.reasons) == (Comment.Status.PENDING, ["held_reader"])
    edited = services.comment_edit(comment=earlier, author=reader, text="Before the hold, now spam")
    assert edited.status == Comment.Status.PENDING  # an approved comment cannot be edited into something else
    page = client.get(record).content.decode()
    assert "Third warning this week" in page and "Stop holding their comments" in page
    queue = client.get(reverse("comments_moderation_snippets:list") + "?reason=held_reader").content.decode()
    assert "During the hold" in queue
    entry = ModelLogEntry.objects.get(action="comments.hold_reader", object_id=str(reader.pk))
    assert entry.user_id == moderator.pk and entry.data["reason"] == "Third warning this week"
    assert entry.data["until"] > timezone.now().isoformat()

    client.post(f"{record}release/")
    after = services.comment_submit(article=article, author=reader, text="After the hold", ip_hash="a")
    assert after.status == Comment.Status.PUBLISHED
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.PENDING  # still waits for its moderator
    assert ModelLogEntry.objects.filter(action="comments.release_reader", object_id=str(reader.pk)).exists()


def test_a_hold_ends_by_itself_and_only_moderators_may_hold(client):
    helpers.policy()
    article = helpers.article()
    reader = helpers.reader()
    standing.reader_hold(user=reader, moderator=helpers.moderator(), until=timezone.now() - timedelta(minutes=1))
    assert services.comment_submit(article=article, author=reader, text="Hold over", ip_hash="a").is_visible
    client.force_login(helpers.reader("Other"))
    assert client.post(f"/admin/comments/readers/{reader.pk}/hold/", {"duration": ""}).status_code in {302, 403}
    with pytest.raises(services.CommentRefused):
        standing.reader_hold(user=reader, moderator=helpers.reader("Not a moderator"))
    assert not selectors.is_held(reader)


def test_moderator_lifts_a_ban_from_the_readers_record_and_the_reader_may_comment_again(client, held):
    moderator = helpers.moderator()
    ban = standing.ban_create(user=held.author, moderator=moderator, reason="Insults")
    record = reverse("comments_moderation:reader", args=[held.author_id])
    lift = reverse("comments_moderation:lift_ban", args=[ban.pk])
    client.force_login(held.author)
    assert client.post(lift).status_code in {302, 403}  # to the admin's login: readers have no admin access
    ban.refresh_from_db()
    assert ban.lifted_at is None, "a reader cannot lift their own ban"
    client.force_login(moderator)
    assert f'action="{lift}"' in client.get(record).content.decode()
    assert client.get(lift).status_code == 405, "lifting changes data: a POST with its CSRF token, never a link"
    response = client.post(lift, follow=True)
    assert response.redirect_chain[-1][0] == record
    assert "The ban is lifted" in response.content.decode()
    assert f'action="{lift}"' not in response.content.decode(), "a lifted ban offers no button"
    ban.refresh_from_db()
    assert ban.lifted_at is not None
    entry = ModelLogEntry.objects.get(action="comments.unban", object_id=str(held.author_id))
    assert (entry.user_id, entry.data["reason"]) == (moderator.pk, "Insults")
    comment = services.comment_submit(article=held.article, author=held.author, text="Sorry", ip_hash="a")
    assert comment.status != Comment.Status.REJECTED
    # Lifting again changes nothing and says so.
    assert "already ended" in client.post(lift, follow=True).content.decode()
    assert ModelLogEntry.objects.filter(action="comments.unban").count() == 1


def test_bans_are_made_and_lifted_only_through_the_moderators_views(client, held, django_user_model):
    ban = standing.ban_create(user=held.author, moderator=helpers.moderator(), reason="Spam")
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "x"))
    assert client.get(reverse("comments_moderation_bans:list")).status_code == 200
    for url in (
        reverse("comments_moderation_bans:add"),
        reverse("comments_moderation_bans:edit", args=[ban.pk]),
        reverse("comments_moderation_bans:delete", args=[ban.pk]),
    ):
        assert client.get(url).status_code in {302, 403}, url
    client.post(reverse("comments_moderation_bans:delete", args=[ban.pk]))
    assert Ban.objects.filter(pk=ban.pk).exists()


def test_ban_can_hide_earlier_comments():
    helpers.policy()
    article = helpers.article()
    author = helpers.reader()
    earlier = services.comment_submit(article=article, author=author, text="Earlier", ip_hash="a")
    standing.ban_create(user=author, moderator=helpers.moderator(), reason="Spam", hide_comments=True)
    earlier.refresh_from_db()
    article.refresh_from_db()
    assert earlier.status == Comment.Status.REJECTED and article.comment_count == 0


def test_lifting_a_ban_can_show_again_the_comments_it_hid_and_only_those(client):
    helpers.policy()
    article, other_article = helpers.article(), helpers.article()
    author, moderator = helpers.reader("Hasty"), helpers.moderator()
    first = services.comment_submit(article=article, author=author, text="First point", ip_hash="a")
    second = services.comment_submit(article=other_article, author=author, text="Second point", ip_hash="a")
    judged = services.comment_submit(article=article, author=author, text="Rude remark", ip_hash="a")
    services.comment_moderate(comment=judged, moderator=moderator, action="reject", reason="Rude")
    ban = standing.ban_create(user=author, moderator=moderator, reason="Mistaken for a spammer", hide_comments=True)
    # While the ban stands a moderator approves one of the hidden comments by hand.
    services.comment_moderate(comment=second, moderator=moderator, action="approve", reason="Fine")
    client.force_login(moderator)
    record = client.get(reverse("comments_moderation:reader", args=[author.pk])).content.decode()
    assert 'name="show_hidden_comments"' in record, "a ban that hid comments offers to show them again"
    response = client.post(
        reverse("comments_moderation:lift_ban", args=[ban.pk]), {"show_hidden_comments": "1"}, follow=True
    )
    assert "1 comment the ban hid is shown again." in response.content.decode()
    statuses = dict(Comment.objects.filter(author=author).values_list("text", "status"))
    assert statuses == {"First point": "published", "Second point": "published", "Rude remark": "rejected"}
    article.refresh_from_db()
    assert article.comment_count == 1
    client.logout()
    assert "First point" in client.get(article.url).content.decode()
    entry = ModelLogEntry.objects.get(action="comments.show_again")
    assert (entry.object_id, entry.user_id) == (str(first.pk), moderator.pk)


def test_lifting_a_ban_without_showing_keeps_the_hidden_comments_hidden(client):
    helpers.policy()
    article = helpers.article()
    author, moderator = helpers.reader(), helpers.moderator()
    earlier = services.comment_submit(article=article, author=author, text="Earlier", ip_hash="a")
    ban = standing.ban_create(user=author, moderator=moderator, reason="Spam", hide_comments=True)
    client.force_login(moderator)
    client.post(reverse("comments_moderation:lift_ban", args=[ban.pk]))  # the box unticked
    earlier.refresh_from_db()
    assert earlier.status == Comment.Status.REJECTED
    assert Ban.objects.active().filter(user=author).count() == 0


def test_reader_report_puts_a_published_comment_in_the_queue(client):
    helpers.policy()
    article = helpers.article()
    comment = services.comment_submit(article=article, author=helpers.reader(), text="Borderline", ip_hash="a")
    client.force_login(helpers.reader())
    client.post(f"/comments/{comment.pk}/report/", {"category": "off_topic"})
    client.post(f"/comments/{comment.pk}/report/", {"category": "spam"})  # one reader counts once
    comment.refresh_from_db()
    assert comment.report_count == 1
    from masthead.comments.selectors import moderation_queue

    assert list(moderation_queue()) == [comment]


def test_not_even_a_superuser_writes_edits_or_deletes_comments_through_the_admins_generic_forms(
    client, held, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "x"))
    listing = client.get(reverse("comments_moderation_snippets:list") + "?needs_attention=true")
    assert listing.status_code == 200 and "First!" in listing.content.decode()
    assert reverse("comments_moderation_snippets:add") not in listing.content.decode()
    edit = reverse("comments_moderation_snippets:edit", args=[held.pk])
    delete = reverse("comments_moderation_snippets:delete", args=[held.pk])
    for url in (reverse("comments_moderation_snippets:add"), edit, delete):
        assert client.get(url).status_code in {302, 403}, url
    client.post(edit, {"text": "Words the reader never wrote", "status": "published"})
    client.post(delete)
    held.refresh_from_db()
    assert (held.text, held.status) == ("First!", Comment.Status.PENDING)
    # The moderation actions remain, and they record who did what.
    inspect = client.get(reverse("comments_moderation_snippets:inspect", args=[held.pk]))
    assert inspect.status_code == 200
    client.post(bulk_url("approve", [held]), {"reason": "Fine"})
    held.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED


def test_moderator_role_can_moderate_but_not_edit_pages(client, held):
    moderator = helpers.moderator()
    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("comments_moderation_snippets:list")).status_code == 200
    assert client.get(f"/admin/pages/{held.article.pk}/edit/").status_code in {302, 403}
    assert not moderator.has_perm("wagtailcore.change_page")


def test_readers_cannot_reach_the_queue_or_moderate(client, held):
    reader = helpers.reader()
    client.force_login(reader)
    assert client.get(reverse("comments_moderation_snippets:list")).status_code in {302, 403}
    with pytest.raises(services.CommentRefused):
        services.comment_moderate(comment=held, moderator=reader, action="approve")


def test_invalid_transition_is_refused():
    helpers.policy()
    article = helpers.article()
    comment = services.comment_submit(article=article, author=helpers.reader(), text="Fine", ip_hash="a")
    services.comment_moderate(comment=comment, moderator=helpers.moderator(), action="delete")
    with pytest.raises(services.CommentRefused) as refused:
        services.comment_moderate(comment=comment, moderator=helpers.moderator(), action="reject")
    assert refused.value.code == "invalid_transition"


def test_pending_comment_mails_the_moderators(mailoutbox, held, django_capture_on_commit_callbacks):
    helpers.moderator()
    # The held fixture's comment was posted before any moderator existed; post another.
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_submit(article=held.article, author=helpers.reader(), text="Also new", ip_hash="b")
    assert any("waits for moderation" in mail.subject for mail in mailoutbox)


def test_each_moderator_is_mailed_alone_in_their_admin_language_with_a_link_to_the_comment(
    mailoutbox, held, django_capture_on_commit_callbacks
):
    from wagtail.users.models import UserProfile

    english, russian = helpers.moderator(), helpers.moderator()
    english.email, russian.email = "desk@example.org", "dezhurny@example.org"
    english.save(), russian.save()
    profile = UserProfile.get_for_user(russian)
    profile.preferred_language = "ru"
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.comment_submit(article=held.article, author=helpers.reader(), text="Hi", ip_hash="b")
    mails = {tuple(mail.to): mail for mail in mailoutbox}
    assert set(mails) == {(english.email,), (russian.email,)}  # one each: nobody sees the others' addresses
    assert "Why it waits: New accounts" in mails[(english.email,)].body  # the check's name, not "new_account"
    assert mails[(russian.email,)].subject.startswith("Комментарий ждёт модерации")
    assert reverse("comments_moderation_snippets:inspect", args=[waiting.pk]) in mails[(english.email,)].body


def test_thread_of_two_hundred_comments_renders_with_a_constant_query_count(client):
    helpers.policy()
    article = helpers.article()
    authors = [helpers.reader(f"R{n}") for n in range(10)]

    def count():
        client.get(article.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.url).status_code == 200
        return len(queries)

    first = services.comment_submit(article=article, author=authors[0], text="Root", ip_hash="x")
    few = count()
    rows = []
    for number in range(199):
        parent = first if number % 3 == 0 else None
        rows.append(
            Comment(
                article=article,
                author=authors[number % 10],
                text=f"Comment {number}",
                status="published",
                parent=parent,
                root=parent,
                depth=1 if parent else 0,
            )
        )
    Comment.objects.bulk_create(rows)
    assert count() == few


def test_readers_record_shows_who_did_what_when_and_why_to_their_comments_and_account(client, held):
    moderator = helpers.moderator()
    services.comment_moderate(comment=held, moderator=moderator, action="reject", reason="Off topic")
    standing.ban_create(user=held.author, moderator=moderator, reason="Repeated insults")
    other = services.comment_submit(article=held.article, author=helpers.reader("Bystander"), text="Hi", ip_hash="b")
    client.force_login(moderator)

    response = client.get(reverse("comments_moderation:reader", args=[held.author_id]))

    assert response.status_code == 200
    rows = [(entry.action, entry.user_id) for entry in response.context["log"]]
    assert rows == [
        ("comments.ban", moderator.pk),
        ("comments.reject", moderator.pk),
        ("comments.submit", held.author_id),
    ]
    html = response.content.decode()
    assert "Off topic" in html and "Repeated insults" in html and "New accounts are pre-moderated" in html
    assert str(other.pk) not in {entry.object_id for entry in response.context["log"]}
    # Each of their comments leads to its own page, where its history and the moderators' actions are.
    assert f'href="{reverse("comments_moderation_snippets:inspect", args=[held.pk])}"' in html


def test_readers_record_is_for_moderators_only(client, held):
    client.force_login(helpers.reader("Curious"))
    response = client.get(reverse("comments_moderation:reader", args=[held.author_id]))
    assert response.status_code in {302, 403}


def test_a_moderator_follows_the_dashboard_to_a_comment_and_reads_why_it_waits_and_its_log(client, held):
    client.force_login(helpers.moderator())
    client.post(bulk_url("reject", [held]), {"reason": "Off topic", "note": ""})
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    held.refresh_from_db()
    client.post(bulk_url("approve", [held]), {"reason": "On second thoughts, fine"})
    inspect_url = reverse("comments_moderation_snippets:inspect", args=[held.pk])
    assert dashboard.select_one(f'a[href="{inspect_url}"]') is None  # decided: no longer waiting
    other = services.comment_submit(article=held.article, author=helpers.reader("Second"), text="Me too", ip_hash="b")
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    link = dashboard.select_one(f'a[href="{reverse("comments_moderation_snippets:inspect", args=[other.pk])}"]')
    assert link is not None and client.get(link["href"]).status_code == 200
    page = BeautifulSoup(client.get(inspect_url).content, "html.parser")
    text = page.get_text(" ", strip=True)
    assert "First!" in text and "Newcomer" in text
    assert "New accounts" in text or "new account" in text.lower()  # the reason in words, not a code
    assert "['new_account']" not in text and "Ip hash" not in text and "None" not in text
    rows = [row.get_text(" ", strip=True) for row in page.select("tr[data-action]")]
    assert [row["data-action"] for row in page.select("tr[data-action]")] == [
        "comments.approve",
        "comments.reject",
        "comments.submit",
    ]
    assert "Comment approved" in rows[0] and "On second thoughts, fine" in rows[0]
    assert "Comment rejected" in rows[1] and "Off topic" in rows[1]


def test_the_moderators_admin_menu_offers_only_what_they_may_open(client, django_user_model):
    from django.contrib.auth.models import Group

    client.force_login(helpers.moderator())
    menu = client.get("/admin/").content.decode()
    assert "Moderation" in menu
    assert "Digest preview" not in menu and "Publishing schedule" not in menu
    editor = django_user_model.objects.create_user("desk", "desk@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert "Publishing schedule" in client.get("/admin/").content.decode()


def test_a_bulk_action_that_could_not_be_done_says_why_instead_of_reporting_success(client, held):
    client.force_login(helpers.moderator())
    response = client.post(bulk_url("feature", [held]), {"reason": ""}, follow=True)
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "1 comment not done: Only published comments can be featured." in text
    assert "done." not in text.replace("not done", "")
    held.refresh_from_db()
    assert held.featured_at is None


def test_approving_published_comments_nobody_reported_says_so_and_changes_and_logs_nothing(client, held):
    helpers.policy()
    quiet = services.comment_submit(article=held.article, author=helpers.reader("Quiet"), text="Fine", ip_hash="q")
    reported = services.comment_submit(article=held.article, author=helpers.reader("Loud"), text="Hm", ip_hash="l")
    services.comment_report(comment=reported, reporter=helpers.reader("Reporter"))
    moderated_at = timezone.now() - timedelta(days=1)
    Comment.objects.filter(pk=quiet.pk).update(moderated_at=moderated_at)
    client.force_login(helpers.moderator())

    response = client.post(bulk_url("approve", [held, quiet, reported]), {"reason": "Fine"}, follow=True)

    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "2 comments done." in text
    assert "1 comment left as it was: Already published, and no reader's report waits." in text
    approved = ModelLogEntry.objects.filter(action="comments.approve").values_list("object_id", flat=True)
    assert sorted(approved) == sorted([str(held.pk), str(reported.pk)])
    assert Comment.objects.get(pk=quiet.pk).moderated_at == moderated_at
    assert Comment.objects.get(pk=reported.pk).report_count == 0  # a report to clear is work done


def test_a_moderator_cannot_hold_the_newsroom_for_review_and_is_told_why(client, django_user_model):
    from django.contrib.auth.models import Group

    moderator = helpers.moderator()
    editor = django_user_model.objects.create_user("desk", "desk@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(moderator)
    for member in (editor, helpers.moderator(), moderator):
        record = reverse("comments_moderation:reader", args=[member.pk])
        page = client.get(record).content.decode()
        assert "Members of the newsroom cannot be held for review" in page
        assert "Hold their comments for review" not in page
        answer = client.post(f"{record}hold/", {"duration": "7", "reason": "Oops"}, follow=True)
        text = BeautifulSoup(answer.content, "html.parser").get_text(" ", strip=True)
        assert "Members of the newsroom cannot be held for review from the comment queue." in text
        assert "Every comment of this reader now waits for a moderator." not in text
        assert not selectors.is_held(member)
    assert not ModelLogEntry.objects.filter(action="comments.hold_reader").exists()
    with pytest.raises(services.CommentRefused) as refused:
        standing.reader_hold(user=editor, moderator=moderator)
    assert refused.value.code == "newsroom_member"


def test_a_bulk_address_with_ids_no_comment_can_have_is_not_found_and_such_ids_are_left_out(client, held):
    client.force_login(helpers.moderator())
    for bad in ("abc", "-1", "1.5", str(2**64), "٣"):
        url = f"/admin/bulk/comments/comment/approve/?id={bad}&next=/admin/"
        assert client.get(url).status_code == 404, bad
        assert client.post(url, {"reason": "Fine"}).status_code == 404, bad
    mixed = f"/admin/bulk/comments/comment/approve/?id=abc&id={held.pk}&next=/admin/"
    assert "First!" in client.get(mixed).content.decode()
    response = client.post(mixed, {"reason": "Fine"}, follow=True)
    assert "1 comment done." in response.content.decode()
    held.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED


def test_a_ban_that_hides_comments_logs_each_with_its_reason_and_rejects_those_still_waiting(client):
    helpers.policy()
    article = helpers.article()
    author, moderator = helpers.reader("Troll"), helpers.moderator()
    shown = [services.comment_submit(article=article, author=author, text=f"Jab {n}", ip_hash="t") for n in range(2)]
    waiting = Comment.objects.create(
        article=article, author=author, text="Waiting jab", status=Comment.Status.PENDING, reasons=["new_account"]
    )
    client.force_login(moderator)
    client.post(
        reverse("comments_moderation:ban", args=[author.pk]),
        {"duration": "7", "reason": "Personal attacks", "hide_comments": "on"},
    )

    hidden = ModelLogEntry.objects.filter(action="comments.hide")
    assert sorted(hidden.values_list("object_id", flat=True)) == sorted(str(comment.pk) for comment in shown)
    assert {(entry.user_id, entry.data["reason"]) for entry in hidden} == {(moderator.pk, "Personal attacks")}
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reasons) == (Comment.Status.REJECTED, ["new_account", "banned"])
    assert waiting.hidden_by_ban is None and waiting.moderated_at is not None
    rejected = ModelLogEntry.objects.get(action="comments.reject", object_id=str(waiting.pk))
    assert (rejected.user_id, rejected.data["reason"]) == (moderator.pk, "Personal attacks")
    assert not selectors.moderation_queue().filter(author=author).exists()
    record = BeautifulSoup(client.get(reverse("comments_moderation:reader", args=[author.pk])).content, "html.parser")
    rows = [row.get_text(" ", strip=True) for row in record.select("tr[data-action='comments.hide']")]
    assert len(rows) == 2 and all("Comment hidden" in row and "Personal attacks" in row for row in rows)

    # Lifting the ban shows again what readers had seen, never what no moderator has read.
    ban = Ban.objects.get(user=author)
    client.post(reverse("comments_moderation:lift_ban", args=[ban.pk]), {"show_hidden_comments": "1"})
    statuses = dict(Comment.objects.filter(author=author).values_list("text", "status"))
    assert statuses == {"Jab 0": "published", "Jab 1": "published", "Waiting jab": "rejected"}


def test_a_ban_hiding_a_readers_many_comments_and_logging_each_costs_the_same_queries_as_for_a_few():
    helpers.policy()
    article, moderator = helpers.article(), helpers.moderator()

    def queries_to_ban(count):
        author = helpers.reader()
        Comment.objects.bulk_create(
            Comment(article=article, author=author, text=f"Comment {n}", status=status)
            for n in range(count)
            for status in (Comment.Status.PUBLISHED, Comment.Status.PENDING)
        )
        with CaptureQueriesContext(connection) as queries:
            standing.ban_create(user=author, moderator=moderator, reason="Spam", hide_comments=True)
        assert Comment.objects.filter(author=author, status=Comment.Status.REJECTED).count() == 2 * count
        return len(queries)

    queries_to_ban(1)  # the first ban reads what later ones find cached (content types)
    assert queries_to_ban(20) == queries_to_ban(10)
    assert ModelLogEntry.objects.filter(action__in=["comments.hide", "comments.reject"]).count() == 2 * (1 + 20 + 10)


def in_russian(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ru"
    profile.save()
    return user


def header_cells(html):
    return [" ".join(cell.get_text(" ").split()) for cell in BeautifulSoup(html, "html.parser").select("thead th")]


def test_the_bans_list_and_a_bans_page_name_their_fields_in_the_moderators_words(client, held):
    from django.utils.functional import Promise

    moderator = helpers.moderator()
    ban = standing.ban_create(user=held.author, moderator=moderator, reason="Insults")
    client.force_login(moderator)
    listing = header_cells(client.get(reverse("comments_moderation_bans:list")).content.decode())
    inspect = BeautifulSoup(
        client.get(reverse("comments_moderation_bans:inspect", args=[ban.pk])).content, "html.parser"
    )
    labels = [" ".join(term.get_text(" ").split()) for term in inspect.select("dt")]
    for names in (listing, labels):
        assert {"Reader", "Banned by", "From", "Lifted"} <= set(names), names
        assert not {"User", "Created by", "Created at", "Lifted at"} & set(names), names
    # Translated like every other label of the admin, once the Russian catalogue has them.
    for name in ("user", "created_by", "created_at", "lifted_at"):
        assert isinstance(Ban._meta.get_field(name).verbose_name, Promise), name


def test_the_audit_log_says_why_in_the_moderators_language_not_in_status_and_category_codes(client, held):
    helpers.policy()  # the author's next comment is published, and can be reported
    services.comment_report(
        comment=services.comment_submit(article=held.article, author=held.author, text="Buy", ip_hash="a"),
        reporter=helpers.reader("Reporter"),
        category="spam",
    )
    client.force_login(in_russian(helpers.moderator()))
    page = BeautifulSoup(
        client.get(reverse("comments_moderation:reader", args=[held.author_id])).content, "html.parser"
    )
    why = {row["data-action"]: " ".join(row("td")[-1].get_text(" ").split()) for row in page.select("tr[data-action]")}
    assert why["comments.report"] == "Спам или реклама"
    submitted = [
        " ".join(row("td")[-1].get_text(" ").split()) for row in page.select("tr[data-action='comments.submit']")
    ]
    assert "Премодерация новых учётных записей (Ждёт модерации)" in submitted
    assert not any("(pending)" in text or "(published)" in text for text in submitted)


def test_the_bans_table_on_a_readers_record_does_not_take_the_articles_byline_for_its_by_column(client, held):
    moderator = in_russian(helpers.moderator())
    standing.ban_create(user=held.author, moderator=moderator, reason="Insults")
    client.force_login(moderator)
    html = client.get(reverse("comments_moderation:reader", args=[held.author_id])).content.decode()
    assert "Блокировки" in html  # the page is in Russian
    assert "Автор:" not in header_cells(html), "the byline's word («Автор:») is no name for who banned the reader"
