from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadingListConfig(AppConfig):
    """Stories readers save to read later, kept with their account."""

    name = "masthead.reading_list"
    label = "reading_list"
    verbose_name = _("Saved stories")
    default_auto_field = "django.db.models.BigAutoField"
