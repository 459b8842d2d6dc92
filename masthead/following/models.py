from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A topic (any tag) or an author a reader follows. It goes with the account, and with the tag or the author
    page when that is deleted. An author is followed in every edition: their page in one language stands for all."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="follows"
    )
    tag = models.ForeignKey(
        "newsroom.NewsTag", verbose_name=_("topic"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        "newsroom.AuthorPage",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    followed_at = models.DateTimeField(_("followed"), default=timezone.now)

    class Meta:
        verbose_name = _("followed topic or author")
        verbose_name_plural = _("followed topics and authors")
        constraints = [
            models.CheckConstraint(
                condition=Q(tag__isnull=False, author__isnull=True) | Q(tag__isnull=True, author__isnull=False),
                name="follow_one_topic_or_author",
            ),
            models.UniqueConstraint(fields=["reader", "tag"], name="follow_a_topic_once"),
            models.UniqueConstraint(fields=["reader", "author"], name="follow_an_author_once"),
        ]
        indexes = [models.Index(fields=["reader", "-followed_at", "-id"], name="follow_list")]

    def __str__(self):
        return f"{self.reader} → {self.tag_id or self.author_id}"

    @property
    def target(self):
        return self.tag if self.tag_id else self.author


class RoundUp(models.Model):
    """One reader's daily mail of new stories from what they follow: claimed before it is sent, so that of several
    workers only one sends it, and a reader never gets the same day twice, restarts included."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        NOTHING_NEW = "nothing", _("Nothing new: not sent")
        FAILED = "failed", _("Failed")
        # The worker stopped while sending: the mail may or may not have gone, so it is not sent again.
        INTERRUPTED = "interrupted", _("Interrupted: not sent again")

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SENDING)
    stories = models.PositiveIntegerField(_("stories"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("round-up mail")
        verbose_name_plural = _("round-up mails")
        constraints = [models.UniqueConstraint(fields=["reader", "day"], name="one_round_up_per_reader_and_day")]
        indexes = [models.Index(fields=["day", "status"], name="round_up_day_status")]

    def __str__(self):
        return f"{self.reader} {self.day}"


class PrivateFeed(models.Model):
    """A reader's "Your news" as a feed for their feed reader, at an address only they know.

    Feed readers cannot sign in, so the address is the key: a long random token. It opens nothing but the list of
    public stories on what the reader follows. A new address replaces the old, which then finds nothing.
    """

    reader = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="private_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("private feed")
        verbose_name_plural = _("private feeds")

    def __str__(self):
        return f"{self.reader}"
