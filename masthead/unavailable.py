"""When the database does not answer (a lock held too long, a restart, a lost connection), readers get a short
"try again in a moment" page with status 503 and Retry-After instead of a server error: browsers, crawlers and
the caching proxy (which then serves its stored copy) all read 503 as a passing state. The comment form and the
JSON API answer their own way first (the reader's text comes back; a JSON error)."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 5
# What Django raises when the database does not answer.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable_response(template_name="503.html", context=None):
    """A 503 asking to try again after RETRY_AFTER_SECONDS, from a page that extends `standalone.html`."""
    # No request context: the context processors would read the site's name from the database.
    response = HttpResponse(render_to_string(template_name, context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable_response()
        return None
