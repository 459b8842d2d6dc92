"""A reader's standing with the moderators: bans, which stop them commenting, and holds, which send every comment
of theirs to the queue. Each step is checked for the moderator's permission and written to the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import get_active_log_context, log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from .models import Ban, Comment, HeldReader
from .services import CommentRefused, check_can_moderate, clean_text, refresh_comment_count, tell_of_reply


@transaction.atomic
def reader_hold(*, user, moderator, reason="", until=None):
    """Hold every comment of this reader, new or edited, for a moderator, until `until` (for good if None).

    Milder than a ban: the reader still comments, and sees "awaiting moderation" as anyone held does. Holding a
    reader already held replaces the reason and the end.
    """
    check_can_moderate(moderator=moderator)
    refusal = hold_refusal(user=user, moderator=moderator)
    if refusal is not None:
        raise refusal
    reason = clean_text(reason)[:300]
    hold, _created = HeldReader.objects.update_or_create(
        user=user, defaults={"reason": reason, "until": until, "created_by": moderator, "created_at": timezone.now()}
    )
    log(
        user,
        "comments.hold_reader",
        user=moderator,
        data={"reason": reason, "until": until.isoformat() if until else None},
    )
    return hold


def hold_refusal(*, user, moderator):
    """Why this moderator may not hold this account's comments, or None: the record says so instead of the form."""
    if is_newsroom_member(user=user, moderator=moderator):
        # A moderator's comments would not wait anyway (services.trust_moderators), and the newsroom's accounts
        # are managed by an administrator, not from the comment queue.
        return CommentRefused(
            _("Members of the newsroom cannot be held for review from the comment queue."), code="newsroom_member"
        )
    return None


@transaction.atomic
def reader_release(*, user, moderator):
    """Stop holding the reader's comments; the ones already waiting stay in the queue for a moderator."""
    check_can_moderate(moderator=moderator)
    released = HeldReader.objects.filter(user=user).delete()[0] > 0
    if released:
        log(user, "comments.release_reader", user=moderator, data={})
    return released


def is_newsroom_member(*, user, moderator):
    """The moderator themself, or an account with access to the admin: not a reader the queue decides about."""
    return user.pk == moderator.pk or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def ban_refusal(*, user, moderator):
    """Why this moderator may not ban this account now, or None: the form says so before anyone fills it in."""
    if is_newsroom_member(user=user, moderator=moderator):
        # The newsroom's own accounts are managed by an administrator, not from the comment queue.
        return CommentRefused(
            _("Members of the newsroom cannot be banned from the comment queue."), code="newsroom_member"
        )
    active = Ban.objects.active().filter(user=user)
    current = active.filter(until__isnull=True).first() or active.order_by("-until").first()
    if current is None:
        return None
    if current.until is None:
        message = _("This reader is already banned for good: lift that ban on their record first.")
    else:
        until = date_format(timezone.localtime(current.until), "SHORT_DATETIME_FORMAT")
        message = _("This reader is already banned (until %(until)s): lift that ban on their record first.") % {
            "until": until
        }
    return CommentRefused(message, code="already_banned")


@transaction.atomic
def ban_create(*, user, moderator, reason, until=None, hide_comments=False, ip_hash=""):
    """Ban an account (and its email); with `ip_hash`, also its network address, which blocks everyone there."""
    check_can_moderate(moderator=moderator)
    refusal = ban_refusal(user=user, moderator=moderator)
    if refusal is not None:
        raise refusal
    if not reason.strip():
        raise CommentRefused(_("Say why the reader is banned: they will see it."), code="no_reason", field="reason")
    ban = Ban.objects.create(
        user=user,
        email=user.email or "",
        ip_hash=ip_hash,
        reason=reason.strip(),
        until=until,
        hide_comments=hide_comments,
        created_by=moderator,
    )
    if hide_comments:
        ban_hide_comments(ban=ban, moderator=moderator)
    log(
        user, "comments.ban", user=moderator, data={"reason": ban.reason, "until": until.isoformat() if until else None}
    )
    return ban


def ban_hide_comments(*, ban, moderator):
    """Hide the banned reader's published comments and reject those still waiting for a moderator, logging each
    with the ban's reason, as lifting the ban logs each comment it shows again.

    A waiting comment is rejected for good rather than hidden by the ban: it was never shown, and lifting the ban
    with "show the comments it hid again" would publish words no moderator has read. A moderator can still approve
    it by hand. One read, two writes and one insert into the log, whatever the number of comments.
    """
    comments = list(
        ban.user.comments.select_for_update().filter(status__in=[Comment.Status.PUBLISHED, Comment.Status.PENDING])
    )
    published = [comment for comment in comments if comment.status == Comment.Status.PUBLISHED]
    waiting = [comment for comment in comments if comment.status == Comment.Status.PENDING]
    Comment.objects.filter(pk__in=[comment.pk for comment in published]).update(
        status=Comment.Status.REJECTED, hidden_by_ban=ban
    )
    now = timezone.now()
    for comment in waiting:
        comment.status, comment.moderated_at = Comment.Status.REJECTED, now
        comment.reasons = [*comment.reasons, "banned"]  # readers and moderators are told why, as for a new one
    Comment.objects.bulk_update(waiting, ["status", "moderated_at", "reasons"])
    log_each(published, "comments.hide", user=moderator, data={"reason": ban.reason})
    log_each(waiting, "comments.reject", user=moderator, data={"reason": ban.reason})
    for article_id in {comment.article_id for comment in published}:
        refresh_comment_count(article_id=article_id)


@transaction.atomic
def ban_lift(*, ban, moderator, show_hidden_comments=False):
    """End the ban now; with `show_hidden_comments`, publish again the comments it hid that nobody has judged
    since (a moderator may have approved or deleted some meanwhile). Returns how many were shown again."""
    check_can_moderate(moderator=moderator)
    ban.lifted_at = timezone.now()
    ban.save(update_fields=["lifted_at"])
    shown = []
    if show_hidden_comments:
        shown = list(ban.hidden_comments.select_for_update().filter(status=Comment.Status.REJECTED))
        Comment.objects.filter(pk__in=[comment.pk for comment in shown]).update(
            status=Comment.Status.PUBLISHED, hidden_by_ban=None
        )
        log_each(shown, "comments.show_again", user=moderator, data={"reason": ban.reason})
        for comment in shown:
            tell_of_reply(comment)
        for article_id in {comment.article_id for comment in shown}:
            refresh_comment_count(article_id=article_id)
    if ban.user_id:
        log(ban.user, "comments.unban", user=moderator, data={"reason": ban.reason, "comments_shown": len(shown)})
    return len(shown)


def log_each(comments, action, *, user, data):
    """An audit log entry for each comment, as `log` writes one, all in one insert.

    `log` checks that each entry's content type and user exist with two reads before its insert: for a ban on a
    reader with thousands of comments, thousands of reads that tell nothing new.
    """
    if not comments:
        return
    if not log_registry.action_exists(action):
        raise ValueError(f"The log action {action!r} is not registered.")
    content_type = ContentType.objects.get_for_model(Comment)
    uuid, now = get_active_log_context().uuid, timezone.now()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(comment.pk),
            label=ModelLogEntry.objects.get_instance_title(comment),
            action=action,
            data=data,
            user=user,
            uuid=uuid,
            timestamp=now,
        )
        for comment in comments
    )
