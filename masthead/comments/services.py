"""Writes to comments. Each public function checks first (`check_…` raising CommentRefused), then acts.

Views, the JSON API and the admin all call these, so a rule lives in one place.
"""

import hashlib
import logging
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from masthead.pagecache.invalidation import article_content_changed
from masthead.refusals import Refused
from masthead.retention import forget_address_hashes

from . import second_look
from .models import Comment, CommentLike, CommentReport, CommentRevision, IgnoredAuthor
from .moderation import pipeline
from .policy import CommentPolicy
from .selectors import account_bans, active_bans, is_held, longest_ban

logger = logging.getLogger(__name__)

MAX_DEPTH = 2  # a top comment, a reply, and a reply to the reply


class CommentRefused(Refused):
    """A comment that cannot be taken, with a message for the reader and an HTTP status for the API."""


class CommentUnchanged(CommentRefused):
    """A moderator's step on a comment already as it asks: nothing is changed or logged, and the message says why.

    A refusal, so that nothing downstream takes it for a step done; the bulk actions count it apart, as left as it
    was, rather than among the ones done or those refused.
    """


def ip_hash_for(address):
    """A salted hash of the reader's address: enough to count and ban, never the address itself."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:ip:{address or ''}".encode()).hexdigest()


# Control characters are dropped except line breaks and tabs; format characters (zero-width spaces and joiners,
# bidirectional overrides) are dropped too, as they only serve to hide words from readers and from the checks.
def clean_text(text):
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    kept = [ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}]
    lines = [" ".join(line.split()) for line in "".join(kept).split("\n")]
    # Keep paragraphs, but not runs of empty lines.
    cleaned, blank = [], 0
    for line in lines:
        blank = blank + 1 if not line else 0
        if blank <= 1:
            cleaned.append(line)
    return "\n".join(cleaned).strip()


def policy_for(article):
    """The comment policy of the article's site (kept in memory for a few seconds: see CommentPolicy.current)."""
    url_parts = article.get_url_parts()  # from Wagtail's cached site root paths: no query
    return CommentPolicy.current(site_id=url_parts[0] if url_parts else None)


def comment_mode(*, article, policy, now=None):
    """Open, pre-moderated or closed, for this article now: the article's own mode wins over the site's."""
    now = now or timezone.now()
    mode = article.comment_mode if article.comment_mode != "site" else policy.mode
    published = article.first_published_at
    if mode != CommentPolicy.Mode.CLOSED and policy.close_after_days and published:
        if now - published > timedelta(days=policy.close_after_days):
            return CommentPolicy.Mode.CLOSED
    return mode


def check_can_comment(*, article, author, policy, now, bans=None):
    """Refuse a comment that cannot be taken at all; `bans` are the reader's active bans, when already read."""
    if article is None or not article.live:
        raise CommentRefused(_("This article does not exist or is not published."), code="no_article", status=404)
    if not author.is_authenticated:
        raise CommentRefused(_("Please sign in to comment."), code="login_required", status=401)
    if comment_mode(article=article, policy=policy, now=now) == CommentPolicy.Mode.CLOSED:
        raise CommentRefused(_("Comments on this article are closed."), code="closed", status=403)
    check_not_banned(author=author, bans=bans)


def check_not_banned(*, author, bans=None):
    """Refuse a reader whose account (or address) is banned, telling them why and until when."""
    if bans is None:
        bans = active_bans(user=author)
    # A ban on the account (or its email) is told to the reader; one on a network address alone is the
    # pipeline's "banned" check, which stores the comment as rejected for the moderators to see.
    ban = longest_ban(account_bans(bans, user=author))
    if ban is not None:
        if ban.until:
            until = timezone.localtime(ban.until).strftime("%d.%m.%Y %H:%M")
            message = _("You are blocked from commenting until %(until)s. Reason: %(reason)s") % {
                "until": until,
                "reason": ban.reason,
            }
        else:
            message = _("You are blocked from commenting. Reason: %(reason)s") % {"reason": ban.reason}
        raise CommentRefused(message, code="banned", status=403)


