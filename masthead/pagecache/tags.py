"""Dependency tags: what a cached page shows, so a change drops exactly the pages that show it.

A page names what it shows while it renders (`tag(request, "page:12", "section:4")`); the middleware stores the
page with those names and the time its rendering began. A change stamps the names it affects with the time
(`invalidate("page:12")`, after the change has committed); a stored page is served only while every one of its
names was last stamped before the page began rendering. Stamps are times rather than counters so that a page
whose rendering began before a change committed, but ended after it, is never kept: it began before the stamp.

Names in use:
    all                   every cached page (site settings, the section menu, a moved page)
    search                search pages: any article published, edited or unpublished, the index rebuilt
    page:<id>             a page, and every listing or teaser that shows it
    section:<id>, author:<id>, tag:<id>, locale:<id>
                          listings that a newly published article joins (its section, authors, tags, home)
    archive:<YYYY>, archive:<YYYY-MM>, archive:<YYYY-MM-DD>
                          the archive's year, month and day pages
"""

import time

from django.core.cache import cache
from django.db import transaction

from .conf import config

VERSION_PREFIX = "pagecache:stamp:"
# The time of the newest stamp of any name: while it is older than a page, the page is fresh without reading
# the page's own names (one cache read per stored page answered instead of two, in the usual quiet minutes).
LATEST_STAMP = "pagecache:latest-stamp"
# Stamps outlive every cached page by far. Should a full cache evict a stamp early, the pages carrying it are
# still dropped by their own lifetime (MASTHEAD_PAGE_CACHE_SECONDS), the bound on any staleness.
STAMP_SECONDS = 24 * 3600


def tag(request, *names):
    """Record that the page being rendered shows these things. Does nothing for pages that are not cached."""
    found = getattr(request, "page_cache_tags", None)
    if found is not None:
        found.update(names)


def invalidate(*names):
    """Pages showing any of these are stale, from the moment the current transaction commits."""
    names = {name for name in names if name}
    if names:
        # Now, for readers of this process who may see the change before the commit (and tests, which never
        # commit), and again after the commit, for pages that began rendering in between.
        stamp(names)
        transaction.on_commit(lambda: stamp(names))


def stamp(names, *, now=None):
    now = time.time() if now is None else now
    stamps = {VERSION_PREFIX + name: now for name in names}
    stamps[LATEST_STAMP] = now
    cache.set_many(stamps, STAMP_SECONDS)


def is_fresh(names, rendered_at, *, latest_stamp=None):
    """True while none of the names was stamped at or after (nearly) the time the page began rendering.

    `latest_stamp`, the value of LATEST_STAMP when the caller has read it: while that is older than the page,
    nothing at all was stamped since, and the names are not read.
    """
    # Clocks of several app servers may differ this much: a page that began rendering less than this after a
    # stamp is treated as older than it.
    newest_allowed = rendered_at - config().clock_skew
    if latest_stamp is not None and latest_stamp < newest_allowed:
        return True
    stamps = cache.get_many([VERSION_PREFIX + name for name in names])
    return all(value < newest_allowed for value in stamps.values())
