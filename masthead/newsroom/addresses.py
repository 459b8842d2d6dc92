"""Absolute addresses as the site names itself, its name, and the sender of its mails."""

from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def site_host_and_port(address):
    """The (hostname, port) a Wagtail Site record keeps for an address such as BASE_URL."""
    parts = urlsplit(address)
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def public_url(request, path):
    """`path` on the site's own address: its Wagtail Site's root URL, the one pages' full_url, feeds and sitemaps
    use, not the Host the request named. A page then has one canonical address for search engines, whatever Host a
    client sent (another allowed name, a port of its own). An address that is absolute already (a picture on the
    media bucket) is kept."""
    if path.startswith(("http://", "https://")):
        return path
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_url if site is not None else settings.BASE_URL
    return root.rstrip("/") + path


def default_site_name():
    """The name of the default site (Settings → Sites), for what is made outside a request: mails, digests."""
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def site_sender(address=None, name=None):
    """The From of the site's mails to readers: `address` (DEFAULT_FROM_EMAIL) under the site's name, so that a
    reply notice or a deletion notice comes from "City News", not from a bare "newsroom@…"; unless the setting
    names its sender already."""
    address = address or settings.DEFAULT_FROM_EMAIL
    display, bare = parseaddr(address)
    return address if display else formataddr((name or default_site_name(), bare))
