"""Tags on articles: topics (policy, economy) and places (countries, cities)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase


class NewsTag(TagBase):
    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        PLACE = "place", _("Place")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOPIC)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]


class TaggedArticle(TaggedItemBase):
    tag = models.ForeignKey(NewsTag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = ParentalKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")
