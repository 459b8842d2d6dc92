"""Reports → Publishing schedule: what will be published or taken down in the next two weeks, day by day, and what
is overdue because no worker published it."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.newsroom.models import ArticlePage
from masthead.typos.tests.helpers import chief, section_editor

from . import factories

pytestmark = pytest.mark.django_db


def schedule(page, when, user, **changes):
    """What an editor does with "Set schedule" then "Publish": the revision waits for its time."""
    for name, value in changes.items():
        setattr(page, name, value)
    page.go_live_at = when
    page.save_revision(user=user).publish(user=user)


def draft(parent, title):
    page = ArticlePage(title=title, slug=title.lower().replace(" ", "-"), lead="Soon.", live=False)
    parent.add_child(instance=page)
    return page


def signed_in_desk():
    """An editor who may publish, signed in, the section they work on, and the time."""
    person = chief()
    client = Client()
    client.force_login(person)
    return person, client, factories.section(title="Policy", slug="policy"), timezone.now()


def rows(client):
    soup = BeautifulSoup(client.get("/admin/schedule/").content, "html.parser")
    return soup, [
        [cell.get_text(" ", strip=True) for cell in row.select("td")][1:4]
        for row in soup.select("[data-scheduled-change]")
    ]


def test_editors_see_the_coming_publications_and_take_downs_in_order_and_what_is_overdue():
    person, client, policy, now = signed_in_desk()
    schedule(draft(policy, "Budget vote"), now + timedelta(hours=2), person)
    live = factories.article(parent=policy, title="Tram plan")
    schedule(ArticlePage.objects.get(pk=live.pk), now + timedelta(days=1), person, title="Tram plan, revised")
    ArticlePage.objects.filter(pk=live.pk).update(expire_at=now + timedelta(days=3))
    schedule(draft(policy, "Next month"), now + timedelta(days=20), person)

    soup, shown = rows(client)
    assert shown == [
        ["First publication", "Budget vote", "Policy"],
        ["New version published", "Tram plan, revised", "Policy"],
        ["Taken down", "Tram plan", "Policy"],
    ]
    assert soup.select_one("[role=alert]") is None
    assert len(soup.select("[data-schedule-day]")) == len(
        {
            timezone.localdate(now + timedelta(hours=2)),
            timezone.localdate(now + timedelta(days=1)),
            timezone.localdate(now + timedelta(days=3)),
        }
    )
    # A desk editor of another section sees none of it.
    desk = Client()
    desk.force_login(section_editor(factories.section(title="Sport", slug="sport")))
    assert rows(desk)[1] == []

    # An hour later than due, and no worker ran: the report says so at the top.
    ArticlePage.objects.filter(pk=live.pk).update(expire_at=now - timedelta(hours=1))
    soup, shown = rows(client)
    alert = soup.select_one("[role=alert]")
    assert "masthead worker" in alert.get_text()
    assert [cell.get_text(strip=True) for cell in alert.select("td")][1:3] == ["Taken down", "Tram plan"]

    call_command("publish_scheduled", verbosity=0)  # what the worker does: the overdue take-down happens
    soup, shown = rows(client)
    assert soup.select_one("[role=alert]") is None
    assert ["Taken down", "Tram plan", "Policy"] not in shown


def test_the_schedule_costs_the_same_queries_however_much_is_scheduled():
    person, client, policy, now = signed_in_desk()
    schedule(draft(policy, "First"), now + timedelta(hours=2), person)
    client.get("/admin/schedule/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/schedule/")
    for number in range(5):
        schedule(draft(policy, f"Story {number}"), now + timedelta(hours=3 + number), person)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/schedule/")
    assert len(many) == len(few)
