"""Reads for the newsletter: who receives a digest, which stories go in it, how far sending has got."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from .models import DigestDelivery, Subscriber

# The page-cache name of the pages that list the issues (see pagecache/tags.py).
ARCHIVE_CACHE_NAME = "newsletter:issues"


def digest_recipients(*, kind, language):
    """Confirmed subscribers of one language who chose this digest."""
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, frequency=kind, language=language)


def public_stories():
    """Live stories anyone may read: a private one never goes out in a digest."""
    from masthead.newsroom.models import ArticlePage
    from masthead.newsroom.privacy import public

    return public(ArticlePage.objects.live())


def stories_of_period(*, since, until, language):
    return public_stories().filter(
        locale__language_code=language, first_published_at__gte=since, first_published_at__lt=until
    )


def new_for_digest(*, since, until, language, limit, exclude=()):
    """The newest stories first published in the period."""
    stories = stories_of_period(since=since, until=until, language=language).exclude(pk__in=list(exclude))
    return list(stories.order_by("-first_published_at", "-pk").values_list("pk", flat=True)[:limit])


def most_read_for_digest(*, since, until, limit, language):
    """The ids of the stories read most within the period, most read first, whenever they were published.

    Views come from the audience app's per-day counts (days of the site's time zone, as the periods are).
    """
    from masthead.audience.selectors import top_articles

    zone = ZoneInfo(settings.TIME_ZONE)
    first = timezone.localtime(since, zone).date()
    last = (timezone.localtime(until, zone) - timedelta(days=1)).date()
    # A few extra, in case some of the most read were unpublished since.
    ranked = [row["article_id"] for row in top_articles(first=first, last=last, language=language, limit=limit + 10)]
    live = set(public_stories().filter(pk__in=ranked).values_list("pk", flat=True))
    return [article_id for article_id in ranked if article_id in live][:limit]


def stories_in_order(ids):
    """Live stories by id, in the given order, with their sections, for a digest's template."""
    from masthead.newsroom.selectors import attach_sections

    found = {story.pk: story for story in public_stories().filter(pk__in=ids).defer_streamfields()}
    return attach_sections([found[pk] for pk in ids if pk in found])


def delivery_counts(*, digest):
    """How many of a digest's deliveries are in each state, for the admin's progress display."""
    statuses = DigestDelivery.Status
    return DigestDelivery.objects.filter(digest=digest).aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in statuses}
    )


def published_issues(*, language):
    """The digests of one language that went out (or are going out), newest first: the newsletter's archive.

    A quiet period's "empty" digest was never sent, so it is no issue.
    """
    from .models import Digest

    return Digest.objects.filter(language=language, status__in=[Digest.Status.SENDING, Digest.Status.SENT]).order_by(
        "-period_start", "kind"
    )


def issue_stories(ids):
    """An issue's stories as teasers on the site (picture, byline, section), in the issue's order; those since
    taken down or made private are left out."""
    from masthead.newsroom.selectors import article_listing, teasers_in_order

    return teasers_in_order(article_listing(locale=None), list(ids))
