from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "masthead.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import masthead.ids  # noqa: F401  registers the `row_id` address converter before any app's addresses load

        from . import signal_handlers

        signal_handlers.connect()
