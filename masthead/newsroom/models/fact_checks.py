from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fact_checks import rating_choices


class FactCheck(models.Model):
    """One fact-check block of a published, public article, copied out of its body so the edition's fact checks can
    be listed and filtered by verdict without reading every body (`fact_checks.fact_checks_save` keeps it)."""

    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    claim = models.TextField(_("claim"))
    claimant = models.CharField(_("who made it"), max_length=200, blank=True)
    rating = models.CharField(_("verdict"), max_length=20, choices=rating_choices)
    summary = models.TextField(_("in short"), blank=True)
    published_at = models.DateTimeField(_("published"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("fact check")
        verbose_name_plural = _("fact checks")
        constraints = [models.UniqueConstraint(fields=["article", "block_id"], name="one_row_per_fact_check")]
        indexes = [
            models.Index(fields=["locale", "-published_at", "-article", "position"], name="fact_checks_newest"),
            models.Index(
                fields=["locale", "rating", "-published_at", "-article", "position"], name="fact_checks_by_verdict"
            ),
        ]

    def __str__(self):
        return self.claim[:80]
