"""Editors pin results to a search (admin → Settings → Promoted search results): shown above the ranked results, on
the first page, in the edition of the pinned story, never a private or withdrawn one; a change drops stored pages."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from masthead.newsroom.tests import factories
from masthead.typos.tests.helpers import editor

pytestmark = pytest.mark.django_db


def picks(client, query, prefix=""):
    soup = BeautifulSoup(client.get(f"{prefix}/search/", {"q": query}).content, "html.parser")
    return [
        (
            item.select_one("a").get_text(strip=True),
            item.select_one("a")["href"],
            item.select_one("p") and item.select_one("p").get_text(strip=True),
        )
        for item in soup.select("[data-editors-pick]")
    ]


def pin(query, **fields):
    return SearchPromotion.objects.create(query=Query.get(query), **fields)


def test_a_pinned_story_and_link_lead_the_search_in_the_editors_order(client):
    guide = factories.article(title="Election guide", lead="Where and how to vote on Sunday.")
    factories.article(title="Election night live", lead="Results as they come.")
    pin("Election", page=guide, sort_order=1)
    pin(
        "election",
        external_link_url="https://results.example.org/",
        external_link_text="Official results",
        description="The electoral commission's count.",
        sort_order=0,
    )
    assert picks(client, "  ELECTION ") == [
        ("Official results", "https://results.example.org/", "The electoral commission's count."),
        ("Election guide", guide.url, "Where and how to vote on Sunday."),  # the lead stands in
    ]
    # The ranked results follow as before; another query has no picks.
    soup = BeautifulSoup(client.get("/search/", {"q": "election"}).content, "html.parser")
    assert len(soup.select(".search-result")) == 2
    assert picks(client, "vote") == []
    # The search box keeps its own name and its button next to it: the picks come after the form, not inside it.
    field = soup.select_one("#search-page-q")
    assert field.attrs.keys() == {"id", "type", "name", "value", "maxlength"}
    assert [element.name for element in field.parent.find_all(recursive=False)] == ["input", "button"]
    assert not soup.select("form .search-picks")


def test_picks_show_on_the_first_page_only(client, settings):
    settings.MASTHEAD_SEARCH_PAGE_SIZE = 1
    for number in range(2):
        factories.article(title=f"Flood update {number}")
    pin("flood", external_link_url="https://water.example.org/")
    assert len(picks(client, "flood")) == 1
    soup = BeautifulSoup(client.get("/search/", {"q": "flood", "page": 2}).content, "html.parser")
    assert soup.select("[data-editors-pick]") == []


def test_a_pin_shows_only_in_its_storys_edition_and_never_when_private_or_withdrawn(client):
    story = factories.article(title="Budget explained")
    russian = factories.article(
        parent=factories.section(title="Город", parent=factories.home(language="ru")), title="Бюджет"
    )
    pin("budget", page=story)
    pin("budget", page=russian)
    assert [title for title, _url, _text in picks(client, "budget")] == ["Budget explained"]
    assert [title for title, _url, _text in picks(client, "budget", prefix="/ru")] == ["Бюджет"]
    PageViewRestriction.objects.create(page=story, restriction_type="login")
    assert picks(client, "budget") == []
    PageViewRestriction.objects.all().delete()
    story.unpublish()
    assert picks(client, "budget") == []


def test_a_new_pick_reaches_a_stored_search_page_at_once(settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    factories.article(title="Heatwave advice")
    reader = Client()
    reader.get("/search/", {"q": "heatwave"})
    assert reader.get("/search/", {"q": "heatwave"}).headers["X-Page-Cache"] == "hit"
    pin("heatwave", external_link_url="https://health.example.org/heat", external_link_text="Health office advice")
    assert [title for title, _url, _text in picks(reader, "heatwave")] == ["Health office advice"]


def test_editors_pin_results_in_the_admin_and_the_search_terms_report_is_not_offered():
    person = editor()
    client = Client()
    client.force_login(person)
    assert client.get("/admin/searchpicks/").status_code == 200
    assert client.get("/admin/searchpicks/add/").status_code == 200
    assert "Promoted search results" in client.get("/admin/").content.decode()  # in the menu's data
    # Readers' searches are not recorded, so not even an administrator is offered the report of them.
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("chief-admin", "chief@example.org", "x"))
    menu = admin.get("/admin/").content.decode()
    assert "Promoted search results" in menu and "Search terms" not in menu
