"""The page cache: anonymous readers get stored pages without touching sessions or the database.

A request is answered from the cache when it is a GET or HEAD, carries no session or messages cookie (a
logged-in reader always gets their own page: their name, their comments awaiting moderation, the comment form)
and has no query parameters other than the pages' own (`page`, `comments`, `after`, `order`, the search's `q`)
and tracking ones (`utm_*`, `fbclid`, ...), which are left out of the key (`lookup.entry_key`). A page is
stored only when its rendering said what it shows (`tags.tag`), it answered 200 and set no cookie, so nothing
personal can be stored: an answer that sets a CSRF or messages cookie is personal by definition.

This middleware comes first, so a stored page keeps every header the whole stack gave it and the WSGI front
(`wsgi.py`), which answers stored pages before Django runs at all, serves the same bytes. It also answers
stored pages itself when the front is not installed (the test client, other servers).

Stored pages carry `Cache-Control: public, max-age=0, s-maxage=N`: a caching proxy in front keeps them N
seconds (and is purged on changes, see `invalidation.py`), browsers revalidate with the ETag and get a 304.
Everything else gets `Cache-Control: private` unless its view chose its own.
"""

import hashlib
import logging
import time

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from . import lookup

logger = logging.getLogger(__name__)

SKIPPED_HEADERS = frozenset({"set-cookie", "vary", "x-page-cache", "date"})
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# Set by the WSGI front when it looked for the page and found none fresh: no second look.
FRONT_MISSED = "masthead.pagecache.missed"


def storable(request, response):
    return (
        bool(request.page_cache_tags)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and bool(request.get_host())  # raises for a host outside ALLOWED_HOSTS: such pages are never stored
    )


def mark_private(response):
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private, max-age=0"
    return response


def public_headers(response, rendered_at):
    response["Cache-Control"] = f"public, max-age=0, s-maxage={lookup.page_cache_seconds()}"
    response["Last-Modified"] = http_date(rendered_at)
    response["ETag"] = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
    # The page is the same whatever cookies or languages the reader's browser sends: the path says the language.
    del response["Vary"]


def response_from(environ, entry):
    status, headers, body = lookup.answer(environ, entry)
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


def answer_conditions(request, response):
    """A response the page cache does not keep (a feed, a sitemap, robots.txt) is still checked against the
    browser's If-None-Match and If-Modified-Since, which were taken off the request while it rendered: without this,
    feed readers and crawlers got the whole body every time, whatever they held."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    etag, last_modified = response.get("ETag"), parse_http_date_safe(response.get("Last-Modified", ""))
    if not etag and last_modified is None:
        return response
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = lookup.entry_key(request.META)
        if key is None:
            return mark_private(self.get_response(request))

        if not request.META.get(FRONT_MISSED):
            try:
                entry = lookup.fresh_entry(key)
            except Exception:
                # The cache is down (Redis restarting, a full disk): readers get rendered pages, nothing is stored.
                logger.warning("page cache unavailable; rendering without it", exc_info=True)
                return mark_private(self.get_response(request))
            if entry is not None:
                return response_from(request.META, entry)

        # Render the whole page even when the browser holds a copy (the page is stored for everyone), then
        # answer the browser's condition against what was stored.
        conditions = {name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META}
        request.page_cache_tags = set()
        rendered_at = time.time()
        response = self.get_response(request)
        request.META.update(conditions)
        if not storable(request, response):
            return mark_private(answer_conditions(request, response))
        public_headers(response, rendered_at)
        entry = {
            "status": response.status_code,
            "headers": [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS],
            "body": response.content,
            "etag": response["ETag"],
            "tags": sorted(request.page_cache_tags | {"all"}),
            "rendered_at": rendered_at,
        }
        try:
            lookup.store(key, entry)
        except Exception:
            logger.warning("page cache unavailable; page not stored", exc_info=True)
        if lookup.not_modified(request.META, entry):
            response = response_from(request.META, entry)
        response["X-Page-Cache"] = "miss"
        return response
