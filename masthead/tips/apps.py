from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    """Readers send the newsroom tips, with photos or documents; editors read and answer them in the admin."""

    name = "masthead.tips"
    label = "tips"
    verbose_name = _("Reader tips")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
