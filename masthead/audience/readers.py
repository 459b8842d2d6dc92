"""Who is asking: a reader whose view counts, or a robot, a prefetch, a link preview or an editor.

Each check answers with a reason code (or "" when the view counts), so tests and logs say why a view
was not counted.
"""

import hashlib
import hmac
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core.cache import cache

from masthead.network import client_address

# The maintained list of crawler, bot and link-preview user agents (crawlerdetect's, ~1,500 patterns).
_detector = CrawlerDetect()

# Browsers announce speculative loads: Chromium sends `Sec-Purpose: prefetch` (`prefetch;prerender` while
# prerendering), older browsers `Purpose: prefetch`, Firefox `X-Moz: prefetch`, Safari `X-Purpose: preview`.
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ", "HTTP_X_PURPOSE")
PREFETCH_WORDS = ("prefetch", "prerender", "preview")

EDITOR_CACHE_SECONDS = 300


@lru_cache(maxsize=4096)
def is_robot_agent(user_agent):
    """True for crawlers, bots, link previews and headless browsers, and for requests with no user agent
    (browsers always send one; scripts often do not)."""
    agent = user_agent.strip()
    if not agent:
        return True
    return _detector.is_crawler(agent)


def is_prefetch(meta):
    for header in PREFETCH_HEADERS:
        value = meta.get(header, "").lower()
        if value and any(word in value for word in PREFETCH_WORDS):
            return True
    return False


def is_cross_site(meta):
    """A beacon sent from another site's page: it is no reading of ours (and no forgery of counts either)."""
    return meta.get("HTTP_SEC_FETCH_SITE", "") == "cross-site"


def skip_reason(request):
    """Why this request's view must not count, or "" if it counts."""
    meta = request.META
    if is_prefetch(meta):
        return "prefetch"
    if is_cross_site(meta):
        return "cross_site"
    if is_robot_agent(meta.get("HTTP_USER_AGENT", "")[:512]):
        return "robot"
    if is_editor(request):
        return "editor"
    return ""


def has_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def is_editor(request):
    """Editors reading their own site do not count. Only a request with a session can be an editor's, so
    anonymous readers cost no query here; an account's answer is cached for a few minutes."""
    if not has_session(request) or not request.user.is_authenticated:
        return False
    key = f"audience:editor:{request.user.pk}"
    answer = cache.get(key)
    if answer is None:
        answer = request.user.has_perm("wagtailadmin.access_admin")
        cache.set(key, answer, EDITOR_CACHE_SECONDS)
    return answer


def reader_fingerprint(request):
    """Who the reader is, for the dedup window: their account, or a keyed hash of address and browser.

    The hash is keyed with the site's secret, so the stored marks (which last one window) reveal no
    address even to someone holding the cache or the database.
    """
    if has_session(request) and request.user.is_authenticated:
        return keyed_hash(f"account:{request.user.pk}")
    return anonymous_fingerprint(client_address(request), request.META.get("HTTP_USER_AGENT", ""))


def anonymous_fingerprint(address, user_agent):
    """A reader without an account: the same whether their view arrives as a beacon or in the proxy's log."""
    return keyed_hash(f"anonymous:{address}:{user_agent[:512]}")


def keyed_hash(identity):
    return hmac.new(settings.SECRET_KEY.encode(), identity.encode(), hashlib.sha256).hexdigest()[:32]
