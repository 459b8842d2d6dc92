from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedStory(models.Model):
    """A story a reader saved to read later. It goes with the account, and with the story when that is deleted."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="saved_stories"
    )
    article = models.ForeignKey(
        "newsroom.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("saved story")
        verbose_name_plural = _("saved stories")
        constraints = [models.UniqueConstraint(fields=["reader", "article"], name="one_save_per_reader_and_story")]
        # The reader's list, newest first, read through the index alone.
        indexes = [models.Index(fields=["reader", "-saved_at", "-id"], name="saved_story_list")]

    def __str__(self):
        return f"{self.reader} → {self.article_id}"
