"""Full-text search over the newsroom's stories, with Russian and English stemming."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "masthead.search"
    label = "newsroom_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished

        from masthead.newsroom.models import ArticlePage

        from . import signals

        page_published.connect(signals.on_page_published, sender=ArticlePage, dispatch_uid="search-index-published")
        page_unpublished.connect(
            signals.on_page_unpublished, sender=ArticlePage, dispatch_uid="search-index-unpublished"
        )
        post_delete.connect(signals.on_article_deleted, sender=ArticlePage, dispatch_uid="search-index-deleted")

        from masthead.newsroom.privacy import privacy_changed

        from .tasks import on_privacy_changed

        privacy_changed.connect(on_privacy_changed, dispatch_uid="search-index-privacy")

        from django.db.models.signals import post_save
        from wagtail.contrib.search_promotions.models import SearchPromotion

        # Stored search pages show the editors' picks: a pick added, changed or removed drops them.
        post_save.connect(signals.on_picks_changed, sender=SearchPromotion, dispatch_uid="search-picks-saved")
        post_delete.connect(signals.on_picks_changed, sender=SearchPromotion, dispatch_uid="search-picks-deleted")
