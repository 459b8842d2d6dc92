"""Reads of comments: threads, counts, bans, a reader's own comments."""

import re
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from masthead.accounts.selectors import newsroom_staff_ids
from masthead.ids import MAX_ID
from masthead.site_time import local_midnight, site_date

from .models import Ban, Comment, CommentLike, HeldReader, IgnoredAuthor, SecondLook


def active_bans(*, user, ip_hash=""):
    """Every ban that stops this reader now: on their account, their email or their address (one query)."""
    match = Q(user=user)
    if getattr(user, "email", ""):
        match |= Q(email__iexact=user.email)
    if ip_hash:
        match |= Q(ip_hash=ip_hash)
    return list(Ban.objects.active().filter(match))


def longest_ban(bans):
    """The ban that ends last (a ban for good ends never)."""
    return max(bans, key=lambda ban: (ban.until is None, ban.until), default=None)


def active_ban(*, user, ip_hash=""):
    """The ban that stops this reader now, if any: on their account, their email or their address."""
    return longest_ban(active_bans(user=user, ip_hash=ip_hash))


def account_bans(bans, *, user):
    """The bans among `bans` that name the account or its email, as opposed to only its network address."""
    email = (getattr(user, "email", "") or "").lower()
    return [ban for ban in bans if ban.user_id == user.pk or (email and ban.email.lower() == email)]


def visible_to(viewer):
    """Published comments, plus the viewer's own ones that wait or were rejected (only they see those)."""
    visible = Q(status=Comment.Status.PUBLISHED)
    if viewer is not None and viewer.is_authenticated:
        visible |= Q(author=viewer, status__in=[Comment.Status.PENDING, Comment.Status.REJECTED])
    return visible


# How a thread's top comments can be ordered; replies always follow their comment oldest first.
THREAD_ORDERS = ("oldest", "newest", "liked")
# ASCII digits only, no longer than a row id: str.isdigit() also takes "²", which int() refuses, and "\d" takes "٣".
ID_CURSOR = re.compile(r"([0-9]{1,19})")
LIKED_CURSOR = re.compile(r"([0-9]{1,19})\.([0-9]{1,19})")


def thread_cursor(order, text):
    """Where the next page of top comments starts, as links and the JSON API carry it: the last comment's id, or
    in the most-liked order its likes and id ("12.3456"). Anything else reads as the first page."""
    pattern = LIKED_CURSOR if order == "liked" else ID_CURSOR
    match = pattern.fullmatch(text or "")
    if match is None:
        return None
    numbers = tuple(int(number) for number in match.groups())
    return numbers if all(number <= MAX_ID for number in numbers) else None


