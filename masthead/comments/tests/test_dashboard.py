"""What a moderator sees first: the dashboard says how many comments wait, and the menu opens the queue."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from masthead.comments import services
from masthead.comments.models import Comment

from . import helpers

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def waiting():
    """One comment held for a new account, one published and then reported, one published and left alone."""
    helpers.policy(("new_account", {"first_comments": 1}))
    article = helpers.article(title="Bridge repairs start")
    held = services.comment_submit(article=article, author=helpers.reader("New"), text="Held one", ip_hash="a")
    regular = helpers.reader("Regular")
    Comment.objects.create(article=article, author=regular, text="Earlier", status=Comment.Status.PUBLISHED)
    reported = services.comment_submit(article=article, author=regular, text="Reported one", ip_hash="b")
    quiet = services.comment_submit(article=article, author=regular, text="Quiet one", ip_hash="b")
    services.comment_report(comment=reported, reporter=helpers.reader("Reporter"))
    assert (held.status, reported.status, quiet.status) == ("pending", "published", "published")
    return {"held": held, "reported": reported, "quiet": quiet}


def test_dashboard_tells_a_moderator_what_waits_and_links_the_queue(client, waiting):
    panel = dashboard(client, helpers.moderator()).select_one("#waiting-comments-section")
    assert panel is not None, "the moderator's dashboard should have the waiting comments panel"
    text = " ".join(panel.get_text(" ").split())
    assert "1 comment is held for moderation." in text
    assert "1 published comment was reported by readers." in text
    assert "Held one" in text and "New accounts are pre-moderated" in text
    assert "Reported one" in text and "1 report" in text
    assert "Quiet one" not in text
    assert panel.find("a", string="Open the queue")["href"].endswith("?needs_attention=true")


def test_the_panel_costs_the_same_queries_however_many_comments_wait(client, waiting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(helpers.moderator())

    def dashboard_queries():
        with CaptureQueriesContext(connection) as queries:
            assert "Comments waiting for a moderator" in client.get("/admin/").content.decode()
        return len(queries)

    before = dashboard_queries()
    for number in range(6):
        services.comment_submit(
            article=helpers.article(title=f"Story {number}"),
            author=helpers.reader(f"Newcomer {number}"),
            text=f"Held comment {number}",
            ip_hash=f"n{number}",
        )
    assert dashboard_queries() == before


def test_dashboard_has_no_comment_panel_for_editors_who_do_not_moderate(client, waiting):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="Desk")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = get_user_model().objects.create_user("desk", "desk@example.org", "correct horse")
    editor.groups.add(editors)
    assert "Comments waiting for a moderator" not in dashboard(client, editor).get_text()


def test_a_moderators_dashboard_says_nothing_waits_and_links_the_queue_and_the_bans(client, waiting):
    Comment.objects.filter(pk=waiting["held"].pk).update(status=Comment.Status.PUBLISHED)
    Comment.objects.filter(pk=waiting["reported"].pk).update(report_count=0)
    moderator = helpers.moderator()
    panel = dashboard(client, moderator).select_one("#waiting-comments-section")
    assert panel is not None, "an empty queue is worth a panel too"
    assert "Nothing waits for moderation." in " ".join(panel.get_text(" ").split())
    assert panel.select("tbody tr") == []
    queue = panel.find("a", string="Open the queue")["href"]
    bans = panel.find("a", string="Bans")["href"]
    assert queue.endswith("?needs_attention=true") and bans == reverse("comments_moderation_bans:list")
    assert client.get(queue).status_code == 200 and client.get(bans).status_code == 200


def test_the_moderation_menu_opens_the_queue(client):
    page = dashboard(client, helpers.moderator())
    menu = page.select_one("#wagtail-sidebar-props").string
    queue = reverse("comments_moderation_snippets:list") + "?needs_attention=true"
    assert f'"{queue}"' in menu, "Moderation → Comments should open the held and reported comments"
