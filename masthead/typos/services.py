"""Writes for typo reports. Each public function checks first (raising ReportRefused), then acts.

The endpoint, the admin queue and the tasks all call these, so a rule lives in one place.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from masthead.network import hashed_address
from masthead.refusals import Refused
from masthead.retention import forget_address_hashes

from . import conf
from .models import Correction, TypoReport, TypoReporter, TypoSettings
from .places import PlaceRefused, locate, selection_in_article
from .text import clean_context, clean_line


class ReportRefused(Refused):
    """A report or an editor's action that cannot be taken, with a message to show and an HTTP status."""


def reporter_hash_for(*, address, user_agent):
    """Tells one reader from another without keeping their address: an HMAC keyed by the site's secret."""
    return salted_hmac(
        "masthead.typos.reporter", f"{address or ''}\n{user_agent or ''}", algorithm="sha256"
    ).hexdigest()


def address_hash_for(address):
    """The reader's address alone, hashed: the rate limit's key for readers who are not logged in (a browser's
    name is the reader's to change, so it does not make a new reporter for the limit)."""
    return hashed_address(address, purpose="typos")


def fingerprint_for(*, selection, context_before, context_after):
    return hashlib.sha256("\x1f".join([context_before, selection, context_after]).encode()).hexdigest()


# --- readers' reports ----------------------------------------------------------------------------------------


@dataclass
class CleanReport:
    selection: str
    context_before: str
    context_after: str
    suggestion: str
    comment: str
    email: str


def check_report(*, selection, context_before, context_after, scope, block_id, offset, suggestion, comment, email):
    """Clean a reader's input and refuse what is empty, oversized or malformed, field by field."""
    # Raw sizes first, so an absurd value is refused before any work is done on it.
    limits = {
        "selection": (selection, conf.MAX_SELECTION * 4),
        "context_before": (context_before, conf.MAX_CONTEXT * 4),
        "context_after": (context_after, conf.MAX_CONTEXT * 4),
        "suggestion": (suggestion, conf.MAX_SUGGESTION * 4),
        "comment": (comment, conf.MAX_COMMENT * 2),
        "email": (email, conf.MAX_EMAIL),
        "block_id": (block_id, 64),
    }
    for name, (value, limit) in limits.items():
        if len(value or "") > limit:
            raise ReportRefused(
                _("This field may be at most %(max)d characters; this one has %(count)d.")
                % {"max": limit, "count": len(value)},
                code="too_long",
                status=413,
                field=name,
            )
    cleaned = CleanReport(
        selection=clean_line(selection),
        context_before=clean_context(context_before),
        context_after=clean_context(context_after),
        suggestion=clean_line(suggestion),
        comment=clean_line(comment),
        email=(email or "").strip(),
    )
    if not cleaned.selection:
        raise ReportRefused(_("Please select the text with the error first."), code="empty", field="selection")
    for name, value, limit in [
        ("selection", cleaned.selection, conf.MAX_SELECTION),
        ("context_before", cleaned.context_before, conf.MAX_CONTEXT),
        ("context_after", cleaned.context_after, conf.MAX_CONTEXT),
        ("suggestion", cleaned.suggestion, conf.MAX_SUGGESTION),
        ("comment", cleaned.comment, conf.MAX_COMMENT),
    ]:
        if len(value) > limit:
            message = (
                _("Please select a shorter piece of text: at most %(max)d characters.") % {"max": limit}
                if name == "selection"
                else _("This field may be at most %(max)d characters; this one has %(count)d.")
                % {"max": limit, "count": len(value)}
            )
            raise ReportRefused(message, code="too_long", status=413, field=name)
    if scope not in TypoReport.Scope.values:
        raise ReportRefused(
            _("Say which part of the article the text is in: headline, lead, body or live updates."),
            code="no_scope",
            field="scope",
        )
    if offset is None or offset < 0 or offset > 10_000_000:
        raise ReportRefused(_("The position of the text is missing or wrong."), code="bad_offset", field="offset")
    if block_id and not all(ch.isalnum() or ch == "-" for ch in block_id):
        raise ReportRefused(_("The block is not one of this article's."), code="bad_block", field="block_id")
    if cleaned.email:
        try:
            validate_email(cleaned.email)
        except ValidationError as error:
            raise ReportRefused(_("Please enter a valid email address."), code="bad_email", field="email") from error
    return cleaned