def check_text(text, *, policy):
    cleaned = clean_text(text)
    if not cleaned:
        raise CommentRefused(_("Please write something first."), code="empty", field="text")
    if len(cleaned) > policy.max_length:
        raise CommentRefused(
            _("A comment may be at most %(max)d characters; this one has %(count)d.")
            % {"max": policy.max_length, "count": len(cleaned)},
            code="too_long",
            status=413,
            field="text",
        )
    return cleaned


def check_parent(*, parent, article):
    if parent is None:
        return None
    if parent.article_id != article.pk or parent.status != Comment.Status.PUBLISHED:
        raise CommentRefused(_("The comment you reply to is not there any more."), code="no_parent", field="parent")
    # Threads go two replies deep; a reply to the deepest level joins that level's conversation.
    while parent.depth >= MAX_DEPTH:
        parent = parent.parent
    return parent


def comment_submit(*, article, author, text, ip_hash, parent=None, submission_key="", reconsidered=False, now=None):
    """Run the policy on a new comment and store it with its status and reasons.

    The checks only read, so they run before the write transaction: on SQLite, where a write transaction holds
    the database's one write lock from its start, two posts are checked side by side and only the insert, the
    audit entry and the count wait for each other. The same `submission_key` from the same author returns the
    comment already stored (a double submit), also when both copies race to the insert. A comment the score would
    hold or reject is refused once with the question whether to change it (where the policy asks it), and stored
    when sent again `reconsidered`.
    """
    now = now or timezone.now()
    if article is None or not article.live:
        raise CommentRefused(_("This article does not exist or is not published."), code="no_article", status=404)
    policy = policy_for(article)
    bans = active_bans(user=author, ip_hash=ip_hash) if author.is_authenticated else []
    check_can_comment(article=article, author=author, policy=policy, now=now, bans=bans)
    cleaned = check_text(text, policy=policy)
    parent = check_parent(parent=parent, article=article)
    if submission_key:
        existing = Comment.objects.filter(author=author, submission_key=submission_key).first()
        if existing is not None:
            return existing
    mode = comment_mode(article=article, policy=policy, now=now)
    submission = pipeline.Submission(text=cleaned, author=author, article=article, ip_hash=ip_hash, now=now, bans=bans)
    outcome = pipeline.run(
        submission=submission,
        checks=policy.checks,
        premoderated=mode == CommentPolicy.Mode.PREMODERATED,
        held_reader=is_held(author),
    )
    if outcome.reasons == ["rate_limit"] and outcome.status == Comment.Status.REJECTED:
        # "Not now" is no verdict on the words: refused unstored, so the reader keeps the text to send later, and
        # tries in the meantime do not count against them and lengthen the wait.
        raise CommentRefused(pipeline.REASONS["rate_limit"], code="rate_limit", status=429)
    trust_moderators(outcome, author)
    warned = asks_to_reconsider(outcome, policy)
    if warned and not reconsidered:
        second_look.question_asked(author=author, article=article, now=now)
        ask_to_reconsider(outcome)
    changed_after_warning = (
        not warned and policy_asks_first(policy) and second_look.question_open(author=author, article=article)
    )
    comment = Comment(
        article=article,
        author=author,
        parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        text=cleaned,
        status=outcome.status,
        reasons=outcome.reasons,
        score=outcome.score,
        sent_despite_warning=warned,
        changed_after_warning=changed_after_warning,
        ip_hash=ip_hash,
        submission_key=submission_key,
        created_at=now,
    )
    try:
        with transaction.atomic():
            comment.save()
            logged = {"status": comment.status, "reasons": comment.reasons}
            if warned:
                logged["sent_despite_warning"] = True
            if changed_after_warning:
                logged["changed_after_warning"] = True
            log(comment, "comments.submit", user=author, data=logged)
            if comment.status == Comment.Status.PUBLISHED:
                count_new_published_comment(article_id=article.pk)
                tell_of_reply(comment)
            if comment.status == Comment.Status.PENDING:
                transaction.on_commit(lambda: notify_about(comment_id=comment.pk))
    except IntegrityError:
        # Two copies of one submission raced; the other one won and is the comment.
        return Comment.objects.get(author=author, submission_key=submission_key)
    if warned or changed_after_warning:
        second_look.question_answered(author=author, article=article)
    return comment


