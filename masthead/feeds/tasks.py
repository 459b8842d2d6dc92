"""Background work for feeds, run by `masthead worker` (or at once, in tests)."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import websub

logger = logging.getLogger(__name__)

# Minutes to wait before each retry of the pings a hub refused: a hub that is down for a while still hears.
RETRY_MINUTES = (1, 5, 30)


@task()
def ping_hubs_for_article(*, article_id):
    """Announce to the site's WebSub hub every feed a just-published story appears in."""
    from masthead.newsroom.models import ArticlePage
    from masthead.newsroom.privacy import public

    # A private story is in no feed: nothing to announce.
    article = public(ArticlePage.objects.live()).select_related("locale").filter(pk=article_id).first()
    if article is None:
        return 0
    hub_url = websub.hub_url_for(article.get_site())
    if not hub_url:
        return 0
    return ping_hub(hub_url=hub_url, feed_urls=websub.feeds_of_article(article), attempt=1)


@task()
def ping_hub_again(*, hub_url, feed_urls, attempt):
    return ping_hub(hub_url=hub_url, feed_urls=feed_urls, attempt=attempt)


def ping_hub(*, hub_url, feed_urls, attempt):
    """Ping each feed; the ones the hub refused are tried again later, up to len(RETRY_MINUTES) more times."""
    failed = [url for url in feed_urls if not websub.ping(hub_url=hub_url, feed_url=url)]
    if failed and attempt <= len(RETRY_MINUTES):
        retry = ping_hub_again
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + timedelta(minutes=RETRY_MINUTES[attempt - 1]))
        logger.warning("WebSub hub %s refused %d feeds; retry %d is queued", hub_url, len(failed), attempt)
        retry.enqueue(hub_url=hub_url, feed_urls=failed, attempt=attempt + 1)
    elif failed:
        logger.error("WebSub hub %s refused %d feeds after %d attempts: %s", hub_url, len(failed), attempt, failed)
    return len(feed_urls) - len(failed)
