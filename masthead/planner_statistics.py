"""Keeping SQLite's query planner informed as the archive grows.

SQLite chooses how to read a table (through which index, in which order) from statistics that only ANALYZE
writes, and keeps them however much the table changes since. A newsroom installed empty and grown to 100,000
articles would be planned as if it still held the few pages it had when its migrations ran, and could read
every page where an index would find twenty. The SQLite of Debian 12 (3.40) re-analyses nothing by itself
(`PRAGMA optimize` looks only at tables its own connection has queried), so a periodic job, hourly, compares
each table's rows with its statistics and re-analyses the tables that doubled or halved, or that have an index
the statistics do not describe yet (a migration added it: SQLite takes such an index as selective). Counting
every table's rows takes about 0.15 s at 100,000 articles, re-analysing the page table 0.1 s. The whole
analysis, not a sample (`analysis_limit`): a sampled one writes row counts off by a factor of three, which would
look stale again at the next check. PostgreSQL's autovacuum does all this on its own; there this does nothing.
"""

from django.db import connection

# A table is re-analysed once its row count is this many times what its statistics say, or this many times less.
GROWTH = 2
# Tables this small are read whole whatever the plan: their statistics do not matter.
SMALL_TABLE_ROWS = 100


def analysed_row_counts(cursor):
    """{table: rows} as the statistics have them, and the set of indexes they describe. Each line's first number
    is the rows its index holds: the table's for a whole index, fewer for a partial one, so the largest counts."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    if cursor.fetchone() is None:
        return {}, set()
    cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1")
    rows = cursor.fetchall()
    counts = {}
    for table, _index, stat in rows:
        if stat:
            counts[table] = max(counts.get(table, 0), int(stat.split()[0]))
    return counts, {index for _table, index, _stat in rows}


def tables_with_unanalysed_indexes(cursor, analysed):
    """Tables with an index the statistics do not describe. SQLite takes such an index as selective: a new index on
    pages' depth read all 100,000 articles of a section to list twenty, until the table was analysed again."""
    cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'")
    return {table for table, index in cursor.fetchall() if index not in analysed}


def stale_tables(cursor):
    known, analysed = analysed_row_counts(cursor)
    missing = tables_with_unanalysed_indexes(cursor, analysed)
    # Ordinary tables only: a full-text index (a virtual table) keeps its own statistics.
    cursor.execute(
        "SELECT name FROM sqlite_master"
        " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    )
    stale = []
    for (table,) in cursor.fetchall():
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        rows = cursor.fetchone()[0]
        then = known.get(table, 0)
        if max(rows, then) >= SMALL_TABLE_ROWS and (rows >= then * GROWTH or then >= rows * GROWTH or table in missing):
            stale.append(table)
    return stale


def refresh_planner_statistics():
    """Re-analyse the tables whose statistics no longer describe them; returns their names (periodic job)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        stale = stale_tables(cursor)
        for table in stale:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return stale
