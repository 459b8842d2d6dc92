"""One error shape for every JSON endpoint: {"error": {"code", "message", "fields"}}."""

from ninja import Schema


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorResponse(Schema):
    error: ErrorBody


def error_payload(code, message, fields=None):
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}