def comment_thread(*, article, viewer, order="oldest", limit=50, after=None, with_previous=False):
    """Top-level comments of an article with all their replies, in three queries whatever the thread's size
    (the third finds which authors belong to the newsroom, for the badge beside their names); for a logged-in
    viewer a fourth, the readers they ignore, whose comments are marked `ignored`, and a fifth if any comment shown
    has likes: which of them the viewer liked (`liked`).

    `order` is one of THREAD_ORDERS (most liked: ties oldest first). `after`, a cursor from `next_cursor`, pages
    through top-level comments by keyset, which stays fast on threads of any length; `with_previous` adds the
    cursor of the page before (one more query, past the first page only).
    """
    order = order if order in THREAD_ORDERS else "oldest"
    base = (
        Comment.objects.filter(article=article)
        .filter(visible_to(viewer) | Q(status=Comment.Status.DELETED))
        .select_related("author__reader_profile")
    )
    roots = base.filter(parent__isnull=True)
    cursor = thread_cursor(order, after)
    if order == "liked":
        if cursor:
            likes, last = cursor
            roots = roots.filter(Q(like_count__lt=likes) | Q(like_count=likes, pk__gt=last))
        roots = roots.order_by("-like_count", "pk")
    elif order == "newest":
        roots = (roots.filter(pk__lt=cursor[0]) if cursor else roots).order_by("-pk")
    else:
        roots = (roots.filter(pk__gt=cursor[0]) if cursor else roots).order_by("pk")
    roots = list(roots[: limit + 1])
    has_more = len(roots) > limit
    roots = roots[:limit]
    next_cursor = None
    if has_more:
        last = roots[-1]
        next_cursor = f"{last.like_count}.{last.pk}" if order == "liked" else str(last.pk)
    previous_cursor = (
        previous_page_cursor(roots_before(base.filter(parent__isnull=True), order, cursor), limit)
        if with_previous
        else None
    )
    replies = list(base.filter(root_id__in=[root.pk for root in roots]).order_by("pk")) if roots else []
    children = {}
    # Newest first, so a reply's own replies are sorted out before it: a deleted comment keeps its place only while
    # replies hang from it. Without them it is gone for everyone; it may never have been shown (held or rejected).
    for reply in reversed(replies):
        if reply.status != Comment.Status.DELETED or reply.pk in children:
            children.setdefault(reply.parent_id, []).insert(0, reply)
    replies = [reply for replies_of_one in children.values() for reply in replies_of_one]
    staff = newsroom_staff_ids([comment.author_id for comment in roots + replies])
    ignored = ignored_author_ids(viewer) if roots else set()
    liked = liked_comment_ids(viewer, [comment.pk for comment in roots + replies if comment.like_count])
    for comment in roots + replies:
        comment.thread_replies = children.get(comment.pk, [])
        comment.by_staff = comment.author_id in staff
        comment.ignored = comment.author_id in ignored
        comment.liked = comment.pk in liked
    roots = [root for root in roots if root.status != Comment.Status.DELETED or root.thread_replies]
    return {
        "comments": roots,
        "has_more": has_more,
        "next_cursor": next_cursor,
        "ignored": ignored,
        "order": order,  # as read: an unknown order is the oldest first
        "paged": cursor is not None,  # past the first page
        # The page before this one: "" for the first page, None where none comes before (the first page itself, or
        # the most-liked order, whose likes change under the reader). A comment's link opens the page its thread
        # starts, and the reader goes back from there a page at a time, not only to the very first page.
        "previous_cursor": previous_cursor,
    }


def roots_before(roots, order, cursor):
    """The top comments shown on pages before the one starting at `cursor`, nearest first (None: no such pages)."""
    if cursor is None or order == "liked":
        return None
    if order == "newest":
        return roots.filter(pk__gte=cursor[0]).order_by("pk")
    return roots.filter(pk__lte=cursor[0]).order_by("-pk")


def previous_page_cursor(roots_before, limit):
    """The cursor of the page of `limit` top comments just before these; one query reading limit + 1 ids."""
    if roots_before is None:
        return None
    ids = list(roots_before.values_list("pk", flat=True)[: limit + 1])
    if not ids:
        return None
    return str(ids[limit]) if len(ids) > limit else ""


def ignored_author_ids(viewer):
    """The readers whose comments this viewer chose not to see (none for anonymous readers: no query)."""
    if viewer is None or not viewer.is_authenticated:
        return set()
    return set(IgnoredAuthor.objects.filter(reader=viewer).values_list("author_id", flat=True))


def is_held(reader):
    """Whether a moderator holds this reader's comments for review (one small query)."""
    return HeldReader.objects.active().filter(user=reader).exists()


def liked_comment_ids(viewer, comment_ids):
    """Which of these comments the viewer liked (no query for anonymous readers, nor when none has a like)."""
    if not comment_ids or viewer is None or not viewer.is_authenticated:
        return set()
    likes = CommentLike.objects.filter(reader=viewer, comment_id__in=comment_ids)
    return set(likes.values_list("comment_id", flat=True))


def ignored_authors(*, reader):
    return IgnoredAuthor.objects.filter(reader=reader).select_related("author__reader_profile").order_by("-created_at")


def featured_comments(*, article, limit=5):
    """The published comments moderators picked from this discussion, the latest pick first (one query)."""
    featured = list(
        Comment.objects.filter(article=article, status=Comment.Status.PUBLISHED, featured_at__isnull=False)
        .select_related("author__reader_profile")
        .order_by("-featured_at")[:limit]
    )
    for comment in featured:
        comment.article = article  # their links point into this article: no query for it
    return featured


