"""Writes to reader accounts."""

import logging
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import ReaderProfile
from .selectors import is_newsroom_staff

logger = logging.getLogger(__name__)


def clean_display_name(value):
    """A display name is plain visible text: no control or invisible characters, no empty names."""
    cleaned = "".join(ch for ch in unicodedata.normalize("NFC", value) if unicodedata.category(ch)[0] != "C")
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise ValidationError(_("Please enter a name other readers will see."))
    return cleaned


def reader_profile_save(
    *, user, display_name, reply_emails=None, decision_emails=None, following_emails=None, mail_language=None
):
    """Create or change a reader's profile; a choice left as None stays as it is."""
    defaults = {"display_name": display_name}
    choices = (
        ("reply_emails", reply_emails),
        ("decision_emails", decision_emails),
        ("following_emails", following_emails),
        ("mail_language", mail_language),
    )
    for field, choice in choices:
        if choice is not None:
            defaults[field] = choice
    profile, _created = ReaderProfile.objects.update_or_create(user=user, defaults=defaults)
    return profile


def mails_stop(*, user, kind):
    """Stop one kind of mail to the reader (from the link in such a mail); see tokens.MAIL_KINDS."""
    from .tokens import MAIL_KINDS

    field = MAIL_KINDS[kind]
    return bool(ReaderProfile.objects.filter(user=user, **{field: True}).update(**{field: False}))


def display_name_of(user):
    profile = getattr(user, "reader_profile", None)
    if profile is not None:
        return profile.display_name
    return user.get_full_name() or user.get_username().split("@")[0]


class AccountKept(Exception):
    """An account that cannot delete itself: the newsroom's own staff are removed by an administrator."""


@transaction.atomic
def account_delete(*, user):
    """Delete a reader's account at their request, erasing what identifies them and what they wrote.

    The user row stays, emptied and unable to log in, because comments by others reply to theirs and the
    moderators' record refers to it: a name, an address and a password are erased, not the fact that an account
    existed. A ban on the account or its address is kept, so deleting an account does not lift it.
    """
    from allauth.account.models import EmailAddress

    from masthead.comments.services import author_comments_erase
    from masthead.typos.services import reporter_forget

    if is_newsroom_staff(user):
        raise AccountKept(_("Accounts of the newsroom's staff are removed by an administrator."))
    erased = author_comments_erase(user=user)
    reporter_forget(user=user)
    EmailAddress.objects.filter(user=user).delete()
    ReaderProfile.objects.filter(user=user).delete()
    user.username = f"deleted-{user.pk}"
    user.email = user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    log(user, "accounts.delete", user=user, data={"comments_erased": erased})
    return erased


@transaction.atomic
def account_deletion_request(*, user, now=None):
    """The reader asked to delete their account (with their password): it is deleted MASTHEAD_ACCOUNT_DELETION_HOURS
    later by the worker, unless they keep it meanwhile, and a mail tells them so, in case someone else asked.

    Returns when the account will be deleted, or None when it was deleted at once (the setting is 0).
    """
    if is_newsroom_staff(user):
        raise AccountKept(_("Accounts of the newsroom's staff are removed by an administrator."))
    hours = settings.MASTHEAD_ACCOUNT_DELETION_HOURS
    if not hours:
        account_delete(user=user)
        return None
    due = (now or timezone.now()) + timedelta(hours=hours)
    profile, _created = ReaderProfile.objects.get_or_create(user=user, defaults={"display_name": display_name_of(user)})
    profile.deletion_due_at = due
    profile.save(update_fields=["deletion_due_at"])
    log(user, "accounts.deletion_requested", user=user, data={"due": due.isoformat()})
    from .tasks import mail_deletion_scheduled

    user_id = user.pk
    transaction.on_commit(lambda: mail_deletion_scheduled.enqueue(user_id=user_id))
    return due


def account_deletion_cancel(*, user):
    """The reader keeps the account they asked to delete. Returns whether a deletion was waiting."""
    kept = ReaderProfile.objects.filter(user=user, deletion_due_at__isnull=False).update(deletion_due_at=None) > 0
    if kept:
        log(user, "accounts.deletion_cancelled", user=user, data={})
    return kept


def delete_due_accounts(*, now=None):
    """Delete the accounts whose deletion is due (a periodic job of `masthead worker`). Each is claimed and deleted
    in one transaction, so several workers never delete one twice and a failure leaves it due for the next round.
    Returns how many were deleted."""
    now = now or timezone.now()
    deleted = 0
    due = ReaderProfile.objects.filter(deletion_due_at__lte=now).values_list("user_id", flat=True)
    for user_id in list(due):
        try:
            with transaction.atomic():
                claimed = ReaderProfile.objects.filter(user_id=user_id, deletion_due_at__lte=now)
                if claimed.update(deletion_due_at=None):
                    account_delete(user=get_user_model().objects.get(pk=user_id))
                    deleted += 1
        except AccountKept:
            logger.warning("Account %s became the newsroom's before its deletion was due; kept", user_id)
        except Exception:
            logger.exception("Could not delete account %s; it stays due for the next round", user_id)
    return deleted
