"""What asking writers to look again achieves (the score block's *Ask the writer to reconsider first*).

A question stays open for its writer and article until they send a comment there: sent as it was, the comment
carries `sent_despite_warning`; sent with words the score no longer minds (or a new comment instead), it carries
`changed_after_warning`; a question never answered within a day was not sent. The open question is kept in the
cache, shared by every app server; these are figures for the newsroom, so a cache or database that fails loses a
figure, never the writer's comment.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F

from masthead.site_time import site_date

from .models import SecondLook

logger = logging.getLogger(__name__)

QUESTION_OPEN_SECONDS = 24 * 60 * 60


def question_key(author, article):
    return f"comments:second-look:{author.pk}:{article.pk}"


def question_asked(*, author, article, now):
    """The writer is asked about a comment on this article. Counted once per comment: asked again about it (they
    changed it and the score still minds), the day's number stays."""
    try:
        new_question = cache.add(question_key(author, article), 1, QUESTION_OPEN_SECONDS)
    except Exception:  # noqa: BLE001 -- Redis restarting: count it, at worst twice
        logger.warning("could not keep a second look's question", exc_info=True)
        new_question = True
    if new_question:
        count_question(now=now)


def question_open(*, author, article):
    """Whether the writer was asked about a comment on this article within a day and has sent none there since."""
    try:
        return cache.get(question_key(author, article)) is not None
    except Exception:  # noqa: BLE001
        logger.warning("could not read a second look's question", exc_info=True)
        return False


def question_answered(*, author, article):
    try:
        cache.delete(question_key(author, article))
    except Exception:  # noqa: BLE001
        logger.warning("could not close a second look's question", exc_info=True)


def count_question(*, now):
    """One more writer asked to look again today. Should the database refuse it, the writer is asked all the same
    (the savepoint keeps a surrounding transaction usable)."""
    day = site_date(now)
    for _attempt in range(2):  # another writer asked at the same moment may make the day's row first
        try:
            with transaction.atomic():
                if not SecondLook.objects.filter(day=day).update(asked=F("asked") + 1):
                    SecondLook.objects.create(day=day, asked=1)
            return
        except IntegrityError:
            continue
        except DatabaseError:
            logger.warning("could not count a second look", exc_info=True)
            return
