"""Who is asking: the reader's network address, also behind the site's own reverse proxies."""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac

# Where the server gives no address (a WSGI server on a Unix socket with no proxy header) or not one: every such
# request shares this one, so rate limits still hold and django-ratelimit's address parsing cannot fail.
UNKNOWN_ADDRESS = "0.0.0.0"


def client_address(request):
    """The address the request came from, for rate limits, bans and hashed counting.

    Behind TRUSTED_PROXIES reverse proxies (nginx, a load balancer), REMOTE_ADDR is the nearest proxy's address,
    the same for every reader; each trusted proxy appends the address it saw to X-Forwarded-For, so the reader's
    is the one that many places from the right. Entries further left are whatever the client sent and are never
    trusted. Without proxies configured the header is ignored, so nobody can pick their own address.
    """
    trusted = settings.TRUSTED_PROXIES
    if trusted:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted and is_address(forwarded[-trusted]):
            return forwarded[-trusted]
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if is_address(remote) else UNKNOWN_ADDRESS


def is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def hashed_address(address, *, purpose):
    """The address as a rate limit's key, never the address itself: an HMAC keyed by the site's secret, apart for
    each purpose (typo reports, poll votes) so that one key tells nothing about another."""
    return salted_hmac(f"masthead.{purpose}.address", address or "", algorithm="sha256").hexdigest()
