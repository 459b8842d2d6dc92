"""Writes for the newsletter: subscribe, confirm, unsubscribe, prepare digests and keep their sending going.

The public views, the JSON API, the admin and the worker's schedule all call these. Nothing a stranger can ask
for reveals whether an address is subscribed: subscribing answers the same for a new, a waiting, a confirmed or an
unsubscribed address, and only the mailbox's owner, holding a signed link, learns anything more.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.feeds.caching import feeds_changed
from masthead.pagecache.tags import invalidate
from masthead.refusals import Refused

from . import conf, delivery, tokens
from .digests import DIGESTS, choose_stories, subject_for
from .models import Digest, DigestDelivery, Frequency, Subscriber
from .selectors import ARCHIVE_CACHE_NAME, digest_recipients, stories_of_period

logger = logging.getLogger(__name__)

DELIVERY_CHUNK = 5000
# A digest with due deliveries but no word from a sending task for this long gets a new task.
SILENT_TASK_AFTER = timedelta(minutes=5)


class SubscriptionRefused(Refused):
    """Input the newsletter cannot take, with a message for the reader and the field it is about."""


def check_email(email):
    email = (email or "").strip()
    try:
        if len(email) > 254:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError as error:
        raise SubscriptionRefused(
            _("Please enter a valid email address, like name@example.org."), code="invalid_email", field="email"
        ) from error
    return email


def supported_language(language):
    codes = [code for code, _name in settings.LANGUAGES]
    language = (language or "").split("-")[0].lower()
    return language if language in codes else settings.LANGUAGE_CODE


def subscriber_subscribe(*, email, language, frequency=Frequency.DAILY, now=None):
    """Take a subscription request and, where one is due, queue a confirmation mail. Returns nothing on purpose.

    A confirmed address stays as it is (changing it needs its owner); any other gets a fresh confirmation mail,
    at most one per `confirmation_interval`, so the form cannot be used to flood a mailbox.
    """
    email = check_email(email)
    now = now or timezone.now()
    language = supported_language(language)
    frequency = frequency if frequency in Frequency.values else Frequency.DAILY
    with transaction.atomic():
        subscriber = Subscriber.objects.with_address(email).select_for_update().first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, language=language, frequency=frequency, created_at=now
                    )
            except IntegrityError:
                # The same address arrived twice at once; the other request made the row.
                subscriber = Subscriber.objects.with_address(email).select_for_update().get()
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return
        # The flood guard holds while a request waits for its confirmation. An address whose owner confirmed and
        # then left (only the owner has the mail's link) starts afresh: the new request gets its own mail.
        recently = (
            subscriber.status == Subscriber.Status.PENDING
            and subscriber.confirmation_sent_at
            and now - subscriber.confirmation_sent_at < conf.confirmation_interval()
        )
        subscriber.status = Subscriber.Status.PENDING
        subscriber.language, subscriber.frequency = language, frequency
        if not recently:
            subscriber.confirmation_sent_at = now
        subscriber.save()
        if not recently:
            subscriber_id = subscriber.pk
            transaction.on_commit(lambda: queue_confirmation(subscriber_id=subscriber_id))


def queue_confirmation(*, subscriber_id):
    from .tasks import send_confirmation

    send_confirmation.enqueue(subscriber_id=subscriber_id)


def confirmation_send(*, subscriber_id):
    """Mail the confirmation link (run in the background). A failed mail frees the address to ask again."""
    from django.core.mail import get_connection

    from .mail import confirmation_message

    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is None:
        return False
    try:
        confirmation_message(subscriber, connection=get_connection(timeout=conf.smtp_timeout())).send()
    except OSError as error:  # smtplib's errors are OSErrors too
        logger.warning("Confirmation mail to subscriber %s failed: %s", subscriber.pk, error)
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=None, last_error=str(error)[:500])
        return False
    return True


def subscriber_confirm(*, token, now=None):
    """Confirm the subscription a link names. Raises tokens.BadToken or tokens.ExpiredToken.

    Confirming twice is fine (the second click says the same); an expired link of an address that did confirm in
    time is fine too. A link for an address that has since unsubscribed no longer works.
    """
    now = now or timezone.now()
    try:
        subscriber = tokens.subscriber_for_confirmation(token)
    except tokens.ExpiredToken as expired:
        if expired.subscriber.status == Subscriber.Status.CONFIRMED:
            return expired.subscriber
        raise
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    if subscriber.status != Subscriber.Status.PENDING:
        raise tokens.BadToken(token)
    Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING).update(
        status=Subscriber.Status.CONFIRMED, confirmed_at=now, last_error=""
    )
    subscriber.refresh_from_db()
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, token, now=None):
    """Unsubscribe the address a link names, at once and for good; twice is the same as once."""
    subscriber = tokens.subscriber_for_unsubscribe(token)
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now or timezone.now()
        )
        subscriber.refresh_from_db()
    # Digests already queued for the address are skipped by the sender, which checks the status of each.
    return subscriber


# --- digests ----------------------------------------------------------------------------------------------------


def digest_prepare(*, kind, language, now=None):
    """Create the digest of the last whole period with its stories and one delivery per recipient, once.

    Returns the digest and whether this call made it. A period with no stories gets an "empty" digest, so the
    question is not asked again every few seconds.
    """
    now = now or timezone.now()
    start, end = DIGESTS[kind].period(now=now)
    existing = Digest.objects.filter(kind=kind, language=language, period_start=start).first()
    if existing is not None:
        return existing, False
    new_ids, most_read_ids = choose_stories(language=language, start=start, end=end)
    published = stories_of_period(since=start, until=end, language=language).exists()
    with transaction.atomic():
        digest, created = Digest.objects.get_or_create(
            kind=kind,
            language=language,
            period_start=start,
            defaults={
                "period_end": end,
                "subject": subject_for(kind=kind, language=language, start=start, end=end),
                "new_story_ids": new_ids,
                "most_read_ids": most_read_ids,
                # Only news makes a digest: a quiet period is not filled with old stories that were read.
                "status": Digest.Status.SENDING if published else Digest.Status.EMPTY,
                "created_at": now,
            },
        )
        if not created or digest.status == Digest.Status.EMPTY:
            return digest, created
        recipients = digest_recipients(kind=kind, language=language).order_by("pk").values_list("pk", flat=True)
        total, chunk = 0, []
        for subscriber_id in recipients.iterator(chunk_size=DELIVERY_CHUNK):
            chunk.append(DigestDelivery(digest=digest, subscriber_id=subscriber_id, next_attempt_at=now))
            if len(chunk) == DELIVERY_CHUNK:
                total += len(DigestDelivery.objects.bulk_create(chunk, ignore_conflicts=True))
                chunk = []
        if chunk:
            total += len(DigestDelivery.objects.bulk_create(chunk, ignore_conflicts=True))
        Digest.objects.filter(pk=digest.pk).update(recipients=total)
        digest.recipients = total
        invalidate(ARCHIVE_CACHE_NAME)  # a new issue in the archive
        feeds_changed()  # ... and in the listings sitemap
    return digest, True


def queue_digest_sending(*, digest_id):
    from .tasks import send_digest

    send_digest.enqueue(digest_id=digest_id)


def send_due(*, now=None):
    """What the worker's schedule calls every few seconds: prepare digests whose time has come and keep every
    unfinished digest moving. Cheap when there is nothing to do. Returns a summary for logs and commands."""
    now = now or timezone.now()
    summary = {"prepared": 0, "queued": 0, "finished": 0, "interrupted": 0, "forgotten": 0}
    for kind in DIGESTS:
        for language, _name in settings.LANGUAGES:
            _digest, created = digest_prepare(kind=kind, language=language, now=now)
            summary["prepared"] += int(created)
    summary["interrupted"] = sum(delivery.write_off_interrupted(now=now).values())
    for digest in Digest.objects.filter(status=Digest.Status.SENDING):
        if delivery.finish_if_done(digest=digest, now=now):
            summary["finished"] += 1
        elif delivery.has_due_deliveries(digest=digest, now=now) and (
            digest.heartbeat_at is None or digest.heartbeat_at < now - SILENT_TASK_AFTER
        ):
            # The heartbeat is set now so the next call does not queue a second task while this one waits.
            Digest.objects.filter(pk=digest.pk).update(heartbeat_at=now)
            queue_digest_sending(digest_id=digest.pk)
            summary["queued"] += 1
    summary["forgotten"] = forget_old_deliveries(now=now)
    return summary


def forget_old_deliveries(*, now):
    """Drop the per-address rows of one long-finished digest a call: a 100,000-reader list makes that many a day.

    The digest keeps its totals; nothing can send it again, as only unfinished digests are ever sent.
    """
    old = (
        Digest.objects.filter(finished_at__lt=now - conf.keep_deliveries(), deliveries__isnull=False)
        .values_list("pk", flat=True)
        .first()
    )
    if old is None:
        return 0
    deleted, _by_model = DigestDelivery.objects.filter(digest_id=old).delete()
    return deleted


def digest_send_some(*, digest_id):
    """One sending task's work: batches until done or out of time, then a continuation if any are still due."""
    digest = Digest.objects.filter(pk=digest_id, status=Digest.Status.SENDING).first()
    if digest is None:
        return 0
    accepted, more = delivery.digest_send(digest=digest)
    if more:
        queue_digest_sending(digest_id=digest_id)
    return accepted
