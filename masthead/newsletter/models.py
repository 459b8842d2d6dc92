"""Subscribers, the digests sent to them and one delivery row per digest and address.

A subscriber confirms by mail before anything else is sent (double opt-in). A digest's content is fixed when it is
prepared (the ids of its stories), and every recipient gets a `DigestDelivery` row up front: the unique pair
(digest, subscriber) and the row's status are what make sending resumable without ever mailing one address twice.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class SubscriberQuerySet(models.QuerySet):
    def with_address(self, email):
        """The subscriber with this address, whatever its letter case (served by the unique LOWER index)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.strip().lower())


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")

    email = models.EmailField(_("email"), max_length=254)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation mailed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)
    last_error = models.CharField(_("last mail error"), max_length=500, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="one_subscriber_per_address")]
        indexes = [models.Index(fields=["status", "frequency", "language"], name="subscriber_recipients")]

    def __str__(self):
        return self.email


class Digest(models.Model):
    """One issue of the daily or weekly digest in one language, and how far its sending has got."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        EMPTY = "empty", _("Nothing new: not sent")

    kind = models.CharField(_("kind"), max_length=10, choices=Frequency.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENDING)
    subject = models.CharField(_("subject"), max_length=200)
    # The stories are chosen once, when the digest is prepared, so a resumed send mails the same issue.
    new_story_ids = models.JSONField(default=list, editable=False)
    most_read_ids = models.JSONField(default=list, editable=False)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_count = models.PositiveIntegerField(_("sent"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    created_at = models.DateTimeField(_("prepared"), default=timezone.now)
    # Written by the sending task after every batch; a digest whose heartbeat stopped gets a new task.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-period_start", "kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language", "period_start"], name="one_digest_per_period")
        ]

    def __str__(self):
        return self.subject

    @property
    def story_count(self):
        return len(self.new_story_ids) + len(self.most_read_ids)

    @property
    def progress_percent(self):
        if not self.recipients:
            return 100
        return int(100 * (self.sent_count + self.failed_count + self.skipped_count) / self.recipients)


class DigestDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Refused by the recipient's server")
        SKIPPED = "skipped", _("Skipped: no longer subscribed")
        INTERRUPTED = "interrupted", _("Interrupted: may or may not have arrived")

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(fields=["digest", "subscriber"], name="one_delivery_per_digest_and_address")
        ]
        indexes = [models.Index(fields=["digest", "status", "next_attempt_at"], name="delivery_due")]

    def __str__(self):
        return f"{self.digest} → {self.subscriber}"
