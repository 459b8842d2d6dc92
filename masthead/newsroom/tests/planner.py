"""SQLite's plans for the test database's queries as a large newsroom would get them (see test_query_plans.py)."""

import contextlib
import json
import sqlite3
from pathlib import Path

from django.db import connection

LARGE_NEWSROOM_STATISTICS = Path(__file__).parent / "data" / "statistics_100k.json"


@contextlib.contextmanager
def large_newsroom_planner():
    """The test database's tables and indexes in memory, without rows, with a large newsroom's statistics: with
    those of a few test pages, reading them all would rightly be the cheapest plan."""
    copy = sqlite3.connect(":memory:", isolation_level=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL")
        schema = cursor.fetchall()
    virtual = [name for name, sql in schema if sql.startswith("CREATE VIRTUAL")]
    for name, sql in schema:
        # A full-text table makes its own shadow tables.
        if not name.startswith("sqlite_") and not any(name.startswith(f"{table}_") for table in virtual):
            copy.execute(sql)
    copy.execute("ANALYZE")  # makes the (empty) statistics table
    copy.executemany("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", json.loads(LARGE_NEWSROOM_STATISTICS.read_text()))
    copy.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
    try:
        yield copy
    finally:
        copy.close()
