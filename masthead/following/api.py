"""Following from the page's JavaScript: the same as the form, answered in JSON."""

from typing import Literal

from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from masthead.api.errors import ErrorResponse, error_payload

from . import services
from .targets import target_of
from .views import FOLLOW_RATE

router = Router(tags=["following"])

Kind = Literal["topics", "authors"]


class FollowOut(Schema):
    kind: Kind
    id: int
    following: bool
    count: int


ANSWERS = {200: FollowOut, 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse}


def change(request, kind, target_id, *, following):
    if is_ratelimited(request, group="following.follow", key="user", rate=FOLLOW_RATE, increment=True):
        raise Ratelimited()
    target = target_of(kind, target_id)
    if target is None:
        return Status(404, error_payload("not_found", _("There is no such topic or author.")))
    if following:
        count = services.follow(reader=request.user, **target)
    else:
        count = services.unfollow(reader=request.user, **target)
    return {"kind": kind, "id": target_id, "following": following, "count": count}


@router.post("following/{kind}/{target_id}", auth=SessionAuth(csrf=True), response=ANSWERS)
def follow(request, kind: Kind, target_id: int):
    """Follow a topic (a tag's id) or an author (their page's id); following again changes nothing."""
    return change(request, kind, target_id, following=True)


@router.delete("following/{kind}/{target_id}", auth=SessionAuth(csrf=True), response=ANSWERS)
def unfollow(request, kind: Kind, target_id: int):
    """Stop following a topic or an author (in every edition); stopping again changes nothing."""
    return change(request, kind, target_id, following=False)
