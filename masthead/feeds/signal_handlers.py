"""Reactions to the newsroom's publishing, connected in apps.py."""

import logging

from django.db import transaction

from . import conf

logger = logging.getLogger(__name__)


def announce_published_article(sender, instance, **kwargs):
    """Queue the WebSub pings for a published story once its transaction commits.

    Publishing must never fail because of a hub: anything that goes wrong here is logged and swallowed.
    """
    from masthead.newsroom.models import ArticlePage

    if not isinstance(instance, ArticlePage):
        return
    try:
        if not hub_configured():
            return
        article_id = instance.pk
        transaction.on_commit(lambda: enqueue_pings(article_id))
    except Exception:
        logger.exception("Could not queue the WebSub pings for article %s", instance.pk)


def enqueue_pings(article_id):
    from .tasks import ping_hubs_for_article

    try:
        ping_hubs_for_article.enqueue(article_id=article_id)
    except Exception:
        logger.exception("Could not queue the WebSub pings for article %s", article_id)


def hub_configured():
    from .models import FeedSettings

    return bool(conf.websub_hub()) or FeedSettings.objects.exclude(websub_hub="").exists()
