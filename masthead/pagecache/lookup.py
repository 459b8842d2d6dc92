"""Finding a stored page from the bare WSGI environment, shared by the middleware and the WSGI front.

Everything here reads only the request's environment (`request.META` is the same dictionary), so the front
(`wsgi.py`) can answer a stored page before Django builds a request, runs its middleware or opens a database
connection, and the middleware finds exactly the same entries when the front is not installed (tests, other
servers).
"""

import hashlib
import time
from urllib.parse import parse_qsl

from django.core.cache import cache
from django.http.cookie import parse_cookie
from django.utils.http import parse_etags, parse_http_date_safe

from . import tags
from .conf import config

ENTRY_PREFIX = "pagecache:page:"
# The pages' own (the fact checks' `verdict` among them). Any other parameter makes a request rendered for its
# reader alone, so that odd query strings cannot fill the cache with copies of a page.
PAGE_PARAMETERS = frozenset({"page", "comments", "after", "order", "q", "verdict"})
# The content API's filters and cursor (feeds/api.py), kept under its own addresses only.
API_PREFIX = "/api/"
API_PARAMETERS = PAGE_PARAMETERS | {"language", "section", "tag", "author", "cursor", "limit"}
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "yclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_openstat"})


def page_cache_seconds():
    return config().seconds


def is_tracking(name):
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def request_scheme(environ):
    """The scheme as Django's `request.scheme` sees it (a TLS proxy's header when one is configured)."""
    if config().proxy_ssl_header:
        header, secure_value = config().proxy_ssl_header
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def raw_host(environ):
    """The host as Django's `request._get_raw_host` reads it; validated against ALLOWED_HOSTS before storing."""
    if config().use_forwarded_host and "HTTP_X_FORWARDED_HOST" in environ:
        return environ["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in environ:
        return environ["HTTP_HOST"]
    return f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"


def entry_key(environ):
    """The page's key, or None when the request must be rendered for this reader alone."""
    options = config()
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or options.seconds <= 0:
        return None
    cookie_header = environ.get("HTTP_COOKIE")
    if cookie_header:
        cookies = parse_cookie(cookie_header)
        if options.session_cookie in cookies or "messages" in cookies:
            return None
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    if path.startswith(options.unstored_prefixes):  # static files and media: never pages
        return None
    kept = []
    query = environ.get("QUERY_STRING")
    known = API_PARAMETERS if path.startswith(API_PREFIX) else PAGE_PARAMETERS
    for name, value in parse_qsl(query, keep_blank_values=True) if query else ():
        if is_tracking(name):
            continue
        if name not in known:
            return None
        kept.append((name, value))
    address = f"{request_scheme(environ)}://{raw_host(environ)}{path}?{sorted(kept)}"
    # A digest: addresses may be long or hold spaces, which some cache backends refuse as keys.
    return ENTRY_PREFIX + hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()


# The pages this process answered last, so that answering one again reads only the newest stamp (`tags`)
# rather than the whole page from the shared cache (an article is about 19 KB to fetch and unpickle). Bounded
# in number; each copy is also bounded in age by MASTHEAD_PAGE_CACHE_SECONDS, like the shared entry it copies.
LOCAL_ENTRIES = 64
_local_entries = {}


def forget_local_entries():
    """Drop this process's copies (tests, after emptying the cache they were validated against)."""
    _local_entries.clear()


def remember_locally(key, entry):
    if key not in _local_entries and len(_local_entries) >= LOCAL_ENTRIES:
        del _local_entries[next(iter(_local_entries))]  # the oldest remembered
    _local_entries[key] = entry


def fresh_entry(key):
    """The stored page under this key while nothing it shows has changed since it was rendered, else None.

    When this process holds the page and nothing at all changed since it was rendered (the newest stamp of all
    is older): a stat() of the stamp file with the embedded cache, one small read from Redis; more otherwise.
    Raises whatever the cache raises: callers render the page when it is down.
    """
    entry = _local_entries.get(key)
    if entry is not None:
        if entry["rendered_at"] + page_cache_seconds() > time.time() and tags.is_fresh(
            entry["tags"], entry["rendered_at"], latest_stamp=tags.latest_stamp()
        ):
            return entry
        del _local_entries[key]  # changed or too old; another process may have stored a newer copy
    found = cache.get_many([key, tags.LATEST_STAMP])
    entry = found.get(key)
    if entry is None or not tags.is_fresh(
        entry["tags"], entry["rendered_at"], latest_stamp=tags.latest_stamp(found.get(tags.LATEST_STAMP, 0))
    ):
        return None
    remember_locally(key, entry)
    return entry


def not_modified(environ, entry):
    """True when the reader's browser holds this very page (If-None-Match, else If-Modified-Since)."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        # Django's own parsing (as its ConditionalGetMiddleware does it), compared weakly as RFC 9110 asks.
        etags = parse_etags(if_none_match)
        return etags == ["*"] or any(candidate.removeprefix("W/") == entry["etag"] for candidate in etags)
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not if_modified_since:
        return False
    since = parse_http_date_safe(if_modified_since)
    return since is not None and int(entry["rendered_at"]) <= since


def store(key, entry):
    cache.set(key, entry, page_cache_seconds())


# What a 304 repeats of the page's headers (RFC 9110 15.4.5; the list Django's ConditionalGetMiddleware keeps).
NOT_MODIFIED_HEADERS = frozenset({"cache-control", "content-location", "etag", "expires", "last-modified", "vary"})


def answer(environ, entry):
    """(status, headers, body) for a stored page: the page, or a bodiless 304 when the browser has it."""
    if not_modified(environ, entry):
        headers = [(name, value) for name, value in entry["headers"] if name.lower() in NOT_MODIFIED_HEADERS]
        return 304, headers + [("X-Page-Cache", "hit")], b""
    return entry["status"], entry["headers"] + [("X-Page-Cache", "hit")], entry["body"]
