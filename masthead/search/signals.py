"""Keep the index in step with publishing: a published (or re-published, edited) article is indexed,
an unpublished or deleted one leaves it. Connected in apps.py."""

from masthead.pagecache.tags import invalidate

from .services import article_index, article_unindex


def on_page_published(sender, instance, **kwargs):
    article_index(article=instance)


def on_page_unpublished(sender, instance, **kwargs):
    article_unindex(article_id=instance.pk)


def on_article_deleted(sender, instance, **kwargs):
    article_unindex(article_id=instance.pk)


def on_picks_changed(sender, instance, **kwargs):
    invalidate("search")
