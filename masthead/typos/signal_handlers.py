"""Reactions to saves, connected from `apps.ready()` only."""

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


def connect():
    from .models import Correction

    post_save.connect(forget_article_corrections, sender=Correction, dispatch_uid="typos-correction-saved")
    post_delete.connect(forget_article_corrections, sender=Correction, dispatch_uid="typos-correction-deleted")
