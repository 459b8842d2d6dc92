"""Finished feeds and sitemaps kept in the cache until the next publication changes what they show.

Feed readers poll every feed of every subscriber, and crawlers re-read sitemaps, far more often than the
newsroom publishes; a stored response costs no query. Every cached response carries the current *generation*;
publishing, unpublishing, deleting or moving a page, renaming a tag or changing the feed settings starts a
new generation (see apps.py), so no reader waits for a timeout to see a new story. The timeout only bounds
how long an entry whose change sent no signal (a bulk update in the database) can live.
"""

import hashlib
import time
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

from . import conf

GENERATION_KEY = "feeds:generation"
# Only these parameters change a feed or sitemap; anything else in the query string shares their entry,
# so odd query strings cannot fill the cache.
MEANINGFUL_PARAMETERS = ("page", "p")
KEPT_HEADERS = ("Last-Modified", "X-Robots-Tag")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def start_new_generation(**kwargs):
    """Signal receiver: whatever was cached describes the site as it was."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def feeds_changed():
    """For changes that send no page signal (a newsletter issue going out): stale now for this process, and again
    once the transaction commits, so a response built from the old rows in between is not kept either."""
    start_new_generation()
    transaction.on_commit(start_new_generation)


def feed_settings_saved(sender, instance, created, **kwargs):
    # A settings row created on first use holds the defaults the cached responses were built with.
    if not created:
        start_new_generation()


def cache_key(request):
    parameters = "&".join(f"{name}={request.GET.get(name, '')}" for name in MEANINGFUL_PARAMETERS)
    # Hashed, so any address makes a short key that every cache backend accepts.
    address = hashlib.sha256(f"{request.get_host()}{request.path}?{parameters}".encode()).hexdigest()
    return f"feeds:response:{generation()}:{address}"


def cached_response(view):
    """Serve a view's successful answers from the cache, keyed by address, host and generation."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = conf.cache_seconds()
        if not seconds or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type, headers = stored
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers.items():
                response.headers[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
            cache.set(key, (response.content, response["Content-Type"], headers), seconds)
        return response

    return wrapper
