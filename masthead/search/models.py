"""The search index: one row per live article, in the article's language, with its stemmed text.

The database's own full-text engine indexes the stemmed columns: an FTS5 table on SQLite and a generated,
GIN-indexed tsvector column on PostgreSQL (both created in migration 0002, only on their own database).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    article = models.OneToOneField(
        "newsroom.ArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("article"),
    )
    language = models.CharField(_("language"), max_length=20, db_index=True)
    # The readable text, kept so result snippets need neither the page nor its StreamField.
    headline = models.TextField(_("headline"))
    text = models.TextField(_("text"), help_text=_("Lead, body and tags as plain text."))
    # What the full-text engine indexes: lower-case stems separated by spaces.
    headline_terms = models.TextField()
    body_terms = models.TextField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        # PostgreSQL finds a query's newest matches by walking one language's rows newest first and testing each
        # (selectors._PostgresEngine); with only the primary key it walked every language's rows. (The index on
        # language alone stays: dropping it would make SQLite rebuild the table, which loses the full-text triggers.)
        indexes = [models.Index(fields=["language", "article"], name="search_language_newest")]
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return self.headline
