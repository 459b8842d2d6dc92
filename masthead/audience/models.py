"""What the audience app stores: per-day view counts, the archive's index, and the view buffer.

The all-time count lives on the article itself (`ArticlePage.view_count`) so pages and teasers show it
without a query; the per-day counts here feed the most-read lists and the editors' charts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyViews(models.Model):
    """Counted views of one article on one day of the site's time zone."""

    # The unique constraint below indexes the article first, so the foreign key needs no index of its own.
    article = models.ForeignKey(
        "newsroom.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField(_("day"))
    # The article's language, copied here so the most-read list of one edition reads this table alone.
    language = models.CharField(_("language"), max_length=16)
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="audience_one_row_per_article_day")]
        # Covers the most-read query (one edition, a range of days, summed per article) without the table.
        indexes = [models.Index(fields=["language", "day", "article", "views"], name="audience_views_by_day")]
        permissions = [("view_audience_stats", _("Can see audience statistics"))]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class ArchiveEntry(models.Model):
    """One live article filed under its publication day in the site's time zone.

    Wagtail's `first_published_at` has no index, and a day in Moscow is not a day in UTC: this table,
    kept on publish, unpublish and move (and rebuilt by `masthead audience_rebuild_archive`), lets the
    calendar and the archive pages read a range of local days through one index.
    """

    article = models.OneToOneField(
        "newsroom.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=16)
    day = models.DateField(_("day"))
    published_at = models.DateTimeField(_("published at"))
    # The article's section (its parent page) for the editors' totals by section.
    section = models.ForeignKey(
        "newsroom.SectionPage", verbose_name=_("section"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("archive entry")
        verbose_name_plural = _("archive entries")
        indexes = [
            models.Index(fields=["language", "day", "published_at", "article"], name="audience_archive_by_day"),
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}"


class PendingView(models.Model):
    """One counted view waiting for the next flush, when the buffer is the database (no Redis).

    One row per view, never an update of a shared row, so concurrent readers never wait on each other
    and never lose an increment. The article is a bare number: the beacon reads nothing, the flush drops
    views of articles that are gone.
    """

    article_id = models.BigIntegerField()
    day = models.DateField()

    def __str__(self):
        return f"{self.article_id} {self.day}"


class ReaderMark(models.Model):
    """ "This reader saw this article recently", kept until `expires_at`: the dedup window, when the
    buffer is the database. The key is a hash of the article and the reader's fingerprint, never an
    address."""

    key = models.CharField(max_length=64, primary_key=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key


class FlushedBatch(models.Model):
    """A batch of buffered views already added to the counts, so a flush retried after a crash between
    the database commit and the buffer's release adds nothing twice."""

    batch = models.CharField(max_length=64, primary_key=True)
    flushed_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.batch
