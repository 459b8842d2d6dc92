"""Editors see views per day as a chart, the top articles of a period, totals by section and author, and
download each as CSV; readers and comment moderators see none of it."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from masthead.audience.models import DailyViews
from masthead.newsroom.tests import factories
from masthead.site_time import site_today

from .helpers import editor, reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    today = site_today()
    policy = factories.section(title="Policy")
    culture = factories.section(title="Culture")
    anna, boris = factories.author(name="Anna Petrova"), factories.author(name="Boris Orlov")
    budget = factories.article(parent=policy, title="Budget passed", authors=[anna])
    opera = factories.article(parent=culture, title="Opera returns", authors=[anna, boris])
    for days_ago, views in [(0, 30), (1, 20), (5, 10)]:
        DailyViews.objects.create(article=budget, day=today - timedelta(days=days_ago), language="en", views=views)
    DailyViews.objects.create(article=opera, day=today, language="en", views=45)
    # Outside the default 30 days: not in the report.
    DailyViews.objects.create(article=opera, day=today - timedelta(days=60), language="en", views=1000)
    return {"budget": budget, "opera": opera, "today": today}


@pytest.fixture
def editors_client(client):
    client.force_login(editor())
    return client


def rows_of(soup, heading_id):
    table = soup.find(id=heading_id).find_parent("section").find("table")
    return [[cell.get_text(strip=True) for cell in row.find_all("td")] for row in table.tbody.find_all("tr")]


def test_the_report_shows_top_articles_and_totals_by_section_and_author(editors_client, newsroom):
    response = editors_client.get("/admin/audience/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [row[1:] for row in rows_of(soup, "top-title")] == [
        ["Budget passed", "en", "60"],
        ["Opera returns", "en", "45"],
    ]
    assert rows_of(soup, "sections-title") == [["Policy", "60"], ["Culture", "45"]]
    assert rows_of(soup, "authors-title") == [["Anna Petrova", "105"], ["Boris Orlov", "45"]]


def test_the_report_takes_a_date_range(editors_client, newsroom):
    today = newsroom["today"]
    response = editors_client.get(f"/admin/audience/?start={today - timedelta(days=1)}&end={today}")
    soup = BeautifulSoup(response.content, "html.parser")
    assert [row[1:] for row in rows_of(soup, "top-title")] == [
        ["Budget passed", "en", "50"],
        ["Opera returns", "en", "45"],
    ]


def test_a_range_that_ends_before_it_starts_is_refused_with_a_message(editors_client, newsroom):
    response = editors_client.get("/admin/audience/?start=2026-05-02&end=2026-05-01")
    assert "The start comes after the end." in response.content.decode()


def test_each_table_downloads_as_csv(editors_client, newsroom):
    response = editors_client.get("/admin/audience/?export=authors")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["Author", "Views"], ["Anna Petrova", "105"], ["Boris Orlov", "45"]]
    top = list(csv.reader(io.StringIO(editors_client.get("/admin/audience/?export=top").content.decode())))
    assert top[1] == [str(newsroom["budget"].pk), "Budget passed", "en", "60"]


def test_an_articles_views_per_day_are_drawn_as_a_chart_with_a_bar_a_day(editors_client, newsroom):
    today = newsroom["today"]
    url = f"/admin/audience/articles/{newsroom['budget'].pk}/?start={today - timedelta(days=6)}&end={today}"
    soup = BeautifulSoup(editors_client.get(url).content, "html.parser")
    chart = soup.find("svg", class_="audience-chart")
    assert chart["role"] == "img" and "Budget passed" in chart["aria-label"]
    bars = chart.find_all("rect")
    assert len(bars) == 7
    heights = [float(bar["height"]) for bar in bars]
    # Oldest first: 5 days ago 10 views, yesterday 20, today 30.
    assert heights[1] > 0
    assert heights[5] == pytest.approx(2 * heights[1], abs=0.2) and heights[6] == pytest.approx(3 * heights[1], abs=0.2)
    assert heights[0] == 0
    csv_rows = list(csv.reader(io.StringIO(editors_client.get(url + "&export=csv").content.decode())))
    assert csv_rows[-1] == [today.isoformat(), "30"] and len(csv_rows) == 8


def test_the_article_editor_links_to_its_views(editors_client, newsroom):
    html = editors_client.get(f"/admin/pages/{newsroom['budget'].pk}/edit/").content.decode()
    assert f"/admin/audience/articles/{newsroom['budget'].pk}/" in html


def test_the_report_is_under_reports_in_the_admin_menu(editors_client, newsroom):
    assert "/admin/audience/" in editors_client.get("/admin/").content.decode()


def test_readers_and_comment_moderators_cannot_see_the_figures(client, newsroom):
    client.force_login(reader())
    assert client.get("/admin/audience/").status_code in {302, 403}
    moderator = reader()
    moderator.groups.add(Group.objects.get(name="Comment moderators"))
    client.force_login(moderator)
    assert client.get("/admin/audience/").status_code in {302, 403}
    assert client.get(f"/admin/audience/articles/{newsroom['budget'].pk}/").status_code in {302, 403}


def test_the_dashboard_shows_an_editor_the_days_most_read_stories(editors_client, newsroom):
    # Yesterday's 20 views each: the share of them in the last 24 hours shrinks as today goes on, the same for both.
    yesterday = newsroom["today"] - timedelta(days=1)
    DailyViews.objects.create(article=newsroom["opera"], day=yesterday, language="en", views=20)
    soup = BeautifulSoup(editors_client.get("/admin/").content, "html.parser")
    panel = soup.select_one("#most-read-section")
    assert panel is not None, "an editor's dashboard should show the most read stories"
    rows = [[cell.get_text(strip=True) for cell in row.find_all("td")] for row in panel.select("tbody tr")]
    # The last 24 hours: today's views (45 and 30) and the same share of yesterday's, the opera first at any hour.
    assert [row[0] for row in rows] == ["Opera returns", "Budget passed"]
    assert rows[0][1] == "Culture"
    # Each figure is rounded to whole views on its own, so their difference may be one off.
    assert abs(int(rows[0][2]) - int(rows[1][2]) - (45 - 30)) <= 1
    assert 45 <= int(rows[0][2]) <= 45 + 20
    assert panel.select_one("td a")["href"] == f"/admin/audience/articles/{newsroom['opera'].pk}/"


def test_the_dashboard_has_no_most_read_panel_for_moderators_or_before_anything_is_read(client, newsroom):
    from masthead.comments.tests.helpers import moderator

    client.force_login(moderator())
    assert client.get("/admin/").status_code == 200
    assert "Most read in the last 24 hours" not in client.get("/admin/").content.decode()

    DailyViews.objects.all().delete()
    client.force_login(editor())
    assert "Most read in the last 24 hours" not in client.get("/admin/").content.decode()
