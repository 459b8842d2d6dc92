"""Writes to reader accounts."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ReaderProfile


def clean_display_name(value):
    """A display name is plain visible text: no control or invisible characters, no empty names."""
    cleaned = "".join(ch for ch in unicodedata.normalize("NFC", value) if unicodedata.category(ch)[0] != "C")
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise ValidationError(_("Please enter a name other readers will see."))
    return cleaned


def reader_profile_save(*, user, display_name, reply_emails=None):
    """Create or change a reader's profile; `reply_emails` left as None keeps the reader's choice as it is."""
    defaults = {"display_name": display_name}
    if reply_emails is not None:
        defaults["reply_emails"] = reply_emails
    profile, _created = ReaderProfile.objects.update_or_create(user=user, defaults=defaults)
    return profile


def reply_emails_stop(*, user):
    """Stop mailing the reader about replies (from the link in such a mail). Returns whether anything changed."""
    return bool(ReaderProfile.objects.filter(user=user, reply_emails=True).update(reply_emails=False))


def display_name_of(user):
    profile = getattr(user, "reader_profile", None)
    if profile is not None:
        return profile.display_name
    return user.get_full_name() or user.get_username().split("@")[0]
