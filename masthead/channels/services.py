"""Posting stories to channels: what publishing creates, what the worker does, what "post again" asks for.

Publishing only writes rows (inside Wagtail's publish transaction) and, once that commits, queues a task per row:
no channel is ever called while an editor waits. A post moves

    pending --queued by deliver_due--> queued --taken by a task--> sending --> posted
       ^                                                              |--> failed (4xx, or out of attempts)
       `--- a 429, a 5xx or a timeout: pending again, later ----------'

and a post that sat queued or sending past the lease (its worker died) goes back to pending, so none is lost.
That makes posting at-least-once: a worker killed between the channel's answer and recording it posts twice.
"""

import logging
from datetime import timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from masthead.newsroom.privacy import is_public

from . import conf
from .adapters import PermanentError, TransientError, adapter_for
from .models import Channel, ChannelPost
from .selectors import story_for

logger = logging.getLogger(__name__)

DUE_BATCH = 100


def is_first_publication(article):
    # Wagtail sets both times on the first publish and only `last_published_at` on later ones.
    return article.first_published_at is not None and article.first_published_at == article.last_published_at


def queue_posts(article, posts, *, now, ignore_conflicts=False):
    """Waiting posts of the article, one per dict of fields in `posts` (its channel, why, ...), written at once and
    handed to workers once the surrounding transaction commits."""
    posts = ChannelPost.objects.bulk_create(
        [ChannelPost(article=article, next_attempt_at=now, created_at=now, **fields) for fields in posts],
        ignore_conflicts=ignore_conflicts,
    )
    article_id = article.pk
    transaction.on_commit(lambda: deliver_due(article_id=article_id))
    return posts


def posts_for_publication(*, article, now=None):
    """On an article's first publication, one waiting post per channel that takes it; on later ones, none.

    Runs inside the publishing transaction; the posts are handed to workers once it commits. A private story
    (behind a view restriction) is never posted.
    """
    if not article.live or not is_public(article) or not is_first_publication(article):
        return 0
    return len(queue_story_posts(article, Channel.objects.filter(enabled=True), now=now or timezone.now()))


def queue_story_posts(article, channels, *, now):
    """The story's own post (not an update's) for each of these channels that takes it; none twice (a second signal
    for the same publication finds the posts made: the unique constraint)."""
    takers = [channel for channel in channels if channel.takes(article)]
    if not takers:
        return []
    return queue_posts(article, [{"channel": channel} for channel in takers], now=now, ignore_conflicts=True)


def posts_for_live_updates(*, article, now=None):
    """On a later publication of a live story, one waiting post per channel (that takes live updates) for each of
    its updates published since the story first appeared and in the last hour, not posted to that channel yet.

    The first publication posts the story itself, with whatever updates it had then. Runs inside the publishing
    transaction, like `posts_for_publication`.
    """
    from masthead.newsroom.live import LIVE

    if not article.live or not is_public(article) or article.live_coverage != LIVE or is_first_publication(article):
        return 0
    now = now or timezone.now()
    since = max(article.first_published_at, now - conf.live_update_window())
    fresh = [
        block.id
        for block in article.live_updates
        if block.block_type == "update" and block.value.get("time") and block.value["time"] > since
    ]
    channels = [
        channel for channel in Channel.objects.filter(enabled=True, post_live_updates=True) if channel.takes(article)
    ]
    if not fresh or not channels:
        return 0
    posts = [
        {"channel": channel, "trigger": ChannelPost.Trigger.UPDATE, "update_id": update_id}
        for channel in channels
        for update_id in fresh
    ]
    # Updates already posted to a channel are not posted again (the unique constraint).
    queue_posts(article, posts, now=now, ignore_conflicts=True)
    return len(fresh)


@transaction.atomic
def posts_for_stories_made_public(*, path, now=None):
    """Stories first published behind a view restriction become news when it is lifted: each one below `path` that
    is public now, never posted to any channel and first published within the window gets one post per channel
    that takes it. Older stories, made public with a whole archive, are not sent out as news ("Post again" posts
    them); a restriction added instead of lifted finds nothing public below it.
    """
    from masthead.newsroom.models import ArticlePage

    now = now or timezone.now()
    channels = list(Channel.objects.filter(enabled=True))
    stories = (
        ArticlePage.objects.live()
        .filter(path__startswith=path, first_published_at__gte=now - conf.made_public_window())
        .exclude(pk__in=ChannelPost.objects.values("article_id"))
        .select_related("locale")
    )
    posted = 0
    for article in stories:
        if is_public(article) and queue_story_posts(article, channels, now=now):
            posted += 1
    return posted


UNFINISHED = (ChannelPost.Status.PENDING, ChannelPost.Status.QUEUED, ChannelPost.Status.SENDING)


class PostedAgain(NamedTuple):
    posts: list  # the new posts
    still_on_the_way: list  # channels that had a post of the article not finished yet: none added for them