def asks_to_reconsider(outcome, policy):
    """Whether the policy asks the writer to think again about this comment: one held or rejected for its score."""
    return "classifier" in outcome.reasons and policy_asks_first(policy)


def policy_asks_first(policy):
    return any(block.block_type == "classifier" and block.value.get("ask_first") for block in policy.checks)


def ask_to_reconsider(outcome):
    """Refuse the comment, once, with the question: the words stay in the form, and sending them again stores the
    comment as the pipeline judged it (`sent_despite_warning`, for the moderator who reads it)."""
    if outcome.status == Comment.Status.REJECTED:
        message = _(
            "Before you send it: to our filter your comment reads as abusive or like spam, and it would be rejected. "
            "You can change it, or send it as it is."
        )
    else:
        message = _(
            "Before you send it: to our filter your comment reads as abusive or like spam, so a moderator would read "
            "it before it appears. You can change it, or send it as it is."
        )
    raise CommentRefused(message, code="reconsider", status=409, field="text")


def trust_moderators(outcome, author):
    """Holds are for readers: a moderator would only approve their own comment, so theirs is not held. Refusals
    still apply. Permissions are read only for a held comment, so a reader's ordinary post pays nothing for this."""
    if outcome.status == Comment.Status.PENDING and author.has_perm("comments.moderate_comment"):
        outcome.status, outcome.reasons = Comment.Status.PUBLISHED, []


def check_can_edit(*, comment, author, policy, now):
    if comment.author_id != author.pk:
        raise CommentRefused(_("You can only edit your own comments."), code="forbidden", status=403)
    if comment.status in {Comment.Status.DELETED, Comment.Status.REJECTED}:
        raise CommentRefused(_("This comment can no longer be edited."), code="not_editable", status=409)
    if now - comment.created_at > timedelta(minutes=policy.edit_window_minutes):
        raise CommentRefused(
            _("Comments can be edited for %(minutes)d minutes after posting.")
            % {"minutes": policy.edit_window_minutes},
            code="edit_window_over",
            status=409,
        )


@transaction.atomic
def comment_edit(*, comment, author, text, now=None):
    """Replace a comment's text, keeping the earlier text, and judge the new words again."""
    now = now or timezone.now()
    policy = policy_for(comment.article)
    check_can_edit(comment=comment, author=author, policy=policy, now=now)
    cleaned = check_text(text, policy=policy)
    if cleaned == comment.text:
        return comment
    CommentRevision.objects.create(comment=comment, text=comment.text, created_at=now)
    submission = pipeline.Submission(
        text=cleaned, author=author, article=comment.article, ip_hash=comment.ip_hash, now=now, editing=True
    )
    outcome = pipeline.run(submission=submission, checks=policy.checks, held_reader=is_held(author))
    # An edit can make a published comment wait again, but never publishes one a moderator has not seen.
    if comment.status == Comment.Status.PENDING and outcome.status == Comment.Status.PUBLISHED:
        outcome.status, outcome.reasons = Comment.Status.PENDING, comment.reasons
    trust_moderators(outcome, author)
    comment.text, comment.edited_at = cleaned, now
    comment.status, comment.reasons, comment.score = outcome.status, outcome.reasons, outcome.score
    comment.save()
    log(comment, "comments.edit", user=author, data={"status": comment.status, "reasons": comment.reasons})
    refresh_comment_count(article_id=comment.article_id)
    return comment


@transaction.atomic
def comment_delete_own(*, comment, author):
    if comment.author_id != author.pk:
        raise CommentRefused(_("You can only delete your own comments."), code="forbidden", status=403)
    comment.status = Comment.Status.DELETED
    comment.save(update_fields=["status"])
    log(comment, "comments.delete_own", user=author)
    refresh_comment_count(article_id=comment.article_id)
    return comment


