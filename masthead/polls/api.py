"""Polls for the article page's script: the poll's state (with a CSRF token for the vote) and the vote itself."""

from functools import wraps

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import Field

from masthead.api.errors import ErrorResponse, error_payload
from masthead.api.fields import Integer
from masthead.api.guards import csrf_refusal, refuse

from . import services
from .selectors import poll_for, results
from .views import flooded, vote_from

router = Router(tags=["polls"])


class AnswerOut(Schema):
    id: int
    text: str
    votes: int
    percent: int


class PollOut(Schema):
    id: int
    question: str
    open: bool
    total: int
    voted_for: int | None = Field(None, description="The answer this reader or browser chose; null: not voted.")
    answers: list[AnswerOut]
    token: str = Field(description="The CSRF token to send as X-CSRFToken with the vote.")


class VoteIn(Schema):
    answer: Integer


def poll_out(request, poll):
    state = results(poll=poll, reader=request.user, browser_token=request.COOKIES.get(services.VOTER_COOKIE, ""))
    return {
        "id": poll.pk,
        "question": poll.question,
        "open": state["open"],
        "total": state["total"],
        "voted_for": state["voted_for"],
        "answers": state["options"],
        "token": get_token(request),
    }


def guarded(run):
    """The CSRF token (the reader may have no session), then the flood limit, before the body is read."""

    @wraps(run)
    def gate(request, *args, **kwargs):
        refusal = csrf_refusal(request, _("The page is out of date and the vote was not counted. Please reload."))
        if refusal is not None:
            return refusal
        if flooded(request):
            return refuse(429, "rate_limited", _("Too many votes from your network. Please try again tomorrow."))
        return run(request, *args, **kwargs)

    return gate


@router.get("polls/{poll_id}", response={200: PollOut, 404: ErrorResponse})
@decorate_view(never_cache)
def poll_state(request, poll_id: int):
    """The poll's answers and votes, whether it is open, this reader's or browser's answer, and a CSRF token."""
    poll = poll_for(request, poll_id)
    if poll is None:
        return Status(404, error_payload("not_found", _("There is no such poll.")))
    return poll_out(request, poll)


@router.post(
    "polls/{poll_id}/vote",
    url_name="poll_vote",
    response={
        200: PollOut,
        400: ErrorResponse,
        401: ErrorResponse,
        403: ErrorResponse,
        404: ErrorResponse,
        409: ErrorResponse,
        429: ErrorResponse,
    },
)
@decorate_view(guarded)
def vote(request, poll_id: int, payload: VoteIn, response: HttpResponse):
    """Vote for one answer: once per account, or per browser (a cookie) where anyone may vote."""
    poll = poll_for(request, poll_id)
    if poll is None:
        return Status(404, error_payload("not_found", _("There is no such poll.")))
    vote_from(request, response, poll=poll, option_id=payload.answer)
    return poll_out(request, poll)
