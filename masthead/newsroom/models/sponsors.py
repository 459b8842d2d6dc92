"""Sponsors: who paid for a story, or supports one, told to readers as plainly as the law and trust ask."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Sponsor(models.Model):
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disclosure = models.TextField(
        _("disclosure"),
        blank=True,
        help_text=_(
            "Shown under each story it sponsors: the advertiser's legal name and details, and the ad's identifier "
            "(erid) where the law asks for one."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("logo"), FieldPanel("disclosure")]

    class Meta:
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        ordering = ["name"]

    def __str__(self):
        return self.name
