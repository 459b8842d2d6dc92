"""SQLite's statistics follow the archive: a table that grew or shrank is analysed again by the periodic job."""

import pytest
from django.conf import settings
from django.db import connection

from masthead.planner_statistics import SMALL_TABLE_ROWS, refresh_planner_statistics

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum keeps its own statistics"),
]


def analysed_rows(table):
    """The table's rows as its statistics say: what its largest index holds (a partial one holds fewer)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        return max(int(stat.split()[0]) for (stat,) in cursor.fetchall())


def actual_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def test_a_table_whose_statistics_are_far_off_is_analysed_again_and_the_others_are_left_alone():
    refresh_planner_statistics()  # whatever the test database's migrations left out of date
    with connection.cursor() as cursor:
        # As a new site's migrations leave it, then 100,000 articles later: statistics of a far larger table.
        cursor.execute(
            "UPDATE sqlite_stat1 SET stat = %s || substr(stat, instr(stat || ' ', ' ')) WHERE tbl = 'wagtailcore_page'",
            [str(SMALL_TABLE_ROWS * 1000)],
        )

    assert refresh_planner_statistics() == ["wagtailcore_page"]
    assert analysed_rows("wagtailcore_page") == actual_rows("wagtailcore_page")
    assert refresh_planner_statistics() == []


def test_the_worker_refreshes_the_statistics_hourly():
    assert settings.MASTHEAD_PERIODIC_JOBS["masthead.planner_statistics.refresh_planner_statistics"] == 3600


def test_a_table_with_an_index_the_statistics_do_not_describe_is_analysed_again(monkeypatch):
    # A migration added an index (newsroom 0005, of the root pages) after the last analysis: SQLite would take it as
    # selective and read a whole section through it.
    monkeypatch.setattr("masthead.planner_statistics.SMALL_TABLE_ROWS", 0)
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1 WHERE idx = 'newsroom_tree_roots'")

    assert "wagtailcore_page" in refresh_planner_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE idx = 'newsroom_tree_roots'")
        assert cursor.fetchone()[0] == 1
    assert "wagtailcore_page" not in refresh_planner_statistics()
