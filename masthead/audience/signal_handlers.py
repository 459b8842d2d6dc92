"""The audience app's reactions to the newsroom's publishing, connected from `apps.ready()` only.

The archive's index follows each publish, unpublish, move and delete of an article, and every cached
fragment that shows the archive (the sidebar's calendar and most-read list) is dropped once it commits.
"""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import services
from .services import archive_changed


def on_article_published(sender, instance, **kwargs):
    services.archive_entry_save(article=instance)
    archive_changed()


def on_article_unpublished(sender, instance, **kwargs):
    services.archive_entry_remove(article_id=instance.pk)
    archive_changed()


def on_article_moved(sender, instance, **kwargs):
    from masthead.newsroom.models import ArticlePage

    # Read the article back: its new path decides its section.
    article = ArticlePage.objects.filter(pk=instance.pk).select_related("locale").first()
    if article is not None and article.live:
        services.archive_entry_save(article=article)
        archive_changed()


def on_article_deleted(sender, instance, **kwargs):
    # The entry and the per-day counts go with the article (on_delete=CASCADE); the fragments must follow.
    archive_changed()


def connect():
    from masthead.newsroom.models import ArticlePage

    page_published.connect(on_article_published, sender=ArticlePage, dispatch_uid="audience-article-published")
    page_unpublished.connect(on_article_unpublished, sender=ArticlePage, dispatch_uid="audience-article-unpublished")
    post_page_move.connect(on_article_moved, sender=ArticlePage, dispatch_uid="audience-article-moved")
    post_delete.connect(on_article_deleted, sender=ArticlePage, dispatch_uid="audience-article-deleted")

    from masthead.newsroom.privacy import privacy_changed

    from .tasks import on_privacy_changed

    privacy_changed.connect(on_privacy_changed, dispatch_uid="audience-archive-privacy")
