"""Saving stories from the page's JavaScript: the same as the form, answered in JSON."""

from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from masthead.api.errors import ErrorResponse, error_payload
from masthead.ids import row_or_none
from masthead.newsroom.models import ArticlePage

from . import services
from .views import SAVE_RATE

router = Router(tags=["saved stories"])


class SavedOut(Schema):
    article: int
    saved: bool
    count: int


ANSWERS = {200: SavedOut, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse}


def change(request, article_id, *, saved):
    if is_ratelimited(request, group="reading_list.save", key="user", rate=SAVE_RATE, increment=True):
        raise Ratelimited()
    article = row_or_none(ArticlePage.objects.all(), article_id)
    if article is None:
        return Status(404, error_payload("not_found", _("There is no such story.")))
    if saved:
        count = services.story_save(reader=request.user, article=article)
    else:
        count = services.story_unsave(reader=request.user, article_id=article.pk)
    return {"article": article.pk, "saved": saved, "count": count}


@router.post("articles/{article_id}/save", auth=SessionAuth(csrf=True), response=ANSWERS)
def save_story(request, article_id: int):
    """Save a published story to the reader's list to read later; saving it again changes nothing."""
    return change(request, article_id, saved=True)


@router.delete("articles/{article_id}/save", auth=SessionAuth(csrf=True), response=ANSWERS)
def unsave_story(request, article_id: int):
    """Take a story off the reader's list; taking off one that is not there changes nothing."""
    return change(request, article_id, saved=False)
