from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "masthead.feeds"
    label = "feeds"
    verbose_name = _("Feeds and sitemaps")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from masthead.newsroom.models import NewsTag

        from .caching import feed_settings_saved, start_new_generation
        from .models import FeedSettings
        from .signal_handlers import announce_published_article

        page_published.connect(announce_published_article, dispatch_uid="feeds-websub-ping")
        # Any change to what feeds and sitemaps show makes their cached copies stale.
        for signal, sender in (
            (page_published, None),
            (page_unpublished, None),
            (post_page_move, None),
            (post_delete, Page),
            (post_save, NewsTag),
            (post_delete, NewsTag),
            # The site's name titles every feed; its address starts every link.
            (post_save, Site),
            (post_delete, Site),
        ):
            signal.connect(start_new_generation, sender=sender, dispatch_uid=f"feeds-cache-{id(signal)}-{sender}")
        post_save.connect(feed_settings_saved, sender=FeedSettings, dispatch_uid="feeds-cache-settings")
