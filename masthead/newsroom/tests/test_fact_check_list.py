"""The edition's fact checks on one page: every published, public claim checked, newest first, by verdict."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.newsroom.models import ArticlePage, FactCheck

from . import factories
from .test_fact_checks import checked_story, fact_check

pytestmark = pytest.mark.django_db


def listed(client, url="/fact-checks/"):
    answer = client.get(url)
    assert answer.status_code == 200, url
    items = BeautifulSoup(answer.content, "html.parser").select(".fact-check-list > li")
    return [
        (item.select_one(".fact-check__claim").get_text(strip=True), item.select_one("strong").get_text(strip=True))
        for item in items
    ]


@pytest.fixture
def checks():
    now = timezone.now()
    older = checked_story(
        fact_check("Tram fares doubled.", rating="false", claimant="A flyer"),
        fact_check("The bridge opened in May.", rating="true"),
        title="Tram and bridge",
        published_at=now - timedelta(days=2),
    )
    newer = checked_story(fact_check("Rents rose by a third.", rating="mostly_true"), title="Rents")
    return {"older": older, "newer": newer}


def test_the_editions_fact_checks_are_listed_newest_first_each_linking_to_its_place_in_the_story(client, checks):
    assert listed(client) == [
        ("Rents rose by a third.", "Mostly true"),
        ("Tram fares doubled.", "False"),
        ("The bridge opened in May.", "True"),
    ]
    page = BeautifulSoup(client.get("/fact-checks/").content, "html.parser")
    link = page.select(".fact-check__story a")[1]
    older = checks["older"]
    assert link["href"] == f"{older.url}#fact-check-{older.body[0].id}" and link.get_text() == "Tram and bridge"
    assert BeautifulSoup(client.get(older.url).content, "html.parser").select_one(f"#fact-check-{older.body[0].id}")


def test_one_verdict_at_a_time_and_an_unknown_one_is_not_found(client, checks):
    assert listed(client, "/fact-checks/?verdict=false") == [("Tram fares doubled.", "False")]
    assert listed(client, "/fact-checks/?verdict=half_true") == []
    assert client.get("/fact-checks/?verdict=pants_on_fire").status_code == 404
    assert client.get("/fact-checks/?page=7").status_code == 404


def test_an_edited_verdict_and_a_withdrawn_story_change_the_list(client, checks):
    draft = checks["newer"].get_latest_revision_as_object()
    draft.body[0].value["rating"] = "half_true"
    draft.save_revision().publish()
    assert listed(client)[0] == ("Rents rose by a third.", "Half true")
    ArticlePage.objects.get(pk=checks["older"].pk).unpublish()
    assert [claim for claim, _verdict in listed(client)] == ["Rents rose by a third."]


def test_a_private_storys_checks_are_left_out_until_it_is_public_again(
    client, checks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lock = PageViewRestriction.objects.create(page=checks["older"], restriction_type="password", password="pw")
    assert [claim for claim, _verdict in listed(client)] == ["Rents rose by a third."]
    with django_capture_on_commit_callbacks(execute=True):
        lock.delete()
    assert len(listed(client)) == 3


def test_each_edition_lists_its_own(client, checks):
    factories.home(language="ru", title="Новости города")
    section = factories.translate(checks["newer"].get_parent(), "ru")
    checked_story(fact_check("Аренда выросла на треть.", rating="mostly_true"), parent=section)
    assert [claim for claim, _verdict in listed(client, "/ru/fact-checks/")] == ["Аренда выросла на треть."]
    assert "Аренда выросла на треть." not in [claim for claim, _verdict in listed(client)]


def test_an_empty_list_says_where_fact_checks_come_from(client):
    factories.home()
    page = BeautifulSoup(client.get("/fact-checks/").content, "html.parser")
    assert page.select_one(".empty-state").get_text(strip=True).startswith("No fact checks yet.")


def test_the_list_costs_the_same_queries_however_many_checks_and_stories(client, checks):
    def queries():
        client.get("/fact-checks/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/fact-checks/")
        return len(captured)

    few = queries()
    for number in range(5):
        checked_story(fact_check(f"Claim {number}.", rating="unproven"), fact_check("Another.", rating="true"))
    assert queries() == few


def test_a_new_fact_check_reaches_the_stored_list_at_once(client, checks, settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    listed(client)
    assert client.get("/fact-checks/")["X-Page-Cache"] == "hit"
    checked_story(fact_check("Parks closed at night.", rating="false"))
    assert listed(client)[0] == ("Parks closed at night.", "False")


def test_the_migration_files_the_checks_published_before_it(checks):
    FactCheck.objects.all().delete()
    migration = importlib.import_module("masthead.newsroom.migrations.0010_live_update_corrections_fact_check_index")
    # The function asks the schema editor for its connection only.
    migration.fill_the_fact_check_index(apps, SimpleNamespace(connection=connection))
    assert sorted(FactCheck.objects.values_list("claim", "rating")) == [
        ("Rents rose by a third.", "mostly_true"),
        ("The bridge opened in May.", "true"),
        ("Tram fares doubled.", "false"),
    ]
