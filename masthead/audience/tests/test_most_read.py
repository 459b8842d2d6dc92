"""Most-read lists come from the per-day counts of the period, not from all-time totals; counts are written
the way each language writes numbers."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from masthead.audience import selectors
from masthead.audience.models import DailyViews
from masthead.audience.templatetags.audience_tags import view_count
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories
from masthead.site_time import site_today

pytestmark = pytest.mark.django_db


def read_on(article, day, views):
    DailyViews.objects.create(article=article, day=day, language="en", views=views)


def today():
    return site_today()


def test_the_most_read_of_a_period_ignore_all_time_totals():
    old_favourite = factories.article(title="Old favourite")
    ArticlePage.objects.filter(pk=old_favourite.pk).update(view_count=1_000_000)
    read_on(old_favourite, today() - timedelta(days=40), 1_000_000)
    fresh = factories.article(title="Fresh")
    read_on(fresh, today(), 12)
    assert [a.title for a in selectors.most_read(language="en", period="24-hours", limit=5)] == ["Fresh"]
    assert [a.title for a in selectors.most_read(language="en", period="30-days", limit=5)] == ["Fresh"]


def test_each_period_sums_its_own_days():
    steady = factories.article(title="Steady")
    burst = factories.article(title="Burst")
    for days_ago in range(20):
        read_on(steady, today() - timedelta(days=days_ago), 10)
    read_on(burst, today() - timedelta(days=10), 150)
    read_on(burst, today(), 25)
    assert [a.title for a in selectors.most_read(language="en", period="24-hours", limit=5)] == ["Burst", "Steady"]
    week = selectors.most_read(language="en", period="7-days", limit=5)
    assert [a.title for a in week] == ["Steady", "Burst"]
    month = selectors.most_read(language="en", period="30-days", limit=5)
    assert [(a.title, a.period_views) for a in month] == [("Steady", 200), ("Burst", 175)]


def test_the_oldest_day_of_a_window_counts_for_the_part_still_inside_it(settings):
    settings.TIME_ZONE = "UTC"
    # At 06:00, the last 24 hours hold the last 18 hours of yesterday: three quarters of its views.
    edge, weight = selectors.window_weights(days=1, now=datetime(2026, 3, 6, 6, 0, tzinfo=UTC))
    assert edge == date(2026, 3, 5) and weight == pytest.approx(0.75)


def test_the_window_follows_the_site_time_zone(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    # 22:00 UTC on 5 March is 01:00 on 6 March in Moscow: the window's oldest day is the 5th, nearly whole.
    edge, weight = selectors.window_weights(days=1, now=datetime(2026, 3, 5, 22, 0, tzinfo=UTC))
    assert edge == date(2026, 3, 5) and weight == pytest.approx(23 / 24)


def test_unpublished_articles_leave_the_most_read_list(django_capture_on_commit_callbacks):
    withdrawn = factories.article(title="Withdrawn")
    read_on(withdrawn, today(), 50)
    read_on(factories.article(title="Still here"), today(), 5)
    assert len(selectors.most_read(language="en", period="24-hours", limit=5)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.unpublish()
    assert [a.title for a in selectors.most_read(language="en", period="24-hours", limit=5)] == ["Still here"]


def test_the_most_read_page_lists_the_period_with_links_to_the_others(client):
    read_on(factories.article(title="Much read"), today(), 30)
    html = client.get("/most-read/7-days/").content.decode()
    assert "Most read in the last 7 days" in html and "Much read" in html
    assert 'href="/most-read/30-days/"' in html
    assert client.get("/most-read/forever/").status_code == 404


def test_the_sidebar_lists_the_most_read_of_the_last_24_hours(client):
    section = factories.section()
    read_on(factories.article(parent=section, title="Read today"), today(), 3)
    html = client.get(section.url).content.decode()
    assert "Most read in 24 hours" in html and "Read today" in html


def test_the_most_read_page_runs_the_same_queries_for_few_or_many_articles(client):
    writer, picture = factories.author(), factories.image()
    read_on(factories.article(authors=[writer], image=picture), today(), 3)
    client.get("/most-read/")
    with CaptureQueriesContext(connection) as few:
        client.get("/most-read/30-days/")
    for n in range(10):
        read_on(factories.article(authors=[writer, factories.author()], image=picture), today(), n + 1)
    client.get("/most-read/")
    with CaptureQueriesContext(connection) as many:
        client.get("/most-read/30-days/")
    assert len(many) == len(few)


def test_view_counts_are_written_the_way_the_language_writes_numbers():
    with translation.override("en"):
        assert view_count(5753) == "5,753"
    with translation.override("ru"):
        assert view_count(5753) == "5\xa0753"
    assert view_count(None) == ""
