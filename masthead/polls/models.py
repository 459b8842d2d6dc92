"""A poll editors place in articles (a body block), its answers with their running counts, and each vote.

Counts live on the answers, moved in the same transaction as the vote row, so results cost one query however
many voted. A vote keeps who cast it only as far as one vote each needs: the account (emptied when the account
is deleted, the vote still counting) or a hash of the random token a browser was given when it first voted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class Poll(ClusterableModel):
    class Voters(models.TextChoices):
        ANYONE = "anyone", _("Anyone: one vote per browser")
        READERS = "readers", _("Signed-in readers: one vote per account")

    question = models.CharField(_("question"), max_length=200)
    voters = models.CharField(_("who may vote"), max_length=10, choices=Voters.choices, default=Voters.ANYONE)
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("Empty: open until you close it by setting a time.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    panels = [
        FieldPanel("question"),
        InlinePanel("options", label=_("Answer"), min_num=2, max_num=10),
        FieldPanel("voters"),
        FieldPanel("closes_at"),
    ]

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.question

    def is_open(self, now=None):
        return self.closes_at is None or (now or timezone.now()) < self.closes_at


class PollOption(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("answer"), max_length=120)
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return self.text


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="votes")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="poll_votes",
    )
    # The SHA-256 of the browser's voter token, for votes cast without an account.
    browser = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("voted"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "reader"], condition=Q(reader__isnull=False), name="one_vote_per_reader"
            ),
            models.UniqueConstraint(fields=["poll", "browser"], condition=~Q(browser=""), name="one_vote_per_browser"),
        ]

    def __str__(self):
        return f"{self.poll_id}: {self.option_id}"
