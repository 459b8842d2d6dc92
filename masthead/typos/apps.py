from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TyposConfig(AppConfig):
    name = "masthead.typos"
    label = "typos"
    verbose_name = _("Typo reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
