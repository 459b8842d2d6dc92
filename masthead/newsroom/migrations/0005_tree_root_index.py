"""An index of the tree's root pages, for the admin at 100,000 articles.

For a superuser, every admin page asks for the pages at depth 1 (Wagtail's explorable root: its sidebar's
"Pages" item), ordered by path. Nothing indexes depth, so the database read the whole page table for it: 170 ms
of every admin page at 100,000 articles on SQLite, where the page takes 28 ms at 1,000.

A partial index, holding only the root pages, rather than an index on depth: SQLite's statistics give an index
one average number of rows per value (35,000 pages a depth), so it either shunned a depth index for the root
query or, before it had statistics for it, read a whole section's 100,000 articles through it to list twenty
(88 ms instead of 1). This one can serve no query but one that asks for depth 1. Wagtail's table, so the index
is made by SQL that SQLite and PostgreSQL accept.
"""

from django.db import migrations

INDEX = "newsroom_tree_roots"


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_info_page"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (path) WHERE depth = 1",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
