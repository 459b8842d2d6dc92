"""The daily round-up: readers who asked for it on their account page get, once a day after the newsletter's send
hour, a mail of yesterday's new stories on the topics and by the authors they follow. Only when there is one.

The worker's schedule calls `send_due` every minute; yesterday's round-ups are due from the send hour until
midnight. Each call sends a batch: a reader's mail of a day is claimed
with a row (`RoundUp`, one per reader and day) before it is sent, so several workers never send it twice, and a
worker that stops mid-send leaves the row "sending", written off later as interrupted rather than sent again.
A mail the server refused is tried again, up to MAX_ATTEMPTS times.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from masthead.accounts.mails import stoppable_mail
from masthead.newsletter import conf as mail_conf
from masthead.newsletter.digests import day_in_title, site_name
from masthead.newsroom.addresses import site_sender
from masthead.site_time import local_midnight, site_zone

from .models import Follow, RoundUp
from .selectors import follows_of, stories_for

logger = logging.getLogger(__name__)

BATCH = 100  # mails a call of the schedule sends at most; the next call goes on
STORIES_SHOWN = 20  # a mail lists the newest this many; "and N more" links to the reader's page
MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=10)
SENDING_FOR_AT_MOST = timedelta(minutes=15)  # after that, its worker is gone


def due_day(now):
    """Yesterday (site time) and its bounds once today's send hour has passed, else None. A day whose round-up could
    not go out by midnight (the workers were down) is skipped: a round-up is news, and the next one is due soon."""
    local = timezone.localtime(now, site_zone())
    if local.hour < mail_conf.send_hour():
        return None
    day = local.date() - timedelta(days=1)
    return day, local_midnight(day), local_midnight(local.date())


def readers_due(*, day, limit):
    """Readers who want the round-up and follow something, and whose mail of `day` nobody has claimed yet."""
    return (
        get_user_model()
        .objects.filter(is_active=True, reader_profile__following_emails=True)
        .exclude(email="")
        .filter(Exists(Follow.objects.filter(reader=OuterRef("pk"))))
        .exclude(Exists(RoundUp.objects.filter(reader=OuterRef("pk"), day=day)))
        .select_related("reader_profile")
        .order_by("pk")[:limit]
    )


def claim(reader, day):
    """The reader's round-up of the day, now theirs to send; None when another worker claimed it first."""
    try:
        return RoundUp.objects.create(reader=reader, day=day)
    except IntegrityError:
        return None


def reclaim_failed(*, day, now, limit):
    """Round-ups of the day that failed and may be tried again, each claimed by a conditional update."""
    claimed = []
    retry = RoundUp.objects.filter(
        day=day, status=RoundUp.Status.FAILED, attempts__lt=MAX_ATTEMPTS, claimed_at__lt=now - RETRY_AFTER
    )
    for round_up in retry.select_related("reader__reader_profile")[:limit]:
        won = RoundUp.objects.filter(pk=round_up.pk, status=RoundUp.Status.FAILED, attempts=round_up.attempts).update(
            status=RoundUp.Status.SENDING, claimed_at=now
        )
        if won:
            claimed.append(round_up)
    return claimed


def language_of(reader):
    profile = getattr(reader, "reader_profile", None)
    language = (profile and profile.mail_language) or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def stories_of(reader, *, locale, start, end):
    """The reader's new stories of the period in their edition (`locale`, None when the site has none in their
    language), newest first: (the first STORIES_SHOWN, how many in all)."""
    stories = stories_for(follows_of(reader), locale=locale, since=start, until=end) if locale else None
    if stories is None:
        return [], 0
    shown = list(stories[:STORIES_SHOWN])
    total = len(shown) if len(shown) < STORIES_SHOWN else stories.count()
    return shown, total


def mail(reader, *, language, day, stories, total):
    base = mail_conf.base_url()
    with translation.override(language):  # the date and the page's address in the reader's language
        context = {
            "site": site_name(),
            "date": day_in_title(day),
            "stories": [(story, base + story.url) for story in stories],
            "more": total - len(stories),
            "your_news_url": base + reverse("following:news"),
        }
    return stoppable_mail(
        reader=reader,
        kind="following",
        language=language,
        site_root=base,
        template="following/mail/round_up",
        context=context,
        from_email=site_sender(mail_conf.from_email()),
    )


def send_one(round_up, *, locales, start, end, now):
    reader = round_up.reader
    language = language_of(reader)
    stories, total = stories_of(reader, locale=locales.get(language), start=start, end=end)
    done = {"stories": total, "attempts": round_up.attempts + 1, "error": ""}
    if not stories:
        done["status"] = RoundUp.Status.NOTHING_NEW
    else:
        try:
            mail(reader, language=language, day=round_up.day, stories=stories, total=total).send()
            done["status"] = RoundUp.Status.SENT
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Round-up mail to reader %s failed: %s", reader.pk, error)
            done.update(status=RoundUp.Status.FAILED, error=str(error)[:300], claimed_at=now)
    RoundUp.objects.filter(pk=round_up.pk).update(**done)
    return done["status"]


def send_due(*, now=None, batch=BATCH):
    """What the worker's schedule calls: write off interrupted sends, retry failed ones, then claim and send
    the day's next batch. Returns how many ended in each status, for logs and tests."""
    now = now or timezone.now()
    counts = {
        "interrupted": RoundUp.objects.filter(
            status=RoundUp.Status.SENDING, claimed_at__lt=now - SENDING_FOR_AT_MOST
        ).update(status=RoundUp.Status.INTERRUPTED)
    }
    due = due_day(now)
    if due is None:
        return counts
    day, start, end = due
    claimed = reclaim_failed(day=day, now=now, limit=batch)
    for reader in readers_due(day=day, limit=batch - len(claimed)):
        round_up = claim(reader, day)
        if round_up is not None:
            round_up.reader = reader
            claimed.append(round_up)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}  # read once for the batch
    for round_up in claimed:
        status = send_one(round_up, locales=locales, start=start, end=end, now=now)
        counts[status] = counts.get(status, 0) + 1
    return counts
