"""The page cache: anonymous readers get stored pages without touching sessions or the database.

A request is answered from the cache when it is a GET or HEAD, carries no session or messages cookie (a
logged-in reader always gets their own page: their name, their comments awaiting moderation, the comment form)
and has no query parameters other than the pages' own (`page`, `comments`, `after`, `order`) and tracking ones
(`utm_*`, `fbclid`, ...), which are left out of the key. A page is stored only when its rendering said what it
shows (`tags.tag`), it answered 200 and set no cookie, so nothing personal can be stored: an answer that sets a
CSRF or messages cookie is personal by definition.

Stored pages carry `Cache-Control: public, max-age=0, s-maxage=N`: a caching proxy in front keeps them N
seconds (and is purged on changes, see `invalidation.py`), browsers revalidate with the ETag and get a 304.
Everything else gets `Cache-Control: private` unless its view chose its own.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import http_date

from . import tags

logger = logging.getLogger(__name__)

ENTRY_PREFIX = "pagecache:page:"
PAGE_PARAMETERS = frozenset({"page", "comments", "after", "order"})
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "yclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_openstat"})
SKIPPED_HEADERS = frozenset({"set-cookie", "vary", "x-page-cache", "date"})


def page_cache_seconds():
    return settings.MASTHEAD_PAGE_CACHE_SECONDS


def is_tracking(name):
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def cache_key(request):
    """The page's key, or None when the request must be rendered for this reader alone."""
    if request.method not in ("GET", "HEAD") or page_cache_seconds() <= 0:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    kept = []
    for name, values in request.GET.lists():
        if is_tracking(name):
            continue
        if name not in PAGE_PARAMETERS:
            return None
        kept.extend((name, value) for value in values)
    address = f"{request.get_host()}{request.path}?{sorted(kept)}"
    return ENTRY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def storable(request, response):
    return (
        bool(request.page_cache_tags)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def mark_private(response):
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private, max-age=0"


def public_headers(response, rendered_at):
    seconds = page_cache_seconds()
    response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
    response["Last-Modified"] = http_date(rendered_at)
    response["ETag"] = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
    # The page is the same whatever cookies or languages the reader's browser sends: the path says the language.
    del response["Vary"]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        if key is None:
            response = self.get_response(request)
            mark_private(response)
            return response

        try:
            entry = cache.get(key)
            if entry is not None and tags.is_fresh(entry["tags"], entry["rendered_at"]):
                return self.from_entry(entry)
        except Exception:
            # The cache is down (Redis restarting, a full disk): readers get rendered pages, nothing is stored.
            logger.warning("page cache unavailable; rendering without it", exc_info=True)
            response = self.get_response(request)
            mark_private(response)
            return response

        request.page_cache_tags = set()
        rendered_at = time.time()
        response = self.get_response(request)
        if not storable(request, response):
            mark_private(response)
            return response
        public_headers(response, rendered_at)
        names = sorted(request.page_cache_tags | {"all"})
        headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
        entry = {
            "status": response.status_code,
            "headers": headers,
            "body": response.content,
            "tags": names,
            "rendered_at": rendered_at,
        }
        try:
            cache.set(key, entry, page_cache_seconds())
        except Exception:
            logger.warning("page cache unavailable; page not stored", exc_info=True)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def from_entry(entry):
        response = HttpResponse(entry["body"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
