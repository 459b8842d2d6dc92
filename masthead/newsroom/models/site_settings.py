"""What editors set once for the whole site: channels, publisher logo and the texts around articles."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable


class ChannelBlock(blocks.StructBlock):
    KINDS = [
        ("telegram", "Telegram"),
        ("vk", "VK"),
        ("youtube", "YouTube"),
        ("rss", "RSS"),
        ("mastodon", "Mastodon"),
        ("x", "X"),
        ("facebook", "Facebook"),
        ("other", _("Other")),
    ]
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=KINDS, default="telegram")
    name = blocks.CharBlock(label=_("Name shown to readers"), max_length=40)
    url = blocks.URLBlock(label=_("Link"))

    class Meta:
        icon = "site"
        label = _("Channel")


class ShareBlock(blocks.StructBlock):
    # newsroom/sharing.py builds each service's sharing address.
    KINDS = [
        ("telegram", "Telegram"),
        ("vk", "VK"),
        ("x", "X"),
        ("facebook", "Facebook"),
        ("whatsapp", "WhatsApp"),
        ("linkedin", "LinkedIn"),
        ("email", _("Email")),
    ]
    kind = blocks.ChoiceBlock(label=_("Service"), choices=KINDS, default="telegram")

    class Meta:
        icon = "link"
        label = _("Share link")


DEFAULT_SHARE_LINKS = [("share", {"kind": kind}) for kind in ("telegram", "vk", "x", "facebook", "whatsapp", "email")]


@register_setting(icon="site")
class NewsroomSettings(ClusterableModel, BaseSiteSetting):
    channels = StreamField(
        [("channel", ChannelBlock())],
        verbose_name=_("channels"),
        blank=True,
        help_text=_("Listed in the subscribe line under every article, in this order."),
    )
    share_links = StreamField(
        [("share", ShareBlock())],
        verbose_name=_("share links"),
        blank=True,
        default=DEFAULT_SHARE_LINKS,
        help_text=_(
            "Under every article, in this order: plain links to each service's own sharing page with the article's "
            "address. Nothing is loaded from those services until a reader clicks one."
        ),
    )
    publisher_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("publisher logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Used in structured data for search engines."),
    )

    show_updated_after_minutes = models.PositiveIntegerField(
        _("show “Updated” after (minutes)"),
        null=True,
        blank=True,
        default=60,
        help_text=_(
            "An article published again more than this many minutes after it first appeared shows when, beside its "
            "publication time. Quick fixes right after publishing do not count. Empty: never show it."
        ),
    )

    panels = [
        FieldPanel("channels"),
        FieldPanel("share_links"),
        FieldPanel("show_updated_after_minutes"),
        FieldPanel("publisher_logo"),
        InlinePanel("texts", label=_("Texts in one language")),
    ]

    class Meta:
        verbose_name = _("newsroom settings")

    @classmethod
    def base_queryset(cls):
        # Every article page shows the publisher's logo (its structured data): loaded with the settings.
        return super().base_queryset().select_related("publisher_logo")

    def texts_for(self, language_code):
        """The texts for one language, falling back to the translated defaults where none are set."""
        key = f"newsroom:site-texts:{self.pk}:{language_code}"
        texts = cache.get(key)
        if texts is None:
            row = self.texts.filter(language=language_code).first()
            texts = SiteTexts.defaults() if row is None else row.as_dict()
            cache.set(key, texts, 3600)
        return texts

    def forget_cached_texts(self):
        cache.delete_many([f"newsroom:site-texts:{self.pk}:{code}" for code, _name in settings.LANGUAGES])


class SiteTexts(Orderable):
    """The reader-facing texts of one language. Empty fields show Masthead's translated defaults."""

    site_settings = ParentalKey(NewsroomSettings, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subscribe_intro = models.CharField(
        _("subscribe line"),
        max_length=200,
        blank=True,
        help_text=_('Shown before the channels, e.g. "Subscribe to our news at".'),
    )
    typo_hint = models.CharField(_("typo hint"), max_length=300, blank=True)
    comment_rules = RichTextField(_("comment rules"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    time_zone_label = models.CharField(
        _("time zone label"),
        max_length=60,
        blank=True,
        help_text=_('How the site\'s time zone is named next to times, e.g. "Moscow time".'),
    )

    breaking_story = models.ForeignKey(
        "newsroom.ArticlePage",
        verbose_name=_("breaking news"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A story of this language shown above every page, until the time below (or until removed here)."),
    )
    breaking_until = models.DateTimeField(_("breaking news until"), null=True, blank=True)

    panels = [
        FieldPanel("language"),
        FieldPanel("breaking_story"),
        FieldPanel("breaking_until"),
        FieldPanel("subscribe_intro"),
        FieldPanel("typo_hint"),
        FieldPanel("time_zone_label"),
        FieldPanel("comment_rules"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("texts")
        constraints = [models.UniqueConstraint(fields=["site_settings", "language"], name="one_text_set_per_language")]

    def clean(self):
        super().clean()
        story = self.breaking_story
        if story is not None and self.language and story.locale.language_code != self.language:
            # Saved, it would never show: each edition announces its own stories.
            raise ValidationError(
                {
                    "breaking_story": _("Choose a story of this edition's language (%(language)s).")
                    % {"language": self.get_language_display()}
                }
            )

    @staticmethod
    def defaults():
        return {"subscribe_intro": "", "typo_hint": "", "comment_rules": "", "time_zone_label": ""}

    def as_dict(self):
        return {name: getattr(self, name) for name in self.defaults()}