@transaction.atomic
def comment_report(*, comment, reporter, category=CommentReport.Category.OTHER, reason=""):
    """A reader tells the moderators what is wrong with a published comment; a second report by the same reader
    changes nothing. Returns whether this report is new."""
    if category not in CommentReport.Category.values:
        raise CommentRefused(_("Please choose what is wrong with the comment."), code="no_category", field="category")
    if comment.status != Comment.Status.PUBLISHED:
        raise CommentRefused(_("This comment is not shown any more."), code="not_visible", status=404)
    reason = clean_text(reason)[:300]
    _report, created = CommentReport.objects.get_or_create(
        comment=comment, reporter=reporter, defaults={"category": category, "reason": reason}
    )
    if created:
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        log(comment, "comments.report", user=reporter, data={"category": category, "reason": reason})
    return created


# Likes a reader may give (or take back) in an hour: far above reading and clicking, far below a script's pace.
LIKE_RATE = "300/h"


@transaction.atomic
def comment_like(*, comment, reader, liked=True):
    """A reader likes a published comment (or takes the like back); liking twice counts once.

    Returns the comment's like count after the change. The article's stored pages are not dropped for a like:
    anonymous readers see the new count with the next change to the discussion, or within the page cache's
    lifetime (MASTHEAD_PAGE_CACHE_SECONDS), so a popular thread's likes do not empty the cache.
    """
    if not reader.is_authenticated:
        raise CommentRefused(_("Please sign in to like comments."), code="login_required", status=401)
    if comment.status != Comment.Status.PUBLISHED:
        raise CommentRefused(_("This comment is not shown any more."), code="not_visible", status=404)
    if comment.author_id == reader.pk:
        raise CommentRefused(_("You cannot like your own comment."), code="own_comment", status=409)
    check_not_banned(author=reader)
    if liked:
        _like, changed = CommentLike.objects.get_or_create(comment=comment, reader=reader)
        step = 1
    else:
        changed = CommentLike.objects.filter(comment=comment, reader=reader).delete()[0] > 0
        step = -1
    if changed:
        Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + step)
    return Comment.objects.values_list("like_count", flat=True).get(pk=comment.pk)


@transaction.atomic
def author_comments_erase(*, user):
    """Erase what a reader wrote in the comments, for the deletion of their account: every comment's text and its
    earlier versions, their reasons for reporting others, the first words of each comment that the audit log keeps
    as its label, whom they ignored and what they liked. Threads keep their shape: a comment with replies stays as
    "This comment was deleted", and the moderators' record keeps who decided what and when. Returns how many were
    erased.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    comments = Comment.objects.filter(author=user)
    ids = [str(pk) for pk in comments.values_list("pk", flat=True)]
    shown_on = set(comments.filter(status=Comment.Status.PUBLISHED).values_list("article_id", flat=True))
    CommentRevision.objects.filter(comment__author=user).delete()
    erased = comments.update(
        status=Comment.Status.DELETED, text="", ip_hash="", submission_key="", score=None, moderator_note=""
    )
    entries = ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Comment), object_id__in=ids)
    entries.update(label=ERASED_LABEL)
    # A moderator's note to the author may quote the comment; the reason, written for the newsroom, stays.
    for entry in entries.filter(action="comments.reject", data__has_key="note"):
        entry.data = {key: value for key, value in entry.data.items() if key != "note"}
        entry.save(update_fields=["data"])
    reported = list(CommentReport.objects.filter(reporter=user).values_list("comment_id", flat=True))
    CommentReport.objects.filter(reporter=user).delete()
    ModelLogEntry.objects.filter(user=user, action="comments.report").update(data={})
    for comment_id in reported:  # the queue counts the reports still waiting for a moderator
        waiting = CommentReport.objects.filter(comment_id=comment_id, resolved=False).count()
        Comment.objects.filter(pk=comment_id).update(report_count=waiting)
    IgnoredAuthor.objects.filter(Q(reader=user) | Q(author=user)).delete()
    liked = list(CommentLike.objects.filter(reader=user).values_list("comment_id", flat=True))
    CommentLike.objects.filter(reader=user).delete()
    Comment.objects.filter(pk__in=liked).update(like_count=F("like_count") - 1)  # one like each
    for article_id in shown_on:
        refresh_comment_count(article_id=article_id)
    return erased


def author_ignore(*, reader, author):
    """Stop showing `author`'s comments to `reader` (a placeholder stands in their place, for them only)."""
    from masthead.accounts.selectors import is_newsroom_staff

    if author.pk == reader.pk:
        raise CommentRefused(_("You cannot ignore yourself."), code="ignore_self")
    if is_newsroom_staff(author):
        raise CommentRefused(_("The newsroom's own comments cannot be ignored."), code="ignore_staff")
    IgnoredAuthor.objects.get_or_create(reader=reader, author=author)


