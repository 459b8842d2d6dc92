"""JSON endpoints, mounted under /api/v1/ by masthead.api: the sidebar form's script posts here."""

from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from masthead.api.errors import ErrorResponse, error_payload

from . import services
from .models import Frequency
from .views import THANK_YOU, subscribe_rate_limited

router = Router(tags=["newsletter"])


class SubscriptionIn(Schema):
    email: str = Field(max_length=320, json_schema_extra={"format": "email"})
    frequency: str = Frequency.DAILY
    language: str = Field(default="", max_length=10)


class SubscriptionOut(Schema):
    message: str


@router.post(
    "newsletter/subscriptions",
    url_name="newsletter_subscribe",
    response={202: SubscriptionOut, 400: ErrorResponse, 429: ErrorResponse},
)
def subscribe(request, payload: SubscriptionIn):
    """Ask for a subscription. The answer is the same whether or not the address was subscribed already.

    `language` is the edition the reader subscribes from: it chooses the digest's language and this answer's.
    """
    language = services.supported_language(payload.language or translation.get_language())
    with translation.override(language):
        return answer(request, payload, language)


def answer(request, payload, language):
    if subscribe_rate_limited(request):
        message = _("Too many requests from your network. Please wait a few minutes and try again.")
        return Status(429, error_payload("rate_limited", message))
    services.subscriber_subscribe(email=payload.email, language=language, frequency=payload.frequency)
    return Status(202, {"message": str(THANK_YOU)})
