"""Checks that endpoints open to readers without a session run before reading a body (typo reports, poll votes).

django-ninja's SessionAuth checks the CSRF token only for signed-in readers; these endpoints take anonymous
requests too, so they check it themselves, against the token the page asked for first.
"""

from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja.utils import check_csrf

from .errors import UNREADABLE_BODY, error_payload


def refuse(status, code, message):
    return JsonResponse(error_payload(code, message), status=status)


def csrf_refusal(request, message):
    """The answer to a request without a valid CSRF token (403 with `message`), or None when the token is good."""
    try:
        refused = check_csrf(request) is not None
    except MultiPartParserError:  # the check reads a form body for its token: one without a boundary, say
        return refuse(400, "invalid_body", UNREADABLE_BODY)
    return refuse(403, "csrf_failed", message) if refused else None
