"""A series: stories told in parts (an investigation, a column's cycle), each part linking the others in order."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin


class Series(TranslatableMixin, models.Model):
    title = models.CharField(pgettext_lazy("series", "title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=80, allow_unicode=True, help_text=_("The series' address: /series/<slug>/.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("A sentence or two, shown on the series' page and in every part.")
    )

    panels = [FieldPanel("title"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("series")
        verbose_name_plural = _("series")
        unique_together = [*TranslatableMixin.Meta.unique_together, ("locale", "slug")]
        ordering = ["title"]

    def __str__(self):
        return self.title
