"""Channels the newsroom posts to, and one row per story posted (or to be posted) to each.

A `ChannelPost` is the state of one post: waiting (with the time of its next try), queued for a worker, being
sent, posted, failed or cancelled, with its attempts and the channel's last error. The first publication of an
article makes one automatic post per channel, at most (a unique constraint), and so does each new update of a live
story; "post again" in the admin makes new, manual rows, so the history of every try stays visible.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .adapters import kind_choices
from .error_words import in_editors_words


class Channel(models.Model):
    name = models.CharField(_("name"), max_length=80, help_text=_("For editors, e.g. “Telegram (Russian)”."))
    kind = models.CharField(_("kind"), max_length=20, choices=kind_choices)
    enabled = models.BooleanField(_("post new stories here"), default=True)
    post_live_updates = models.BooleanField(
        _("post live updates"),
        default=True,
        help_text=_("Also post each new update of a live story, as it is published."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Only stories in this language. Empty: every language."),
    )
    endpoint = models.URLField(
        _("address"),
        blank=True,
        help_text=_(
            "Telegram: the Bot API's address (empty: https://api.telegram.org). VK: the API's address (empty: "
            "https://api.vk.com). Mastodon: the account's server, e.g. https://mastodon.social. Webhook: the URL to "
            "post to."
        ),
    )
    destination = models.CharField(
        _("destination"),
        max_length=200,
        blank=True,
        help_text=_(
            "Telegram: the channel's @username or numeric chat id. VK: the community's number (vk.com/club123456: "
            "123456)."
        ),
    )
    # Never shown again once saved (see the admin form); readable by whoever can read the database.
    secret = models.CharField(
        _("token or secret"),
        max_length=500,
        blank=True,
        help_text=_(
            "Telegram: the bot's token. VK: an access token of a community administrator with the wall permission. "
            "Mastodon: the access token of an application made in the account's Preferences → Development, with "
            "write:statuses. Webhook: the key that signs each request."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def takes(self, article):
        return self.enabled and (not self.language or self.language == article.locale.language_code)


class ChannelPost(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being posted")
        POSTED = "posted", _("Posted")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Trigger(models.TextChoices):
        PUBLISH = "publish", _("First publication")
        AGAIN = "again", _("Posted again by an editor")
        UPDATE = "update", _("Live update")

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="posts")
    article = models.ForeignKey(
        "newsroom.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="channel_posts"
    )
    trigger = models.CharField(_("why"), max_length=10, choices=Trigger.choices, default=Trigger.PUBLISH)
    # The live update posted (its block id in the article's live updates); empty for the story itself.
    update_id = models.CharField(_("live update"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # When the post was queued or taken by a worker; a silent one is handed out again after the lease.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    external_id = models.CharField(_("id at the channel"), max_length=100, blank=True)
    external_url = models.URLField(_("link"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("channel post")
        verbose_name_plural = _("channel posts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "article"],
                condition=Q(trigger="publish"),
                name="one_automatic_post_per_channel_and_article",
            ),
            models.UniqueConstraint(
                fields=["channel", "article", "update_id"],
                condition=Q(trigger="update"),
                name="one_post_per_channel_and_live_update",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="channel_post_due"),
            models.Index(fields=["article", "channel"], name="channel_post_article"),
        ]
        permissions = [("post_again", _("Can post a story to channels again"))]

    def __str__(self):
        return f"{self.article} → {self.channel}"

    def get_last_error_display(self):
        """The error in the editor's language (it is stored in the worker's English); Wagtail's inspect page and
        the admin's lists show this."""
        return in_editors_words(self.last_error)
