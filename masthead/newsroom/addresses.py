"""Absolute addresses as the site names itself."""

from django.conf import settings
from wagtail.models import Site


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