def replies_to(*, reader):
    """Published replies by others to the reader's comments, newest first, leaving out readers they ignore."""
    return (
        Comment.objects.filter(parent__author=reader, status=Comment.Status.PUBLISHED)
        .exclude(author=reader)
        .exclude(author__in=IgnoredAuthor.objects.filter(reader=reader).values("author"))
        .select_related("author__reader_profile", "article", "parent")
        .order_by("-created_at", "-pk")
    )


def reader_comments(*, user):
    return (
        Comment.objects.filter(author=user)
        .exclude(status=Comment.Status.DELETED)
        .select_related("article")
        .order_by("-created_at")
    )


# What waits for a moderator: comments held by the pipeline, and published ones that readers reported.
HELD = Q(status=Comment.Status.PENDING)
REPORTED = Q(status=Comment.Status.PUBLISHED, report_count__gt=0)


def moderation_queue():
    """Comments a moderator should look at: held ones and published ones that readers reported."""
    return Comment.objects.filter(HELD | REPORTED).order_by("created_at")


def queue_counts():
    """{"held": n, "reported": n}: what waits for a moderator, each count from its own index."""
    return {"held": Comment.objects.filter(HELD).count(), "reported": Comment.objects.filter(REPORTED).count()}


def reader_record(*, user, limit=200):
    """One account's standing for moderators: its comments by status, its bans and its audit trail, newest first.

    The trail joins two kinds of log entries: those about the reader's comments (posted, judged, edited,
    reported, approved...) and those about the account itself (banned, ban lifted, held for review). Five queries
    in all.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Count
    from django.db.models.functions import Cast
    from wagtail.models import ModelLogEntry

    # Log entries keep object ids as text; PostgreSQL will not compare text with numbers unasked.
    comment_ids = Comment.objects.filter(author=user).annotate(key=Cast("pk", CharField())).values("key")
    about_comments = Q(content_type=ContentType.objects.get_for_model(Comment), object_id__in=comment_ids)
    about_account = Q(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk))
    log = list(
        ModelLogEntry.objects.filter(about_comments | about_account)
        .select_related("user")
        .order_by("-timestamp")[:limit]
    )
    by_status = dict(Comment.objects.filter(author=user).values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "comments": list(Comment.objects.filter(author=user).select_related("article").order_by("-created_at")[:50]),
        "by_status": [(label, by_status.get(value, 0)) for value, label in Comment.Status.choices],
        "bans": list(Ban.objects.filter(Q(user=user) | Q(email__iexact=user.email or "-")).order_by("-created_at")),
        "hold": HeldReader.objects.active().filter(user=user).select_related("created_by").first(),
        "log": log,
    }


def comment_log(comment, *, limit=100):
    """What happened to one comment, newest first: posted and judged, edited, reported, decided on (one query)."""
    from wagtail.models import ModelLogEntry

    return list(ModelLogEntry.objects.for_instance(comment).select_related("user").order_by("-timestamp")[:limit])


SECOND_LOOK_DAYS = 30


def second_look_summary(*, days=SECOND_LOOK_DAYS, now=None):
    """Over the last `days` days (today included, in the site's time zone): how many comments the score would hold
    or reject their writers were asked to look again at, how many were sent as they were, how many changed, and how
    many not sent. Two queries."""
    now = now or timezone.now()
    since = site_date(now) - timedelta(days=days - 1)
    asked = SecondLook.objects.filter(day__gte=since).aggregate(total=Sum("asked"))["total"] or 0
    start = local_midnight(since)
    answers = Q(sent_despite_warning=True) | Q(changed_after_warning=True)
    answered = Comment.objects.filter(answers, created_at__gte=start).aggregate(
        sent_anyway=Count("pk", filter=Q(sent_despite_warning=True)),
        changed=Count("pk", filter=Q(changed_after_warning=True)),
    )
    # A question asked just before the window may be answered inside it, so the rest is never below nought.
    not_sent = max(asked - answered["sent_anyway"] - answered["changed"], 0)
    return {"days": days, "asked": asked, **answered, "not_sent": not_sent}
