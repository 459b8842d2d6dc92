"""What came from which WordPress export, so that importing the same file again adds nothing twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    class Kind(models.TextChoices):
        # A post or page (its comments come and go with it), and a commenter's account, which spans posts.
        POST = "post", _("Post")
        COMMENTER = "commenter", _("Commenter")

    # The exporting site's address (the export's <link>), so two blogs' post 1 are two posts.
    source = models.CharField(_("source"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    original_id = models.CharField(_("original id"), max_length=255)
    object_id = models.PositiveBigIntegerField(_("object id"))
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "original_id"], name="imported_item_once"),
        ]

    def __str__(self):
        return f"{self.source} {self.kind} {self.original_id}"
