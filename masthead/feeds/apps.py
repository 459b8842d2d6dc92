from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "masthead.feeds"
    label = "feeds"
    verbose_name = _("Feeds and sitemaps")
    default_auto_field = "django.db.models.BigAutoField"
