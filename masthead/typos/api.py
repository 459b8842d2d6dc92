"""JSON endpoints, mounted under /api/v1/ by masthead.api: readers report typos.

Readers need no account, so the usual session check cannot guard the POST. Instead every report carries a CSRF
token (the widget fetches one from `typos/token` just before sending, because the article page may come from a
cache that never set the cookie), and Django's CSRF check also compares the Origin header with the site. Size,
CSRF and the rate limit are checked before the body is parsed, so a flood costs little.
"""

from functools import wraps

from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited
from ninja import Router, Schema, Status
from ninja.decorators import decorate_view

from masthead.api.errors import ErrorResponse, error_payload
from masthead.api.fields import Integer
from masthead.api.guards import csrf_refusal, refuse
from masthead.ids import row_or_none
from masthead.network import client_address
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.privacy import readable

from . import conf, services

router = Router(tags=["typos"])


class TokenOut(Schema):
    token: str


class TypoReportIn(Schema):
    # Every field has a default so that a missing one gets the service's clear 400 for that field.
    selection: str = ""
    context_before: str = ""
    context_after: str = ""
    scope: str = ""
    block_id: str = ""
    offset: Integer | None = None
    suggestion: str = ""
    comment: str = ""
    email: str = ""


class ReportedOut(Schema):
    message: str
    count: int
    duplicate: bool


def rate_key(group, request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{services.address_hash_for(client_address(request))}"


def guarded(run):
    """Refuse oversized bodies, requests without a valid CSRF token or origin, and floods, before parsing."""

    @wraps(run)
    def gate(request, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > conf.MAX_BODY_BYTES:
            return refuse(413, "too_large", _("The report is too large."))
        refusal = csrf_refusal(request, _("The page is out of date and the report could not be sent. Please reload."))
        if refusal is not None:
            return refusal
        for rate in conf.rates():
            if is_ratelimited(request, group="typos.report", key=rate_key, rate=rate, increment=True):
                return refuse(429, "rate_limited", _("Too many reports. Please wait a minute."))
        return run(request, *args, **kwargs)

    return gate


@router.get("typos/token", url_name="typo_token", response=TokenOut)
@decorate_view(never_cache)
def typo_token(request):
    """A CSRF token for the next report (also set as the cookie the check compares it with)."""
    return {"token": get_token(request)}


@router.post(
    "articles/{article_id}/typos",
    url_name="typo_report",
    response={
        200: ReportedOut,
        201: ReportedOut,
        400: ErrorResponse,
        403: ErrorResponse,
        404: ErrorResponse,
        413: ErrorResponse,
        429: ErrorResponse,
    },
)
@decorate_view(guarded)
def report_typo(request, article_id: int, payload: TypoReportIn):
    """Report a typo: the selected text, its context and place. The same place again counts on the open report."""
    article = row_or_none(ArticlePage.objects.live().select_related("locale"), article_id)
    if article is None or not readable(article, request):
        return Status(404, error_payload("no_article", _("This article does not exist or is not published.")))
    # Answer in the article's language: that is the one the reader is reading.
    with translation.override(article.locale.language_code):
        report, created = services.report_submit(
            article=article,
            selection=payload.selection,
            context_before=payload.context_before,
            context_after=payload.context_after,
            scope=payload.scope,
            block_id=payload.block_id,
            offset=payload.offset,
            suggestion=payload.suggestion,
            comment=payload.comment,
            email=payload.email,
            user=request.user,
            reporter_hash=services.reporter_hash_for(
                address=client_address(request), user_agent=request.META.get("HTTP_USER_AGENT", "")
            ),
        )
        message = _("Thank you! Now the editors are aware.")
    return Status(201 if created else 200, {"message": message, "count": report.count, "duplicate": not created})
