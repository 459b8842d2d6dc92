"""Keeping SQLite's query planner informed as the archive grows.

SQLite chooses how to read a table (through which index, in which order) from statistics that only ANALYZE
writes, and keeps them however much the table changes since. A newsroom installed empty and grown to 100,000
articles would be planned as if it still held the few pages it had when its migrations ran, and could read
every page where an index would find twenty. The SQLite of Debian 12 (3.40) re-analyses nothing by itself
(`PRAGMA optimize` looks only at tables its own connection has queried), so a periodic job compares each
table's rows with its statistics and re-analyses the ones that doubled or halved (hourly: counting every
table's rows takes about 0.2 s at 100,000 articles, re-analysing the page table 0.1 s). The whole analysis,
not a sample (`analysis_limit`): a sampled one writes row counts off by a factor of three, which would look
stale again at the next check. PostgreSQL's autovacuum does all this on its own; there this does nothing.
"""

from django.db import connection

# A table is re-analysed once its row count is this many times what its statistics say, or this many times less.
GROWTH = 2
# Tables this small are read whole whatever the plan: their statistics do not matter.
SMALL_TABLE_ROWS = 100


def analysed_row_counts(cursor):
    """{table: rows} as the statistics have them: the first number of any of the table's lines."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    if cursor.fetchone() is None:
        return {}
    cursor.execute("SELECT tbl, stat FROM sqlite_stat1")
    return {table: int(stat.split()[0]) for table, stat in cursor.fetchall() if stat}


def stale_tables(cursor):
    known = analysed_row_counts(cursor)
    # Ordinary tables only: a full-text index (a virtual table) keeps its own statistics.
    cursor.execute(
        "SELECT name FROM sqlite_master"
        " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    )
    stale = []
    for (table,) in cursor.fetchall():
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        rows = cursor.fetchone()[0]
        analysed = known.get(table, 0)
        if max(rows, analysed) >= SMALL_TABLE_ROWS and (rows >= analysed * GROWTH or analysed >= rows * GROWTH):
            stale.append(table)
    return stale


def refresh_planner_statistics():
    """Re-analyse the tables whose statistics no longer describe them; returns their names (periodic job)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        stale = stale_tables(cursor)
        if stale:
            for table in stale:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return stale
