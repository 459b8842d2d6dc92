"""What editors choose for the site's feeds (admin → Settings → Feeds)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import conf


@register_setting(icon="link-external")
class FeedSettings(BaseSiteSetting):
    class Content(models.TextChoices):
        SUMMARY = "summary", _("Summary: the lead only")
        FULL_TEXT = "full", _("Full text: the lead and the whole body")

    content = models.CharField(
        _("what feeds carry"),
        max_length=10,
        choices=Content.choices,
        default=Content.SUMMARY,
        help_text=_("A summary sends readers to the site for the story; full text lets them read it in their reader."),
    )
    items = models.PositiveSmallIntegerField(
        _("stories in a feed"),
        default=30,
        validators=[MinValueValidator(20), MaxValueValidator(50)],
        help_text=_("How many of the newest stories each feed lists (20 to 50); older ones are on its next pages."),
    )
    websub_hub = models.URLField(
        _("WebSub hub"),
        blank=True,
        help_text=_(
            "A hub that feed readers subscribe through, pinged whenever a story is published. "
            "Leave empty to use the server's default (MASTHEAD_WEBSUB_HUB), if any."
        ),
    )

    panels = [FieldPanel("content"), FieldPanel("items"), FieldPanel("websub_hub")]

    class Meta:
        verbose_name = _("feeds")

    @property
    def full_text(self):
        return self.content == self.Content.FULL_TEXT

    @property
    def hub_url(self):
        return self.websub_hub or conf.websub_hub()