def author_unignore(*, reader, author):
    IgnoredAuthor.objects.filter(reader=reader, author=author).delete()


# What the audit log shows in place of an erased comment's first words; stored, so in no particular language.
ERASED_LABEL = "—"


# --- moderators' transitions ------------------------------------------------------------------------------

# Approving a published comment clears the readers' reports on it; with none to clear it changes nothing
# (comment_moderate says so instead of logging a decision).
TRANSITIONS = {
    "approve": ({Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.PUBLISHED}, Comment.Status.PUBLISHED),
    "reject": ({Comment.Status.PENDING, Comment.Status.PUBLISHED}, Comment.Status.REJECTED),
    "delete": ({Comment.Status.PENDING, Comment.Status.PUBLISHED, Comment.Status.REJECTED}, Comment.Status.DELETED),
}


def check_can_moderate(*, moderator):
    if not moderator.has_perm("comments.moderate_comment"):
        raise CommentRefused(_("You may not moderate comments."), code="forbidden", status=403)


MODERATOR_NOTE_MAX_LENGTH = 500


@transaction.atomic
def comment_moderate(*, comment, moderator, action, reason="", note=""):
    """Approve, reject or delete a comment; every step is logged with who, when and why.

    `note`, with a rejection: a message to the author, shown beside the comment to them alone and in the mail about
    the decision. Approving takes an earlier one away.
    """
    check_can_moderate(moderator=moderator)
    allowed_from, target = TRANSITIONS[action]
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status not in allowed_from:
        raise CommentRefused(
            _("A comment that is %(status)s cannot be changed that way.") % {"status": comment.get_status_display()},
            code="invalid_transition",
            status=409,
        )
    check_changes_something(comment=comment, action=action)
    decided = action in {"approve", "reject"} and comment.status != target
    comment.status, comment.moderated_at = target, timezone.now()
    if action == "approve":
        comment.report_count = 0
        CommentReport.objects.filter(comment=comment).update(resolved=True)
    elif "moderator" not in comment.reasons:
        comment.reasons = [*comment.reasons, "moderator"]
    note = clean_text(note)[:MODERATOR_NOTE_MAX_LENGTH] if action == "reject" else ""
    comment.moderator_note = note
    comment.save()
    log(comment, f"comments.{action}", user=moderator, data={"reason": reason, **({"note": note} if note else {})})
    refresh_comment_count(article_id=comment.article_id)
    if target == Comment.Status.PUBLISHED:
        tell_of_reply(comment)
    if decided:  # not when approving a published comment only clears readers' reports
        tell_of_decision(comment, action)
    return comment


def check_changes_something(*, comment, action):
    """Refuse approving a published comment with no readers' reports to clear: it is already as asked."""
    if action != "approve" or comment.status != Comment.Status.PUBLISHED:
        return
    # The count is what puts a comment in the queue; the rows are the reports approving resolves. Either is work.
    if comment.report_count == 0 and not comment.reports.filter(resolved=False).exists():
        raise CommentUnchanged(_("Already published, and no reader's report waits."), code="unchanged", status=409)


