"""Taking a reader's tip (a flood limit per sender, then the tip and its files in one transaction), and the
conversation that may follow: the sender writes again on their tip's page, opened with its key; editors answer."""

import hashlib
import os
import secrets
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from masthead.network import hashed_address
from masthead.refusals import Refused
from masthead.retention import forget_address_hashes

from .files import EXTENSIONS
from .models import Tip, TipFile, TipMessage


class TipRefused(Refused):
    pass


def sender_hash(address):
    return hashed_address(address, purpose="tips")


def check_flood(*, sender, now):
    """A person with a story sends a tip or two; a script sends hundreds. The limit is per sender's address."""
    recent = Tip.objects.filter(sender_hash=sender, created_at__gte=now - timedelta(hours=1)).count()
    if recent >= settings.MASTHEAD_TIPS_PER_HOUR:
        raise TipRefused(
            _("You have sent us %(count)d tips in the last hour, as many as we take; please try again later.")
            % {"count": recent},
            code="too_many",
            status=429,
        )


def safe_name(name):
    """The file's own name, for the editors' download, without any directory part or odd characters."""
    base = os.path.basename(name.replace("\\", "/"))
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    return cleaned[-200:] or "file"


def key_hash(key):
    # The key is 32 random bytes, so a plain hash is enough: there is nothing to guess a key from.
    return hashlib.sha256(key.encode()).hexdigest()


def tip_for_key(key):
    """The tip whose sender holds this key, or None."""
    return Tip.objects.filter(reply_key_hash=key_hash(key)).first() if key else None


def tip_submit(*, text, name="", contact="", files=(), language, reader=None, address, now=None):
    """Store a tip with its files (each given with its sniffed type); returns the tip, with `reply_key`: the key that
    opens the conversation for the sender, which the site does not keep. Editors are told after the commit, when
    anyone is named to be told."""
    now = now or timezone.now()
    sender = sender_hash(address)
    check_flood(sender=sender, now=now)
    reply_key = secrets.token_urlsafe(32)
    with files_removed_unless_stored() as stored, transaction.atomic():
        tip = Tip.objects.create(
            text=text,
            name=name,
            contact=contact,
            language=language,
            reader=reader if reader is not None and reader.is_authenticated else None,
            sender_hash=sender,
            reply_key_hash=key_hash(reply_key),
            created_at=now,
        )
        for upload, kind in files:
            store_file(tip, upload, kind, stored=stored)
    if settings.MASTHEAD_TIPS_NOTIFY:
        transaction.on_commit(lambda: queue_notice(tip_id=tip.pk))
    tip.reply_key = reply_key
    return tip


@contextmanager
def files_removed_unless_stored():
    """Yields the list `store_file` notes the files it writes in; should the database then refuse their rows (the
    transaction inside this block fails), the files leave storage again."""
    stored = []
    try:
        yield stored
    except Exception:
        for stored_file in stored:
            stored_file.storage.delete(stored_file.name)
        raise


def store_file(tip, upload, kind, *, stored, message=None):
    """Write one file to the tips' storage, under a name of ours (a sender's could be anything, including nothing a
    disk takes), then its row; `stored` learns of the file first, so it can be removed if the row is refused."""
    tip_file = TipFile(
        tip=tip, message=message, original_name=safe_name(upload.name), content_type=kind, size=upload.size
    )
    tip_file.file.save(uuid.uuid4().hex + EXTENSIONS[kind], upload, save=False)
    stored.append(tip_file.file)
    tip_file.save()


def queue_notice(*, tip_id, again=False, files=0):
    from .tasks import tell_editors

    tell_editors.enqueue(tip_id=tip_id, again=again, files=files)


DOUBLE_SUBMIT_WINDOW = timedelta(minutes=5)


def check_message_flood(*, tip, now):
    """A source answers a question or adds a detail; more than this an hour is a script or a mistake."""
    recent = tip.messages.filter(from_newsroom=False, created_at__gte=now - timedelta(hours=1)).count()
    if recent >= settings.MASTHEAD_TIPS_MESSAGES_PER_HOUR:
        raise TipRefused(
            ngettext(
                "You have written %(count)d message in the last hour, as many as we take; please try again later.",
                "You have written %(count)d messages in the last hour, as many as we take; please try again later.",
                recent,
            )
            % {"count": recent},
            code="too_many",
            status=429,
        )


def message_from_sender(*, tip, text, files=(), now=None):
    """The sender writes again, with files if they have more to show (each given with its sniffed type): the tip
    waits for the newsroom's answer, and editors are told (never the words). The same words and files sent again
    within minutes (a double click, a resent form) are the message already stored."""
    now = now or timezone.now()
    last = tip.messages.filter(from_newsroom=False).order_by("-created_at", "-pk").first()
    if last is not None and last.text == text and now - last.created_at < DOUBLE_SUBMIT_WINDOW:
        names = sorted(safe_name(upload.name) for upload, _kind in files)
        if sorted(stored.original_name for stored in last.files.all()) == names:
            return last
    check_message_flood(tip=tip, now=now)
    with files_removed_unless_stored() as stored, transaction.atomic():
        message = TipMessage.objects.create(tip=tip, from_newsroom=False, text=text, created_at=now)
        for upload, kind in files:
            store_file(tip, upload, kind, stored=stored, message=message)
        Tip.objects.filter(pk=tip.pk).update(awaiting_answer=True)
    if settings.MASTHEAD_TIPS_NOTIFY:
        transaction.on_commit(lambda: queue_notice(tip_id=tip.pk, again=True, files=len(files)))
    return message


def answer_sender(*, tip, text, user, now=None):
    """An editor answers the sender on the sender's private page, logged under their name; a sender who was signed
    in when they sent the tip gets a mail saying that an answer waits (not the answer)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = TipMessage.objects.create(tip=tip, from_newsroom=True, author=user, text=text, created_at=now)
        Tip.objects.filter(pk=tip.pk).update(awaiting_answer=False)
        log(tip, "tips.answer", user=user)
    if tip.reader_id:
        transaction.on_commit(lambda: queue_answer_notice(message_id=message.pk))
    return message


def queue_answer_notice(*, message_id):
    from .tasks import tell_sender

    tell_sender.enqueue(message_id=message_id)


def forget_old_addresses(*, now=None, batch=5000):
    """Erase the senders' address hashes after MASTHEAD_ADDRESS_RETENTION_DAYS (a periodic job): the flood limit
    looks back an hour."""
    return forget_address_hashes(Tip, "sender_hash", now=now, batch=batch)
