"""Typo reports from readers, the readers behind each one, and the corrections editors publish.

A report is one place in one article: the selected text, the text around it and where it sits (headline, lead,
or a body block and a character offset in that block's text). Readers who select the same text in the same
context while the report is open are counted on that report instead of adding rows, and each of them is kept as
a `TypoReporter` so they can be told when it is fixed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class TypoReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        FIXED = "fixed", _("Fixed")
        DISMISSED = "dismissed", _("Dismissed")

    class Scope(models.TextChoices):
        HEADLINE = "headline", _("Headline")
        LEAD = "lead", _("Lead")
        BODY = "body", _("Body")
        UPDATES = "updates", _("Live updates")

    article = models.ForeignKey(
        "newsroom.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="typo_reports"
    )
    # The article's live revision when the first reader reported it: what they were reading.
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("revision"), null=True, blank=True, on_delete=models.SET_NULL
    )
    selection = models.CharField(_("selected text"), max_length=300)
    context_before = models.CharField(_("text before"), max_length=200, blank=True)
    context_after = models.CharField(_("text after"), max_length=200, blank=True)
    scope = models.CharField(_("part of the article"), max_length=10, choices=Scope.choices)
    # The StreamField block's id (empty for the headline, the lead, or a selection over several blocks) and the
    # offset of the selection in that block's text as readers see it, whitespace runs counted as one space.
    block_id = models.CharField(_("block"), max_length=64, blank=True)
    offset = models.PositiveIntegerField(_("offset"), default=0)
    suggestion = models.CharField(_("suggested correction"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    # sha256 of the selection and its context: the same text in the same place counts on the open report.
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    count = models.PositiveIntegerField(_("readers"), default=1)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    last_reported_at = models.DateTimeField(_("last reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The revision an applied suggestion created, so the fix can be found in the article's history. Set on an open
    # report, it is a fix saved as a draft: the report closes when that revision (or a later one) is published.
    fix_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The correction written with a fix saved as a draft, kept here until the fix is published: under the old text
    # it would tell readers of a change they cannot see yet.
    waiting_correction = models.TextField(max_length=1000, blank=True, editable=False)
    # When the report went out in an editors' digest; new reports without it are in the next one.
    digested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("typo report")
        verbose_name_plural = _("typo reports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="typo_queue"),
            models.Index(fields=["article", "status"], name="typo_by_article"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], condition=Q(status="new"), name="one_open_report_per_place"
            )
        ]

    def __str__(self):
        return self.selection[:80]

    @property
    def is_open(self):
        return self.status == self.Status.NEW

    @property
    def fix_awaits_publication(self):
        return self.is_open and self.fix_revision_id is not None


class TypoReporter(models.Model):
    """One reader behind a report: their account or an email to tell when it is fixed, and what they said."""

    report = models.ForeignKey(TypoReport, on_delete=models.CASCADE, related_name="reporters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="typo_reports"
    )
    # Kept only until the reader is told; erased then.
    email = models.EmailField(blank=True)
    # A salted hash of the address and browser: tells one reader from another, never stores the address.
    reporter_hash = models.CharField(max_length=64, db_index=True)
    language = models.CharField(max_length=10, blank=True)
    suggestion = models.CharField(max_length=300, blank=True)
    comment = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        # The reporters whose address hash is still kept (services.forget_old_addresses), oldest first.
        indexes = [
            models.Index(fields=["created_at"], name="typo_reporter_address_kept", condition=~Q(reporter_hash=""))
        ]

    def __str__(self):
        return f"{self.report_id}: {self.reporter_hash[:12]}"


class Correction(models.Model):
    """A dated correction of fact shown at the foot of its article and on the site's corrections page."""

    article = models.ForeignKey(
        "newsroom.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(
        _("correction"),
        max_length=1000,
        help_text=_("What was wrong and what is right, as readers will see it under the article."),
    )
    published_at = models.DateTimeField(_("date"), default=timezone.now)
    report = models.ForeignKey(
        TypoReport, verbose_name=_("report"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("article"), FieldPanel("text"), FieldPanel("published_at")]

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["article", "published_at"], name="correction_by_article")]

    def __str__(self):
        return self.text[:80]


@register_setting(icon="warning")
class TypoSettings(BaseSiteSetting):
    """Who hears about typo reports, and whether readers are told when their report is fixed."""

    digest_to_editors = models.BooleanField(
        _("mail the digest to editors"),
        default=True,
        help_text=_("Each editor gets the new reports on the articles they can edit."),
    )
    digest_recipients = models.TextField(
        _("also mail the digest to"),
        blank=True,
        help_text=_("Email addresses, one a line, that get every new report (e.g. the copy desk)."),
    )
    tell_reporters = models.BooleanField(
        _("tell readers when their report is fixed"),
        default=True,
        help_text=_("Readers who were logged in or left an email get one short mail; the email is then erased."),
    )

    panels = [FieldPanel("digest_to_editors"), FieldPanel("digest_recipients"), FieldPanel("tell_reporters")]

    class Meta:
        verbose_name = _("typo reports")

    def extra_recipients(self):
        return [line.strip() for line in self.digest_recipients.replace(",", "\n").splitlines() if line.strip()]
