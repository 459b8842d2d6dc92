"""The archive calendar and the archive pages: weeks from Monday, the page's language, the site's time zone,
links only where something was published, and a fixed number of queries."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Site

from masthead.audience import selectors, services
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories
from masthead.newsroom.tests.factories import utc
from masthead.site_time import site_today

from .helpers import article_on

pytestmark = pytest.mark.django_db


def english_day_url(day):
    with translation.override("en"):
        return selectors.archive_day_url(day)


def calendar_rows(calendar):
    return [[cell.day.day if cell else None for cell in week] for week in calendar["weeks"]]


def test_february_of_a_leap_year_has_29_days_in_weeks_from_monday():
    calendar = selectors.calendar_month(language="en", year=2024, month=2, today=date(2024, 3, 10))
    rows = calendar_rows(calendar)
    # 1 February 2024 was a Thursday; the 29th too.
    assert rows[0] == [None, None, None, 1, 2, 3, 4]
    assert rows[-1] == [26, 27, 28, 29, None, None, None]
    assert sum(day is not None for row in rows for day in row) == 29
    assert [str(abbr) for abbr, _full in calendar["weekdays"]] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def test_a_month_starting_on_sunday_puts_the_first_in_the_last_column():
    # 1 September 2024 was a Sunday: six empty days, then the 1st; 30 days over six rows.
    rows = calendar_rows(selectors.calendar_month(language="en", year=2024, month=9, today=date(2024, 10, 1)))
    assert rows[0] == [None, None, None, None, None, None, 1]
    assert len(rows) == 6
    assert rows[-1] == [30, None, None, None, None, None, None]


def test_days_with_publications_link_to_their_archive_and_today_is_marked():
    article_on(utc(2024, 2, 12, 9, 0))
    article_on(utc(2024, 2, 29, 9, 0))
    calendar = selectors.calendar_month(language="en", year=2024, month=2, today=date(2024, 2, 29))
    linked = {cell.day.day: cell.url for week in calendar["weeks"] for cell in week if cell and cell.url}
    assert linked == {12: "/archive/2024/02/12/", 29: "/archive/2024/02/29/"}
    today = [cell.day.day for week in calendar["weeks"] for cell in week if cell and cell.is_today]
    assert today == [29]


def test_previous_and_next_links_skip_to_months_with_publications_and_stop_at_the_first():
    article_on(utc(2023, 11, 5, 9, 0))
    article_on(utc(2024, 2, 12, 9, 0))
    article_on(utc(2024, 6, 1, 9, 0))
    february = selectors.calendar_month(language="en", year=2024, month=2, today=date(2024, 7, 1))
    assert february["previous"]["url"] == "/archive/2023/11/"
    assert february["next"]["url"] == "/archive/2024/06/"
    first = selectors.calendar_month(language="en", year=2023, month=11, today=date(2024, 7, 1))
    assert first["previous"] is None


def test_the_calendar_speaks_the_pages_language():
    article_on(utc(2024, 2, 12, 9, 0))
    with translation.override("ru"):
        calendar = selectors.calendar_month(language="en", year=2024, month=2, today=date(2024, 2, 20))
        assert calendar["caption"].startswith("Февраль 2024")
        assert [str(abbr) for abbr, _full in calendar["weekdays"]][:2] == ["Пн", "Вт"]
        assert calendar["weeks"][2][0].url == "/ru/archive/2024/02/12/"


def test_an_article_published_at_23_30_utc_is_filed_under_the_next_day_in_moscow(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    article = article_on(utc(2024, 3, 5, 23, 30))
    entry = services.ArchiveEntry.objects.get(article_id=article.pk)
    assert entry.day == date(2024, 3, 6)


def test_the_day_archive_lists_the_days_articles_in_the_site_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    late = article_on(utc(2024, 3, 5, 23, 30), title="Published after midnight in Moscow")
    early = article_on(utc(2024, 3, 5, 20, 0), title="Published before midnight in Moscow")
    on_the_6th = client.get("/archive/2024/03/06/").content.decode()
    on_the_5th = client.get("/archive/2024/03/05/").content.decode()
    assert late.title in on_the_6th and early.title not in on_the_6th
    assert early.title in on_the_5th and late.title not in on_the_5th


def russian_edition_on(article, moment):
    """The article's Russian edition, published at `moment` and filed in the Russian archive."""
    factories.home(language="ru")
    factories.translate(article.get_parent().specific, "ru")
    russian = factories.translate(article, "ru", title="Русская история")
    ArticlePage.objects.filter(pk=russian.pk).update(first_published_at=moment)
    russian.refresh_from_db()
    services.archive_entry_save(article=russian)
    return russian


