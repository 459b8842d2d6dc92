"""What a reader's account holds beyond Django's user: the name shown beside their comments, and which mails about
their comments they want."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReaderProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_profile")
    display_name = models.CharField(
        _("display name"), max_length=60, help_text=_("Shown beside your comments. Plain text, up to 60 characters.")
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)
    # Both off until the reader asks: a mail nobody asked for is spam, whoever sends it.
    reply_emails = models.BooleanField(
        _("email me when someone replies to my comments"), default=False, help_text=_("You can stop it at any time.")
    )
    decision_emails = models.BooleanField(
        _("email me when a moderator publishes or rejects my comment"),
        default=False,
        help_text=_("You can stop it at any time."),
    )

    following_emails = models.BooleanField(
        _("email me a daily round-up of new stories on the topics and by the authors I follow"),
        default=False,
        help_text=_("Only on days with something new. You can stop it at any time."),
    )

    # The reader's own language for those mails; blank (accounts made before it was kept) means the article's.
    mail_language = models.CharField(_("language of our mails to you"), max_length=10, blank=True)
    # When the reader last opened "Replies to your comments": later replies are new to them.
    replies_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The reader asked to delete the account; the worker deletes it then, unless they keep it meanwhile.
    deletion_due_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("reader profile")
        verbose_name_plural = _("reader profiles")

    def __str__(self):
        return self.display_name
