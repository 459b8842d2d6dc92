"""One error shape for every JSON endpoint: {"error": {"code", "message", "fields"}}."""

from django.utils.translation import gettext, gettext_lazy
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


# What a field's schema refused, in the reader's language: django-ninja hands on pydantic's English sentences,
# which a Russian page would show as they are. Keyed by pydantic's error type; its context fills the numbers.
FIELD_PROBLEMS = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Must be text."),
    "int_type": gettext_lazy("Must be a whole number."),
    "int_parsing": gettext_lazy("Must be a whole number."),
    "int_from_float": gettext_lazy("Must be a whole number."),
    "bool_type": gettext_lazy("Must be true or false."),
    "bool_parsing": gettext_lazy("Must be true or false."),
    "literal_error": gettext_lazy("Must be one of: %(expected)s."),
    "enum": gettext_lazy("Must be one of: %(expected)s."),
    "string_too_long": gettext_lazy("At most %(max_length)s characters."),
    "string_too_short": gettext_lazy("At least %(min_length)s characters."),
    "greater_than_equal": gettext_lazy("Must be %(ge)s or more."),
    "greater_than": gettext_lazy("Must be more than %(gt)s."),
    "less_than_equal": gettext_lazy("Must be %(le)s or less."),
    "less_than": gettext_lazy("Must be less than %(lt)s."),
}


def field_problem(error):
    """One schema error (pydantic's dict) as a sentence for the reader; its own words where none is known here."""
    sentence = FIELD_PROBLEMS.get(error.get("type"))
    if sentence is None:
        return error.get("msg") or gettext("Invalid.")
    context = dict(error.get("ctx") or {})
    if "expected" in context:  # "'a', 'b' or 'c'": the "or" is pydantic's English
        context["expected"] = str(context["expected"]).replace(" or ", ", ")
    try:
        return str(sentence) % context
    except (KeyError, TypeError, ValueError):
        return error.get("msg") or str(sentence)
