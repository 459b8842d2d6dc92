"""The database's full-text index over SearchDocument's stemmed columns, one kind per database vendor.

SQLite: an FTS5 table reading its text from the documents table (external content), kept in step by triggers,
so every ORM write to SearchDocument updates it. PostgreSQL: a stored generated tsvector column with the
'simple' configuration (the text is already stemmed, so no dictionary may stem it again) and a GIN index.
"""

from django.db import migrations

TABLE = "newsroom_search_searchdocument"
FTS = "newsroom_search_fulltext"
COLUMNS = "language, headline_terms, body_terms"

SQLITE_FORWARD = [
    # unicode61 lower-cases and splits like text.WORD does; diacritics are kept because "й" is not "и".
    f"CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMNS}, content='{TABLE}', content_rowid='article_id',"
    " tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN"
    f" INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.article_id, new.language, new.headline_terms, new.body_terms);"
    " END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})"
    " VALUES ('delete', old.article_id, old.language, old.headline_terms, old.body_terms);"
    " END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})"
    " VALUES ('delete', old.article_id, old.language, old.headline_terms, old.body_terms);"
    f" INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.article_id, new.language, new.headline_terms, new.body_terms);"
    " END",
    # Rows already in the table (none on a fresh install) enter the index too.
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [f"DROP TRIGGER {FTS}_update", f"DROP TRIGGER {FTS}_delete", f"DROP TRIGGER {FTS}_insert", f"DROP TABLE {FTS}"]

POSTGRES_FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple'::regconfig, headline_terms), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, body_terms), 'B')) STORED",
    f"CREATE INDEX {TABLE}_document ON {TABLE} USING gin (document)",
]
POSTGRES_BACKWARD = [f"DROP INDEX {TABLE}_document", f"ALTER TABLE {TABLE} DROP COLUMN document"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("newsroom_search", "0001_search_document")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
