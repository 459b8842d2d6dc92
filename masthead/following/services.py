"""Following a topic or an author and unfollowing: both may be repeated, and give the same result."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.refusals import Refused

from .models import Follow, PrivateFeed
from .selectors import target_lookup

# Enough for anyone's interests; the cap also bounds what a script can make us store and the reader's own page's
# query (their followed ids go into it).
MAX_FOLLOWS = 200


class FollowRefused(Refused):
    pass


def follow(*, reader, tag=None, author=None):
    """Follow a topic or a published author (already followed: nothing changes). Returns how many the reader
    follows."""
    if author is not None and not author.live:
        raise FollowRefused(_("There is no such author."), code="not_found", status=404)
    follows = Follow.objects.filter(reader=reader)
    if not follows.filter(**target_lookup(tag=tag, author=author)).exists():
        if follows.count() >= MAX_FOLLOWS:
            raise FollowRefused(
                _("You follow %(max)d topics and authors, the most there can be; unfollow some first.")
                % {"max": MAX_FOLLOWS},
                code="too_many",
                status=409,
            )
        try:
            with transaction.atomic():
                Follow.objects.create(reader=reader, tag=tag, author=author)
        except IntegrityError:  # followed at the same moment from another tab: one row, as wanted
            pass
    return follows.count()


def unfollow(*, reader, tag=None, author=None):
    """Stop following a topic, or an author in any edition (not followed: nothing changes). Returns how many the
    reader follows."""
    Follow.objects.filter(reader=reader, **target_lookup(tag=tag, author=author)).delete()
    return Follow.objects.filter(reader=reader).count()


def private_feed_renew(*, reader):
    """A new address for the reader's feed of "Your news"; the old one, if any, stops working at once."""
    token = secrets.token_urlsafe(32)
    PrivateFeed.objects.update_or_create(reader=reader, defaults={"token": token, "created_at": timezone.now()})
    return token


def private_feed_stop(*, reader):
    PrivateFeed.objects.filter(reader=reader).delete()
