"""The settings the page cache reads on every request, read once."""

import functools
import os
from typing import NamedTuple

from django.conf import settings
from django.core.signals import setting_changed


class Config(NamedTuple):
    seconds: int
    clock_skew: float
    proxy_ssl_header: tuple | None
    use_forwarded_host: bool
    session_cookie: str
    unstored_prefixes: tuple
    latest_stamp_file: str | None


def latest_stamp_file():
    """The file whose modification time marks the newest stamp, when the cache is the embedded one on this
    machine's disk (every process that can change a page shares it); None for a cache on the network."""
    default = settings.CACHES["default"]
    if default["BACKEND"] != "masthead.disk_cache.DiskCache":
        return None
    return os.path.join(default["LOCATION"], "pagecache-latest-stamp")


@functools.cache
def config():
    """The settings the page cache reads, read once: Django's settings object costs a microsecond an attribute, a
    good part of answering a stored page. Tests that change settings reset this (setting_changed)."""
    return Config(
        seconds=settings.MASTHEAD_PAGE_CACHE_SECONDS,
        clock_skew=settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW,
        proxy_ssl_header=settings.SECURE_PROXY_SSL_HEADER,
        use_forwarded_host=settings.USE_X_FORWARDED_HOST,
        session_cookie=settings.SESSION_COOKIE_NAME,
        unstored_prefixes=tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix),
        latest_stamp_file=latest_stamp_file(),
    )


setting_changed.connect(lambda **kwargs: config.cache_clear(), weak=False)
