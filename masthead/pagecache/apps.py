from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "masthead.pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from . import signal_handlers  # noqa: F401 - connects the invalidation handlers
