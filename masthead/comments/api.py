"""JSON endpoints for the article page's script: list a thread, post a comment or reply, like a comment."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from ninja import Router, Schema, Status
from ninja.security import SessionAuth
from pydantic import Field

from masthead.api.errors import ErrorResponse, error_payload
from masthead.api.fields import Integer
from masthead.ids import row_or_none
from masthead.network import client_address
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.privacy import readable
from masthead.pagecache.tags import tag as page_cache_tag
from masthead.refusals import Refused

from . import services
from .models import Comment
from .moderation.pipeline import broken_rules_text
from .selectors import THREAD_ORDERS, comment_thread, thread_cursor

router = Router(tags=["comments"])


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str
    text: str
    status: str
    reasons: list[str]
    created_at: datetime
    edited_at: datetime | None
    featured: bool = Field(False, description="Picked by a moderator as one of the discussion's best.")
    by_newsroom: bool = Field(False, description="Written by one of the newsroom's own people.")
    ignored: bool = Field(False, description="By a reader the viewer ignores: text and name are left out.")
    moderator_note: str = Field("", description="To the author of a rejected comment alone: the moderator's message.")
    likes: int = Field(0, description="How many readers like the comment.")
    liked: bool = Field(False, description="Whether the viewer likes it.")
    replies: list["CommentOut"] = []


CommentOut.model_rebuild()


class ThreadOut(Schema):
    article: int
    count: int
    comments: list[CommentOut]
    next_cursor: str | None = Field(None, description="Pass as `after` for the next page; none after the last.")


class CommentIn(Schema):
    # The length limit is the site's policy (checked by the service); this cap only stops absurd bodies early.
    text: str = Field(max_length=100_000)
    parent: Integer | None = None
    submission_key: str = Field(default="", max_length=64)
    reconsidered: bool = Field(
        False, description="Sent again after the `reconsider` answer: store it as the policy judges it."
    )


class PostedOut(Schema):
    comment: CommentOut
    message: str


def serialise(comment, *, viewer):
    ignored = getattr(comment, "ignored", False)
    visible_text = "" if comment.status == Comment.Status.DELETED or ignored else comment.text
    own = viewer.is_authenticated and comment.author_id == viewer.pk
    profile = getattr(comment.author, "reader_profile", None)
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "author": "" if ignored else profile.display_name if profile else comment.author.get_username().split("@")[0],
        "text": visible_text,
        "status": comment.status,
        "reasons": comment.reasons if own else [],
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "featured": comment.featured_at is not None and comment.status == Comment.Status.PUBLISHED,
        "by_newsroom": getattr(comment, "by_staff", False),
        "ignored": ignored,
        "moderator_note": comment.moderator_note if own and comment.status == Comment.Status.REJECTED else "",
        "likes": comment.like_count if comment.status == Comment.Status.PUBLISHED else 0,
        "liked": getattr(comment, "liked", False),
        "replies": [serialise(reply, viewer=viewer) for reply in getattr(comment, "thread_replies", [])],
    }


def live_article(article_id, request):
    """The published article, or None when there is none or it is private and its restriction does not admit this
    reader (a private story's discussion is as closed as the story)."""
    article = row_or_none(ArticlePage.objects.live(), article_id)
    return article if article is not None and readable(article, request) else None


@router.get(
    "articles/{article_id}/comments",
    response={200: ThreadOut, 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse},
)
def list_comments(request, article_id: int, order: Literal[THREAD_ORDERS] = "oldest", after: str | None = None):
    """A page of the thread: `order` oldest (the default), newest or liked (most liked first); `after` the
    `next_cursor` of the page before. A cursor this site did not give for that order is refused (400), so a client
    that lost its place is told so instead of being handed the first page again as if it were the next."""
    if after and thread_cursor(order, after) is None:
        message = _("This cursor is not one this site gave; start again without it.")
        raise Refused(message, code="invalid_cursor", status=400, field="after")
    article = live_article(article_id, request)
    if article is None:
        return Status(404, error_payload("not_found", _("This article does not exist or is not published.")))
    # Anonymous readers' threads are kept by the page cache until the article's comments change.
    page_cache_tag(request, f"page:{article.pk}")
    thread = comment_thread(article=article, viewer=request.user, order=order, after=after)
    return {
        "article": article.pk,
        "count": article.comment_count,
        "comments": [serialise(c, viewer=request.user) for c in thread["comments"]],
        "next_cursor": thread["next_cursor"],
    }


class CountOut(Schema):
    article: int
    count: int


@router.get("articles/{article_id}/comments/count", response={200: CountOut, 404: ErrorResponse})
def count_comments(request, article_id: int):
    """The number of published comments: what an open article page asks now and then to offer the new ones.

    Kept by the page cache like the thread, so a crowd of open pages costs the database nothing between changes.
    """
    article = live_article(article_id, request)
    if article is None:
        return Status(404, error_payload("not_found", _("This article does not exist or is not published.")))
    page_cache_tag(request, f"page:{article.pk}")
    return {"article": article.pk, "count": article.comment_count}


@router.post(
    "articles/{article_id}/comments",
    auth=SessionAuth(csrf=True),
    response={
        201: PostedOut,
        400: ErrorResponse,
        401: ErrorResponse,
        403: ErrorResponse,
        404: ErrorResponse,
        409: ErrorResponse,
        413: ErrorResponse,
        429: ErrorResponse,
    },
)
def post_comment(request, article_id: int, payload: CommentIn):
    article = live_article(article_id, request)
    parent = row_or_none(Comment.objects.all(), payload.parent)
    if payload.parent is not None and parent is None:
        return Status(
            400,
            error_payload("no_parent", _("The comment you reply to is not there any more."), {"parent": ["missing"]}),
        )
    comment = services.comment_submit(
        article=article,
        author=request.user,
        text=payload.text,
        parent=parent,
        ip_hash=services.ip_hash_for(client_address(request)),
        submission_key=payload.submission_key,
        reconsidered=payload.reconsidered,
    )
    if comment.status == Comment.Status.PUBLISHED:
        message = _("Your comment is published.")
    elif comment.status == Comment.Status.PENDING:
        message = _("Thank you! Your comment is awaiting moderation; only you can see it for now.")
    elif services.policy_for(article).tell_rejected_reason:
        message = " ".join([_("Your comment was rejected."), broken_rules_text(comment.reasons)]).strip()
    else:
        message = _("Your comment was rejected.")
    return Status(201, {"comment": serialise(comment, viewer=request.user), "message": message})


class LikedOut(Schema):
    comment: int
    likes: int
    liked: bool


LIKE_ANSWERS = {200: LikedOut, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse}


def like(request, comment_id, *, liked):
    if is_ratelimited(request, group="comments.like", key="user", rate=services.LIKE_RATE, increment=True):
        raise Ratelimited()
    comment = row_or_none(Comment.objects.all(), comment_id)
    if comment is None:
        return Status(404, error_payload("not_found", _("This comment is not shown any more.")))
    likes = services.comment_like(comment=comment, reader=request.user, liked=liked)
    return {"comment": comment.pk, "likes": likes, "liked": liked}


@router.post("comments/{comment_id}/like", auth=SessionAuth(csrf=True), response=LIKE_ANSWERS)
def like_comment(request, comment_id: int):
    """Like a published comment by someone else; liking it again changes nothing."""
    return like(request, comment_id, liked=True)


@router.delete("comments/{comment_id}/like", auth=SessionAuth(csrf=True), response=LIKE_ANSWERS)
def unlike_comment(request, comment_id: int):
    """Take back a like; taking back one that is not there changes nothing."""
    return like(request, comment_id, liked=False)
