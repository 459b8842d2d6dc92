"""Handing a digest to the mail server: batches over one SMTP connection, retries, bounces, and no double sends.

The life of a delivery row:

    pending --claim--> sending --accepted--> sent
       ^                  |----4xx, connection trouble--> pending again, later (until the attempts run out: failed)
       |                  |----5xx for the address--> bounced (and the subscriber is marked bounced)
       |                  |----line broke with no answer--> interrupted (it may have arrived)
       |                  `----worker vanished--> interrupted (written off after `claim_timeout`)

A batch is claimed in one short transaction (SKIP LOCKED on PostgreSQL, the write lock on SQLite), so several
workers share a digest without overlapping. Results are written when the batch ends. A mail the server accepted is
therefore "sent" only once the batch is recorded; if the process dies in between, the claimed rows are never
retried but written off as interrupted: a reader missing one digest is better than a reader getting it twice.
"""

import logging
import smtplib
import time
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import conf
from .digests import render_digest, site_name
from .mail import PreparedDigest, subscriber_digest_message, unsubscribe_url
from .models import Digest, DigestDelivery, Subscriber

logger = logging.getLogger(__name__)

UNFINISHED = [DigestDelivery.Status.PENDING, DigestDelivery.Status.SENDING]


class ServerTrouble(Exception):
    """The mail server cannot take mail now (down, refusing the sender, dropped the line): stop the batch.

    `in_doubt` when the line broke without an answer: the mail in flight may have arrived, so it is not retried.
    """

    def __init__(self, message, *, in_doubt):
        super().__init__(message)
        self.in_doubt = in_doubt


@dataclass
class BatchOutcome:
    sent: list = field(default_factory=list)
    retry: list = field(default_factory=list)  # (delivery, error) to try again later
    bounced: list = field(default_factory=list)  # (delivery, error): the address is refused for good
    failed: list = field(default_factory=list)  # (delivery, error): this mail cannot be sent, the address may be fine
    skipped: list = field(default_factory=list)
    untried: list = field(default_factory=list)  # left when the server went away
    in_doubt: list = field(default_factory=list)  # (delivery, error): in flight when the line broke
    server_trouble: str = ""


def describe(error):
    return f"{type(error).__name__}: {error}"[:500]


def classify(error, address):
    """ "retry", "bounce" or "fail" for an error about one message; raises ServerTrouble for the connection's.

    The order matters: every smtplib error is also an OSError.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code = error.recipients.get(address, (451, b""))[0]
        return "bounce" if code >= 500 else "retry"
    if isinstance(error, smtplib.SMTPSenderRefused):
        # A refused sender is the site's configuration, not the reader's address: never a bounce.
        raise ServerTrouble(describe(error), in_doubt=False) from error
    if isinstance(error, smtplib.SMTPResponseException):
        if error.smtp_code == 421:  # the server is closing the channel, and said so: nothing was taken
            raise ServerTrouble(describe(error), in_doubt=False) from error
        return "bounce" if error.smtp_code >= 500 else "retry"
    if isinstance(error, OSError):  # a dropped line or a timeout: no answer, so no knowing what arrived
        raise ServerTrouble(describe(error), in_doubt=True) from error
    return "fail"  # e.g. an address Django refuses to put in a header


def claim_batch(*, digest, size, now):
    """Mark up to `size` due deliveries as being sent by this worker and return them with their subscribers."""
    with transaction.atomic():
        due = DigestDelivery.objects.filter(
            digest=digest, status=DigestDelivery.Status.PENDING, next_attempt_at__lte=now
        ).order_by("pk")
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        DigestDelivery.objects.filter(pk__in=ids).update(status=DigestDelivery.Status.SENDING, claimed_at=now)
    return list(DigestDelivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk"))


def send_batch(*, prepared, deliveries):
    """Hand each delivery's mail to the server over one connection; the outcome says what became of each."""
    outcome = BatchOutcome()
    smtp = get_connection(fail_silently=False, timeout=conf.smtp_timeout())
    try:
        smtp.open()
    except (smtplib.SMTPException, OSError) as error:
        outcome.server_trouble = describe(error)
        outcome.untried = list(deliveries)
        return outcome
    # Prepared bytes go straight to smtplib; other backends (console, files, tests) get ordinary messages.
    raw_smtp = isinstance(smtp, SMTPBackend) and smtp.connection is not None
    try:
        for position, delivery in enumerate(deliveries):
            subscriber = delivery.subscriber
            if subscriber.status != Subscriber.Status.CONFIRMED:
                outcome.skipped.append(delivery)
                continue
            try:
                link = unsubscribe_url(subscriber)
                data = prepared.bytes_for(address=subscriber.email, unsubscribe=link) if raw_smtp else None
                if data is not None:
                    smtp.connection.sendmail(prepared.sender, [subscriber.email], data)
                else:
                    message = subscriber_digest_message(prepared.rendered, subscriber, name=prepared.name)
                    smtp.send_messages([message])
            except Exception as error:  # noqa: BLE001 - every error is sorted below; none may stop the batch
                try:
                    verdict = classify(error, subscriber.email)
                except ServerTrouble as trouble:
                    outcome.server_trouble = str(trouble)
                    (outcome.in_doubt if trouble.in_doubt else outcome.retry).append((delivery, str(trouble)))
                    outcome.untried = list(deliveries[position + 1 :])
                    break
                getattr(outcome, {"retry": "retry", "bounce": "bounced", "fail": "failed"}[verdict]).append(
                    (delivery, describe(error))
                )
            else:
                outcome.sent.append(delivery)
    finally:
        try:
            smtp.close()
        except (smtplib.SMTPException, OSError):
            pass  # the line is already gone; nothing was lost by not saying goodbye
    return outcome