@transaction.atomic
def report_submit(
    *,
    article,
    selection,
    scope,
    offset,
    context_before="",
    context_after="",
    block_id="",
    suggestion="",
    comment="",
    email="",
    user=None,
    reporter_hash,
    now=None,
):
    """Store a reader's report, or count them on the open report of the same text in the same context.

    Returns (report, created). A reader who reports the same place twice is counted once.
    """
    now = now or timezone.now()
    if article is None or not article.live:
        raise ReportRefused(_("This article does not exist or is not published."), code="no_article", status=404)
    cleaned = check_report(
        selection=selection,
        context_before=context_before,
        context_after=context_after,
        scope=scope,
        block_id=block_id,
        offset=offset,
        suggestion=suggestion,
        comment=comment,
        email=email,
    )
    if not selection_in_article(article=article, scope=scope, block_id=block_id, selection=cleaned.selection):
        raise ReportRefused(
            _("The selected text is not in this article any more: it may just have been corrected. Please reload."),
            code="not_in_article",
            field="selection",
        )
    user = user if user is not None and user.is_authenticated else None
    reader = TypoReporter(
        user=user,
        email="" if user else cleaned.email,
        reporter_hash=reporter_hash,
        language=article.locale.language_code,
        suggestion=cleaned.suggestion,
        comment=cleaned.comment,
        created_at=now,
    )
    fingerprint = fingerprint_for(
        selection=cleaned.selection, context_before=cleaned.context_before, context_after=cleaned.context_after
    )
    open_reports = TypoReport.objects.select_for_update().filter(
        article=article, fingerprint=fingerprint, status=TypoReport.Status.NEW
    )
    existing = open_reports.first()
    if existing is not None:
        return count_reader(existing, reader=reader, now=now), False
    report = TypoReport(
        article=article,
        revision_id=article.live_revision_id,
        selection=cleaned.selection,
        context_before=cleaned.context_before,
        context_after=cleaned.context_after,
        scope=scope,
        block_id=block_id if scope in (TypoReport.Scope.BODY, TypoReport.Scope.UPDATES) else "",
        offset=offset,
        suggestion=cleaned.suggestion,
        comment=cleaned.comment,
        fingerprint=fingerprint,
        created_at=now,
        last_reported_at=now,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another reader's report of the same place was stored a moment earlier: count this one on it.
        return count_reader(open_reports.get(), reader=reader, now=now), False
    reader.report = report
    reader.save()
    return report, True


def count_reader(report, *, reader, now):
    """Add a reader to an open report, once per reader; what they suggest fills what the report lacks."""
    same_reader = Q(reporter_hash=reader.reporter_hash)
    if reader.user_id:
        same_reader |= Q(user_id=reader.user_id)
    earlier = report.reporters.filter(same_reader).first()
    if earlier is not None:
        if reader.email and not earlier.email and not earlier.notified_at:
            earlier.email = reader.email
            earlier.save(update_fields=["email"])
        return report
    reader.report = report
    reader.save()
    fill = {name: getattr(reader, name) for name in ("suggestion", "comment") if getattr(reader, name)}
    fill = {name: value for name, value in fill.items() if not getattr(report, name)}
    TypoReport.objects.filter(pk=report.pk).update(count=F("count") + 1, last_reported_at=now, **fill)
    # The row is locked (select_for_update) until the transaction ends, so this is the stored count.
    report.count, report.last_reported_at = report.count + 1, now
    for name, value in fill.items():
        setattr(report, name, value)
    return report


# --- editors' actions ------------------------------------------------------------------------------------------


def check_can_handle(*, report, editor):
    """Editors who can edit the article can act on its reports."""
    if not report.article.permissions_for_user(editor).can_edit():
        raise ReportRefused(
            _("You may not edit this article, so you cannot act on its reports."), code="forbidden", status=403
        )


def check_open(report):
    if report.status != TypoReport.Status.NEW:
        raise ReportRefused(
            _("This report is already closed (%(status)s).") % {"status": report.get_status_display()},
            code="closed",
            status=409,
        )


def locked_report(report):
    return TypoReport.objects.select_for_update().select_related("article").get(pk=report.pk)


@transaction.atomic
def report_resolve(*, report, editor, status, correction="", now=None):
    """Mark a report fixed (by hand, e.g. in the editor) or dismiss it; a fix may add a public correction."""
    if status not in {TypoReport.Status.FIXED, TypoReport.Status.DISMISSED}:
        raise ValueError(f"a report is resolved as fixed or dismissed, not {status!r}")
    report = locked_report(report)
    check_can_handle(report=report, editor=editor)
    check_open(report)
    close(report, editor=editor, status=status, now=now or timezone.now())
    if status == TypoReport.Status.FIXED and correction.strip():
        correction_add(article=report.article, text=correction, editor=editor, report=report)
    return report


@dataclass
class Applied:
    report: TypoReport
    revision: object
    published: bool
    reason_not_published: str = ""


@transaction.atomic
def report_apply_suggestion(*, report, editor, replacement=None, correction="", now=None):
    """Make the suggested replacement at exactly the reported place, in a new revision of the article.

    The revision is published when the editor may publish and the article has no other unpublished changes
    (which are not this editor's to publish in passing); otherwise it stays a draft, and the report stays open,
    its correction waiting, until the draft is published (see fixes_published).
    """
    report = locked_report(report)
    check_can_handle(report=report, editor=editor)
    check_open(report)
    replacement = clean_line(report.suggestion if replacement is None else replacement)
    if not replacement:
        raise ReportRefused(_("There is no suggested correction to apply."), code="no_suggestion", status=409)
    if len(replacement) > conf.MAX_SUGGESTION:
        raise ReportRefused(_("The replacement is too long."), code="too_long", status=413)
    article = report.article.specific
    lock = article.get_lock()
    if lock and lock.for_user(editor):
        raise ReportRefused(lock.get_message(editor), code="locked", status=409)
    had_unpublished_changes = article.has_unpublished_changes
    draft = article.get_latest_revision_as_object()
    try:
        place = locate(
            draft, scope=report.scope, block_id=report.block_id, selection=report.selection, offset=report.offset
        )
    except PlaceRefused as refused:
        raise ReportRefused(refused.message, code=refused.code, status=409) from refused
    place.replace(draft, replacement)
    try:
        revision = draft.save_revision(user=editor, log_action=True)
    except ValidationError as error:
        raise ReportRefused(
            _("The article does not validate with this change: %(errors)s") % {"errors": "; ".join(error.messages)},
            code="invalid",
            status=409,
        ) from error
    log(
        draft,
        "typos.apply_suggestion",
        user=editor,
        data={"report": report.pk, "selection": report.selection, "replacement": replacement},
        revision=revision,
    )
    can_publish = article.permissions_for_user(editor).can_publish()
    published = can_publish and not had_unpublished_changes
    if published:
        revision.publish(user=editor)
    reason = ""
    if not can_publish:
        reason = _("You may not publish this article, so the fix is saved as a draft for an editor who can.")
    elif had_unpublished_changes:
        reason = _("The article has other unpublished changes, so the fix is saved with them as a draft.")
    shift_later_reports(report, by=len(replacement) - len(report.selection))
    report.fix_revision = revision
    if published:
        close(report, editor=editor, status=TypoReport.Status.FIXED, now=now or timezone.now())
        if correction.strip():
            correction_add(article=article, text=correction, editor=editor, report=report)
    else:
        # Readers still see the old text: the correction and the "fixed" mail wait for the fix to be published.
        report.waiting_correction = check_correction(article=article, text=correction, editor=editor)
        report.save(update_fields=["fix_revision", "waiting_correction"])
    return Applied(report=report, revision=revision, published=published, reason_not_published=reason)


@transaction.atomic
def fixes_published(*, article, revision, now=None):
    """Close the reports whose fix was saved as a draft, now that `revision` puts it live: each is marked fixed
    by the editor who applied it, its correction goes under the article and its readers are told.

    A fix is live with its own revision or any later one of the article: Wagtail makes each revision from the
    latest draft, so a later one carries the fix along with other edits, and fixes drafted one after another
    close together. Publishing an older revision (a scheduled one, say) closes nothing. The text is not read
    again to check, to keep this simple: an editor who takes the fix back out of the draft (by hand, or by
    reverting to an older revision) and publishes closes the report all the same, as "Mark fixed" would. A draft
    that is never published keeps its reports open with their corrections waiting: applying a report again
    replaces its fix and correction, and closing it by hand drops the correction (the form takes a new one).
    """
    now = now or timezone.now()
    waiting = (
        TypoReport.objects.select_for_update(of=("self",))
        .filter(article_id=article.pk, status=TypoReport.Status.NEW, fix_revision_id__lte=revision.pk)
        .select_related("fix_revision__user")
    )
    closed = []
    for report in waiting:
        editor, correction = report.fix_revision.user, report.waiting_correction
        close(report, editor=editor, status=TypoReport.Status.FIXED, now=now)
        if correction:
            correction_save(article=article, text=correction, editor=editor, report=report, now=now)
        closed.append(report)
    return closed


def shift_later_reports(report, *, by):
    """Other open reports further along the same block (or headline, or lead) keep pointing at their text after
    this fix changed its length, so a second typo in a paragraph can be applied too. Edits made by hand in the
    editor move nothing here: the text those reports point at has then really moved, and applying them is
    refused until an editor looks."""
    if not by:
        return
    TypoReport.objects.filter(
        article_id=report.article_id,
        status=TypoReport.Status.NEW,
        scope=report.scope,
        block_id=report.block_id,
        offset__gte=report.offset + len(report.selection),
    ).exclude(pk=report.pk).update(offset=F("offset") + by)


def close(report, *, editor, status, now):
    report.status, report.resolved_at, report.resolved_by = status, now, editor
    # A correction waiting for a drafted fix is published by fixes_published, which reads it first, or not at all.
    report.waiting_correction = ""
    report.save(update_fields=["status", "resolved_at", "resolved_by", "fix_revision", "waiting_correction"])
    log(report, f"typos.{status}", user=editor, data={"selection": report.selection})
    if status == TypoReport.Status.FIXED:
        report_id = report.pk
        transaction.on_commit(lambda: tell_reporters(report_id=report_id))


def tell_reporters(*, report_id):
    from .tasks import notify_reporters

    notify_reporters.enqueue(report_id=report_id)


def tell_reporters_enabled(article):
    site = article.get_site()
    return site is None or TypoSettings.for_site(site).tell_reporters


# --- corrections -----------------------------------------------------------------------------------------------


@transaction.atomic
def correction_add(*, article, text, editor, report=None, now=None):
    """A dated correction of fact under the article (and on the corrections page)."""
    text = check_correction(article=article, text=text, editor=editor)
    if not text:
        raise ReportRefused(_("Write the correction readers will see."), code="empty", field="correction")
    return correction_save(article=article, text=text, editor=editor, report=report, now=now)


def check_correction(*, article, text, editor):
    """The correction's text, trimmed (empty when none was written), or ReportRefused."""
    text = (text or "").strip()
    if len(text) > conf.MAX_COMMENT:
        raise ReportRefused(
            _("A correction may be at most %(max)d characters.") % {"max": conf.MAX_COMMENT},
            code="too_long",
            status=413,
            field="correction",
        )
    if text and not article.permissions_for_user(editor).can_edit():
        raise ReportRefused(_("You may not edit this article."), code="forbidden", status=403)
    return text


def correction_save(*, article, text, editor, report=None, now=None):
    """Store a checked correction. Publishing a drafted fix saves its correction without checking the editor's
    rights again: they were checked when it was written, and a refusal now would stop the publishing."""
    correction = Correction.objects.create(
        article=article, text=text, report=report, created_by=editor, published_at=now or timezone.now()
    )
    log(article.specific, "typos.correction", user=editor, data={"text": text})
    return correction


def reporter_forget(*, user):
    """Unlink a reader's typo reports from their account, for its deletion. The reports stay: they are about the
    article's text, and the editors may still need them; the address kept to tell the reader of a fix goes, and so
    does the hash of their network address."""
    return TypoReporter.objects.filter(user=user).update(user=None, email="", reporter_hash="")


def forget_old_addresses(*, now=None, batch=5000):
    """Erase the address hashes of typo reporters older than MASTHEAD_ADDRESS_RETENTION_DAYS (a periodic job): they
    only tell one reader from another on a report still open."""
    return forget_address_hashes(TypoReporter, "reporter_hash", now=now, batch=batch)
