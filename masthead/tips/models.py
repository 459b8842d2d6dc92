from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def tip_storage():
    # Never the public media storage: a source's files are for the newsroom's eyes only (settings: STORAGES["tips"]).
    return storages["tips"]


class Tip(models.Model):
    """A reader's tip: what they saw or know, how to reach them if they wish, and files they attached."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CHECKING = "checking", _("Being checked")
        USED = "used", _("Used in a story")
        DECLINED = "declined", _("Declined")
        SPAM = "spam", _("Spam")

    text = models.TextField(_("tip"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    contact = models.CharField(
        _("how to reach them"), max_length=200, blank=True, help_text=_("An email address, a phone or a messenger.")
    )
    language = models.CharField(_("language"), max_length=10)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A keyed hash of the sender's address for the flood limit, erased after MASTHEAD_ADDRESS_RETENTION_DAYS.
    sender_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editor_note = models.TextField(_("editors' note"), blank=True, help_text=_("Seen by editors only."))
    # The sender's way back to the conversation: a SHA-256 of the random key in their address (the key itself is
    # shown to them once; whoever holds it reads the conversation, so the site keeps no copy it could leak).
    reply_key_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    awaiting_answer = models.BooleanField(
        _("the sender waits for an answer"),
        default=False,
        help_text=_("The sender wrote again since the newsroom last answered."),
    )

    class Meta:
        verbose_name = _("reader tip")
        verbose_name_plural = _("reader tips")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="tip_queue")]

    def __str__(self):
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first_line[:80]

    def own_files(self):
        """The files sent with the tip itself; those sent later belong to their messages. Reads `files` as loaded,
        so a prefetch serves it."""
        return [stored for stored in self.files.all() if stored.message_id is None]


class TipFile(models.Model):
    """A file sent with a tip, or later with one of the sender's messages about it, kept as it was sent (pictures
    keep their metadata, which helps to verify them)."""

    tip = models.ForeignKey(Tip, verbose_name=_("tip"), on_delete=models.CASCADE, related_name="files")
    message = models.ForeignKey(
        "TipMessage",
        verbose_name=_("sent with the message"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("file"), storage=tip_storage, upload_to="%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.original_name


class TipMessage(models.Model):
    """One message of the conversation between the newsroom and the tip's sender, after the tip itself."""

    tip = models.ForeignKey(Tip, verbose_name=_("tip"), on_delete=models.CASCADE, related_name="messages")
    from_newsroom = models.BooleanField(_("from the newsroom"))
    # Who answered for the newsroom; the sender is never named here (the tip says what they chose to say).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message about a tip")
        verbose_name_plural = _("messages about tips")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["tip", "created_at"], name="tip_conversation")]

    def __str__(self):
        return self.text[:80]