@transaction.atomic
def record(*, digest, outcome, now):
    """Write a batch's results and the digest's progress in one transaction."""
    Status = DigestDelivery.Status
    if outcome.sent:
        DigestDelivery.objects.filter(pk__in=[d.pk for d in outcome.sent]).update(
            status=Status.SENT, sent_at=now, attempts=F("attempts") + 1, last_error=""
        )
    gave_up = []
    for delivery, error in outcome.retry:
        attempts = delivery.attempts + 1
        if attempts >= conf.max_attempts():
            gave_up.append((delivery, error))
            continue
        DigestDelivery.objects.filter(pk=delivery.pk).update(
            status=Status.PENDING, attempts=attempts, next_attempt_at=now + conf.retry_delay(attempts), last_error=error
        )
    failures = (
        (Status.BOUNCED, outcome.bounced),
        (Status.FAILED, outcome.failed + gave_up),
        (Status.INTERRUPTED, outcome.in_doubt),
    )
    for status, rows in failures:
        for delivery, error in rows:
            DigestDelivery.objects.filter(pk=delivery.pk).update(
                status=status, attempts=F("attempts") + 1, last_error=error
            )
    for delivery, error in outcome.bounced:
        Subscriber.objects.filter(pk=delivery.subscriber_id).update(
            status=Subscriber.Status.BOUNCED, bounced_at=now, last_error=error
        )
    if outcome.skipped:
        DigestDelivery.objects.filter(pk__in=[d.pk for d in outcome.skipped]).update(status=Status.SKIPPED)
    if outcome.untried:
        # Not their fault: back in the queue without using up an attempt, after a pause for the server.
        DigestDelivery.objects.filter(pk__in=[d.pk for d in outcome.untried]).update(
            status=Status.PENDING, next_attempt_at=now + conf.retry_delay(1)
        )
    Digest.objects.filter(pk=digest.pk).update(
        sent_count=F("sent_count") + len(outcome.sent),
        failed_count=F("failed_count")
        + len(outcome.bounced)
        + len(outcome.failed)
        + len(gave_up)
        + len(outcome.in_doubt),
        skipped_count=F("skipped_count") + len(outcome.skipped),
        heartbeat_at=now,
    )


def write_off_interrupted(*, now):
    """Deliveries claimed by a worker that never reported back: they may have gone out, so they are not retried."""
    stale = DigestDelivery.objects.filter(
        status=DigestDelivery.Status.SENDING, claimed_at__lt=now - conf.claim_timeout()
    )
    counts = {}
    for digest_id in stale.values_list("digest_id", flat=True).distinct():
        with transaction.atomic():
            written_off = stale.filter(digest_id=digest_id).update(
                status=DigestDelivery.Status.INTERRUPTED,
                last_error="The sending worker stopped before it could record whether this mail went out.",
            )
            Digest.objects.filter(pk=digest_id).update(failed_count=F("failed_count") + written_off)
        counts[digest_id] = written_off
    return counts


def finish_if_done(*, digest, now):
    """Mark a digest sent once none of its deliveries waits or is in flight."""
    if DigestDelivery.objects.filter(digest=digest, status__in=UNFINISHED).exists():
        return False
    return bool(
        Digest.objects.filter(pk=digest.pk, status=Digest.Status.SENDING).update(
            status=Digest.Status.SENT, finished_at=now
        )
    )


def has_due_deliveries(*, digest, now):
    return DigestDelivery.objects.filter(
        digest=digest, status=DigestDelivery.Status.PENDING, next_attempt_at__lte=now
    ).exists()


def digest_send(*, digest, time_budget=None, clock=time.monotonic):
    """Send due deliveries of a digest batch by batch until none is due, the server fails, or time is up.

    Returns (mails accepted, whether due deliveries remain for a continuation task).
    """
    budget = conf.task_time_budget() if time_budget is None else time_budget
    deadline = clock() + budget
    prepared = PreparedDigest(render_digest(digest), name=site_name())
    accepted = 0
    while True:
        now = timezone.now()
        batch = claim_batch(digest=digest, size=conf.batch_size(), now=now)
        if not batch:
            break
        outcome = send_batch(prepared=prepared, deliveries=batch)
        record(digest=digest, outcome=outcome, now=timezone.now())
        accepted += len(outcome.sent)
        if outcome.server_trouble:
            logger.warning(
                "Digest %s: the mail server failed (%s); will retry later", digest.pk, outcome.server_trouble
            )
            break
        if clock() >= deadline and has_due_deliveries(digest=digest, now=timezone.now()):
            return accepted, True
    if not finish_if_done(digest=digest, now=timezone.now()):
        # No task works on it now: the schedule may queue one as soon as a retry falls due.
        Digest.objects.filter(pk=digest.pk).update(heartbeat_at=None)
    return accepted, False