@transaction.atomic
def comment_feature(*, comment, moderator, featured=True, reason=""):
    """Pick a published comment as one of the discussion's best (or take it back), logged like every decision.

    Featured comments are shown above the thread; the author is told, if they asked to hear of moderators'
    decisions. Returns the comment. Featuring one already featured, or unfeaturing one that is not, changes and
    logs nothing, and is refused with CommentUnchanged so that no caller reports it as done.
    """
    check_can_moderate(moderator=moderator)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if featured and comment.status != Comment.Status.PUBLISHED:
        raise CommentRefused(_("Only published comments can be featured."), code="not_visible", status=409)
    if (comment.featured_at is not None) == featured:
        message = _("Already featured.") if featured else _("Not featured.")
        raise CommentUnchanged(message, code="unchanged", status=409)
    comment.featured_at = timezone.now() if featured else None
    comment.save(update_fields=["featured_at"])
    log(comment, "comments.feature" if featured else "comments.unfeature", user=moderator, data={"reason": reason})
    article_content_changed(comment.article_id)
    if featured:
        tell_of_decision(comment, "feature")
    return comment


def forget_old_addresses(*, now=None, batch=5000):
    """Erase the address hashes of comments older than MASTHEAD_ADDRESS_RETENTION_DAYS (a periodic job)."""
    return forget_address_hashes(Comment, "ip_hash", now=now, batch=batch)


def count_new_published_comment(*, article_id):
    """One more published comment on the article: an atomic increment inside the writing transaction.

    Concurrent posts each add one, so none is lost; every other change of status recounts (below), which also
    mends the number should it ever drift.
    """
    from masthead.newsroom.models import ArticlePage

    ArticlePage.objects.filter(pk=article_id).update(comment_count=F("comment_count") + 1)
    article_content_changed(article_id)


def refresh_comment_count(*, article_id):
    """Store the article's number of published comments, counted afresh, so lists need no extra query.

    Called inside the writing transaction. The article row is locked first (FOR NO KEY UPDATE, which does not
    conflict with the key-share locks that inserting comments takes), so concurrent posts count one after the
    other, each seeing the others' committed comments; a plain UPDATE ... SET = (SELECT COUNT) would count in
    its own snapshot and let the last writer store a stale number.
    """
    from masthead.newsroom.models import ArticlePage

    with transaction.atomic():  # a savepoint inside the caller's transaction; the lock lasts until it commits
        list(ArticlePage.objects.select_for_update(no_key=True).filter(pk=article_id).values_list("pk", flat=True))
        published = Comment.objects.filter(article_id=article_id, status=Comment.Status.PUBLISHED).count()
        ArticlePage.objects.filter(pk=article_id).update(comment_count=published)
    # The thread and the count in every list that shows the article; after the commit, see pagecache/tags.py.
    article_content_changed(article_id)


def tell_of_reply(comment):
    """Once the transaction that published a reply commits, mail the author of the comment it answers.

    The task reads whether they want such mails and whether they were already told (comments shown again after a
    ban, or approved twice, are told about once), so a reply's POST pays for one queued task and reads nothing.
    """
    if comment.parent_id is None:
        return
    from .tasks import mail_reply_notice

    comment_id = comment.pk
    transaction.on_commit(lambda: mail_reply_notice.enqueue(comment_id=comment_id))


def tell_of_decision(comment, decision):
    """Once the decision commits, mail the comment's author about it, if they asked (read by the task)."""
    from .tasks import mail_decision_notice

    comment_id = comment.pk
    transaction.on_commit(lambda: mail_decision_notice.enqueue(comment_id=comment_id, decision=decision))


def notify_about(*, comment_id):
    """Tell moderators about a comment that waits for them (in the background).

    The task reads the comment itself and skips it if a moderator got there first, so nothing is read here.
    """
    from .tasks import notify_moderators

    notify_moderators.enqueue(comment_id=comment_id)