def switcher_links(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return [(a["href"], a["hreflang"]) for a in page.select(".language-switcher a")]


def test_an_archive_page_offers_the_same_day_in_the_other_language_where_it_published_then(client):
    article = article_on(utc(2024, 3, 5, 9, 0))
    # Nothing in Russian that day: the Russian archive, not a day page that answers 404.
    assert switcher_links(client, "/archive/2024/03/05/") == [("/ru/archive/", "ru")]
    russian_edition_on(article, utc(2024, 3, 5, 10, 0))
    for url in ("/archive/2024/03/05/", "/archive/2024/03/", "/archive/2024/"):
        [(href, language)] = switcher_links(client, url)
        assert (href, language) == ("/ru" + url, "ru") and client.get(href).status_code == 200


def test_year_and_month_pages_list_newest_first_with_links_between_periods(client):
    march = article_on(utc(2024, 3, 5, 9, 0), title="March story")
    may = article_on(utc(2024, 5, 20, 9, 0), title="May story")
    year = client.get("/archive/2024/")
    html = year.content.decode()
    assert year.status_code == 200
    assert html.index(may.title) < html.index(march.title)
    soup = BeautifulSoup(html, "html.parser")
    months = [a["href"] for a in soup.select(".archive-periods a")]
    assert months == ["/archive/2024/03/", "/archive/2024/05/"]
    month = client.get("/archive/2024/05/").content.decode()
    assert may.title in month and march.title not in month


def test_archive_pages_are_paginated_and_a_page_past_the_end_is_404(client, settings):
    settings.MASTHEAD_PAGE_SIZE = 2
    section = factories.section()
    for hour in range(5):
        article_on(utc(2024, 3, 5, 8 + hour, 0), parent=section, title=f"Story at {8 + hour}")
    first = client.get("/archive/2024/03/05/").content.decode()
    third = client.get("/archive/2024/03/05/?page=3").content.decode()
    assert "Story at 12" in first and "Story at 8" not in first
    assert "Story at 8" in third
    assert client.get("/archive/2024/03/05/?page=4").status_code == 404
    assert client.get("/archive/2024/03/05/?page=x").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/archive/2024/02/30/",
        "/archive/2024/13/",
        "/archive/2019/",
        "/archive/2024/03/04/",
        "/archive/0000/",
        "/archive/9999/",
        "/archive/9999/12/",
        "/archive/9999/12/31/",
        "/archive/0001/01/01/",
    ],
)
def test_impossible_dates_and_empty_periods_are_404(client, url):
    article_on(utc(2024, 3, 5, 9, 0))
    assert client.get(url).status_code == 404


def test_the_archive_root_goes_to_the_latest_month(client):
    article_on(utc(2024, 3, 5, 9, 0))
    response = client.get("/archive/")
    assert response.status_code == 302 and response["Location"] == "/archive/2024/03/"


def test_the_russian_archive_lists_russian_editions(client):
    article = article_on(utc(2024, 3, 5, 9, 0), title="English story")
    russian_edition_on(article, utc(2024, 3, 5, 10, 0))
    html = client.get("/ru/archive/2024/03/05/").content.decode()
    assert "Русская история" in html and "English story" not in html
    assert "Архив" in html


def test_unpublished_articles_leave_the_archive_and_the_calendar(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = factories.article(title="Soon withdrawn")
    day_url = english_day_url(site_today())
    assert day_url in client.get(article.get_parent().url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(day_url).status_code == 404
    assert day_url not in client.get(article.get_parent().url).content.decode()


def test_publishing_today_adds_the_day_to_the_cached_sidebar_at_once(client, django_capture_on_commit_callbacks):
    section = factories.section()
    day_url = english_day_url(site_today())
    assert day_url not in client.get(section.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        factories.article(parent=section)
    assert day_url in client.get(section.url).content.decode()


def render_sidebar(request):
    return Template("{% load audience_tags %}{% audience_sidebar %}").render(Context({"request": request}))


def test_the_sidebar_reads_no_table_once_rendered():
    factories.article()
    render_sidebar(RequestFactory().get("/"))
    # A page's request has found its site already (the site context processor does, on every page).
    request = RequestFactory().get("/")
    Site.find_for_request(request)
    with CaptureQueriesContext(connection) as queries:
        html = render_sidebar(request)
    assert len(queries) == 0
    assert "archive-calendar" in html


def test_the_article_page_spends_no_query_on_the_sidebar_when_warm(client):
    article = factories.article()
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    assert not [q["sql"] for q in queries if "audience_" in q["sql"]]


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_archive_pages_run_the_same_queries_for_few_or_many_articles(client):
    section = factories.section()
    writer = factories.author()
    article_on(utc(2024, 3, 5, 9, 0), parent=section, authors=[writer], image=factories.image())
    few = [count_queries(client, url) for url in ("/archive/2024/", "/archive/2024/03/", "/archive/2024/03/05/")]
    for n in range(8):
        article_on(utc(2024, 3, 5, 10, n), parent=section, authors=[writer], image=factories.image())
        article_on(utc(2024, 3, 1, 10, n) + timedelta(days=30 * (n % 3)), parent=factories.section())
    many = [count_queries(client, url) for url in ("/archive/2024/", "/archive/2024/03/", "/archive/2024/03/05/")]
    assert many == few
