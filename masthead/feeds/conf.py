"""The feeds app's settings, each read here and nowhere else, with its default.

MASTHEAD_WEBSUB_HUB        A WebSub hub (e.g. https://pubsubhubbub.appspot.com/) advertised in every feed and
                           pinged when a story is published. A hub set in the admin (Settings → Feeds) wins.
                           Default: none, so no feed names a hub and nothing is pinged.
MASTHEAD_SITEMAP_LIMIT     URLs in one sitemap file before it continues on a next page (?p=2). The protocol
                           allows 50,000; fewer keep each response quick to build. Default: 10,000.
MASTHEAD_WEBSUB_TIMEOUT    Seconds to wait for the hub to answer one ping. Default: 10.
MASTHEAD_FEEDS_CACHE_SECONDS  How long a finished feed or sitemap may be served from the cache; any publication
                           clears them at once, so this only bounds changes made behind Wagtail's back.
                           0 turns the cache off. Default: 600.
"""

import os

from django.conf import settings

# Google News reads only the stories of the last two days from a news sitemap, and at most 1,000 of them.
NEWS_SITEMAP_WINDOW_HOURS = 48
NEWS_SITEMAP_MAX_URLS = 1000
# The sitemaps protocol's own ceiling for one file.
SITEMAP_PROTOCOL_MAX_URLS = 50_000


def websub_hub():
    return getattr(settings, "MASTHEAD_WEBSUB_HUB", None) or os.environ.get("MASTHEAD_WEBSUB_HUB", "")


def sitemap_limit():
    limit = int(getattr(settings, "MASTHEAD_SITEMAP_LIMIT", 10_000))
    return max(1, min(limit, SITEMAP_PROTOCOL_MAX_URLS))


def websub_timeout():
    return float(getattr(settings, "MASTHEAD_WEBSUB_TIMEOUT", 10))


def cache_seconds():
    return int(getattr(settings, "MASTHEAD_FEEDS_CACHE_SECONDS", 600))
