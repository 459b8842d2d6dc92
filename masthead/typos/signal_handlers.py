"""Reactions to saves and publishing, connected from `apps.ready()` only."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from masthead.pagecache.invalidation import article_content_changed


def forget_article_corrections(sender, instance, **kwargs):
    """An article's cached corrections go stale when one is added, edited or removed: forget them after the
    commit (forgetting earlier would let a concurrent page view cache the old list again)."""
    from .selectors import corrections_cache_key

    key = corrections_cache_key(instance.article_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
    # The article's page shows the note; the corrections page is not kept in the page cache.
    article_content_changed(instance.article_id)


def close_reports_fixed_in_drafts(sender, instance, revision=None, **kwargs):
    """A fix saved as a draft closes its report, with its correction and the readers' mail, once it is live."""
    from .services import fixes_published

    if revision is not None:
        fixes_published(article=instance, revision=revision)


def connect():
    from wagtail.signals import page_published

    from masthead.newsroom.models import ArticlePage

    from .models import Correction

    post_save.connect(forget_article_corrections, sender=Correction, dispatch_uid="typos-correction-saved")
    post_delete.connect(forget_article_corrections, sender=Correction, dispatch_uid="typos-correction-deleted")
    page_published.connect(close_reports_fixed_in_drafts, sender=ArticlePage, dispatch_uid="typos-fixes-published")