@transaction.atomic
def channel_post_again(*, article, channels, user, now=None):
    """New posts of an article to the given channels, at once. For editors.

    A channel still working on a post of the article (waiting between retries, or being sent) gets no second one,
    which would put the story out twice once the channel answers again: its waiting post is tried at once instead.
    """
    now = now or timezone.now()
    # The channels' rows are locked first, so two editors pressing at once cannot both find a channel free.
    list(Channel.objects.select_for_update().filter(pk__in=[channel.pk for channel in channels]).order_by("pk"))
    story_posts = ChannelPost.objects.filter(article=article, channel__in=channels, update_id="")
    unfinished = story_posts.filter(status__in=UNFINISHED)
    busy = set(unfinished.values_list("channel_id", flat=True))
    unfinished.filter(status=ChannelPost.Status.PENDING).update(next_attempt_at=now)
    free = [channel for channel in channels if channel.pk not in busy]
    posts = queue_posts(
        article,
        [{"channel": channel, "trigger": ChannelPost.Trigger.AGAIN, "requested_by": user} for channel in free],
        now=now,
    )
    if free:
        log(article, "channels.post_again", user=user, data={"channels": [channel.name for channel in free]})
    return PostedAgain(posts, [channel for channel in channels if channel.pk in busy])


def release_silent(*, now):
    """Posts whose worker went quiet past the lease are waiting again (a running one has used up an attempt)."""
    stale_before = now - conf.lease()
    queued = ChannelPost.objects.filter(status=ChannelPost.Status.QUEUED, claimed_at__lt=stale_before).update(
        status=ChannelPost.Status.PENDING, next_attempt_at=now
    )
    running = ChannelPost.objects.filter(status=ChannelPost.Status.SENDING, claimed_at__lt=stale_before).update(
        status=ChannelPost.Status.PENDING,
        next_attempt_at=now,
        attempts=F("attempts") + 1,
        last_error="The worker stopped before the channel answered.",
    )
    return queued + running


def deliver_due(*, now=None, article_id=None):
    """Hand every post whose time has come to a background task. The worker's schedule calls this every few
    seconds; publishing calls it for its own article. Returns how many were queued."""
    from .tasks import deliver_channel_post

    now = now or timezone.now()
    release_silent(now=now)
    due = ChannelPost.objects.filter(status=ChannelPost.Status.PENDING, next_attempt_at__lte=now)
    if article_id is not None:
        due = due.filter(article_id=article_id)
    queued = 0
    for post_id in list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:DUE_BATCH]):
        # Only the caller that moves the row out of "pending" queues it, however many run at once.
        if ChannelPost.objects.filter(pk=post_id, status=ChannelPost.Status.PENDING).update(
            status=ChannelPost.Status.QUEUED, claimed_at=now
        ):
            deliver_channel_post.enqueue(post_id=post_id)
            queued += 1
    return queued


def channel_post_deliver(*, post_id, now=None):
    """Post one story to one channel and record what the channel said (the background task's work)."""
    now = now or timezone.now()
    if not ChannelPost.objects.filter(pk=post_id, status=ChannelPost.Status.QUEUED).update(
        status=ChannelPost.Status.SENDING, claimed_at=now
    ):
        return None  # another worker has it, or an editor cancelled it
    post = ChannelPost.objects.select_related("channel", "article", "article__locale").get(pk=post_id)
    article = post.article
    if not post.channel.enabled:
        return finish(post, status=ChannelPost.Status.CANCELLED, error="The channel was switched off.")
    if not article.live:
        return finish(post, status=ChannelPost.Status.CANCELLED, error="The article is no longer published.")
    story = story_for(article, update_id=post.update_id)
    if post.update_id and story.update is None:
        return finish(post, status=ChannelPost.Status.CANCELLED, error="The update was removed from the story.")
    try:
        result = adapter_for(post.channel.kind).post(channel=post.channel, story=story, delivery_id=post.pk)
    except TransientError as error:
        return retry_later(post, error, now=timezone.now())
    except PermanentError as error:
        return finish(post, status=ChannelPost.Status.FAILED, error=error.message)
    except Exception as error:  # noqa: BLE001 - a broken adapter is retried and shown, never silently dropped
        logger.exception("Posting %s to channel %s failed unexpectedly", post.article_id, post.channel_id)
        return retry_later(post, TransientError(f"{type(error).__name__}: {error}"), now=timezone.now())
    return finish(
        post,
        status=ChannelPost.Status.POSTED,
        external_id=result.external_id,
        external_url=result.external_url,
        posted_at=timezone.now(),
    )


def retry_later(post, error, *, now):
    attempts = post.attempts + 1
    if attempts >= conf.max_attempts():
        return finish(
            post, status=ChannelPost.Status.FAILED, error=f"Gave up after {attempts} attempts. {error.message}"
        )
    delay = conf.retry_delay(attempts)
    if error.retry_after:
        delay = max(delay, timedelta(seconds=error.retry_after))
    ChannelPost.objects.filter(pk=post.pk).update(
        status=ChannelPost.Status.PENDING,
        attempts=attempts,
        next_attempt_at=now + delay,
        last_error=error.message[:500],
    )
    logger.warning("Channel %s: %s; next try in %s", post.channel_id, error.message, delay)
    return ChannelPost.Status.PENDING


def finish(post, *, status, error="", **fields):
    ChannelPost.objects.filter(pk=post.pk).update(
        status=status,
        attempts=F("attempts") + int(status != ChannelPost.Status.CANCELLED),  # a cancelled post was never tried
        last_error=error[:500],
        **fields,
    )
    if status == ChannelPost.Status.FAILED:
        logger.warning("Channel %s refused article %s: %s", post.channel_id, post.article_id, error)
    return status
