"""The WSGI front of the page cache: stored pages answered before Django handles the request at all.

A stored page needs no request object, middleware, session, URL routing or database connection; Django's
per-request work around the view costs more than reading the page from the cache. The front looks the page up
from the bare environment with the middleware's own rules (`lookup.py`) and answers it, or hands the request to
Django, telling the middleware it need not look again. If the cache fails, the front steps aside and the
middleware deals with it (renders, logs).
"""

from http import HTTPStatus

from . import lookup
from .middleware import FRONT_MISSED


def status_line(code):
    return f"{code} {HTTPStatus(code).phrase}"


class PageCacheFront:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            key = lookup.entry_key(environ)
            entry = lookup.fresh_entry(key) if key else None
        except Exception:  # noqa: BLE001 -- the middleware meets the same failure, logs it and renders
            return self.application(environ, start_response)
        if entry is None:
            if key:
                environ[FRONT_MISSED] = True
            return self.application(environ, start_response)
        status, headers, body = lookup.answer(environ, entry)
        start_response(status_line(status), headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
