"""One error shape for every JSON endpoint: {"error": {"code", "message", "fields"}}."""

from django.utils.translation import gettext_lazy
from ninja import Schema

# A body that is not JSON, or a form without its boundary: said by the API's handler and by the guards (guards.py).
UNREADABLE_BODY = gettext_lazy("The request body could not be read.")


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorResponse(Schema):
    error: ErrorBody


def error_payload(code, message, fields=None):
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}
