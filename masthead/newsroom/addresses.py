"""Absolute addresses as the site names itself."""

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
