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

import fcntl
import logging
import os
import time

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

from masthead.redis_cache import CATCH_UP, UNREACHABLE, away

from .conf import config

logger = logging.getLogger(__name__)

VERSION_PREFIX = "pagecache:stamp:"
# The time of the newest stamp of any name: while it is older than a page, the page is fresh without reading
# the page's own names (one cache read per stored page answered instead of two, in the usual quiet minutes).
LATEST_STAMP = "pagecache:latest-stamp"
# With the embedded cache, the newest stamp is also the modification time of a file beside it (see
# `latest_stamp`), this much later than the stamp: filesystems keep times to the nanosecond (ext4, xfs, tmpfs)
# or as coarsely as 2 s (FAT), and a mark later than the stamp only sends readers down the exact, slower path.
FILE_MARK_MARGIN = 2.0
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
    keys = [VERSION_PREFIX + name for name in names] + [LATEST_STAMP]
    redis = redis_backend()
    if redis is not None:
        stamp_on_redis(redis, keys, now)
    else:
        # One machine: the processes stamping at once are microseconds apart, and the file's mark (below), which
        # never moves back, is what a held copy is checked against.
        cache.set_many(dict.fromkeys(keys, now), STAMP_SECONDS)
    path = config().latest_stamp_file
    if path:
        mark_latest_stamp(path, now)


# Raises each key to the stamp, never lowers it. App servers on several machines stamp the same names (every
# publish stamps "locale:..." and the newest stamp) at nearly the same time; with a plain SET the older stamp could
# land last and keep pages that began rendering between the two. Stamps are whole microseconds here, so the script
# can compare them; a value it cannot read as a number (a float an older version pickled) is replaced.
RAISE_STAMPS = """
for index, key in ipairs(KEYS) do
  local current = tonumber(redis.call('GET', key))
  local stamp = tonumber(ARGV[index + 1])
  if current == nil or current < stamp then
    redis.call('SET', key, ARGV[index + 1], 'EX', ARGV[1])
  end
end
"""
MICROSECONDS = 1_000_000


def redis_backend():
    """The Redis backend behind the cache, or None for the embedded one."""
    target = cache if isinstance(cache, BaseCache) else caches[DEFAULT_CACHE_ALIAS]
    return target if isinstance(target, RedisCache) else None


# This process's stamps that Redis has not taken yet (it was away): made key -> whole microseconds. A page stored
# before an outage would otherwise be answered after it although a story it shows changed meanwhile (until its
# lifetime ends); they are sent with the next stamp, or before the next call to the cache that reaches Redis.
UNSENT_STAMPS = {}


def stamp_on_redis(redis, keys, when):
    for key in (redis.make_and_validate_key(key) for key in keys):
        UNSENT_STAMPS[key] = max(UNSENT_STAMPS.get(key, 0), int(when * MICROSECONDS))
    try:
        send_unsent_stamps(redis)
    except UNREACHABLE as error:
        # The change is not refused for a stamp: nothing is served from Redis while it is away.
        away("page cache stamp", error)


def send_unsent_stamps(redis=None):
    """Raise the stamps Redis missed to their own times; raises the client's error while Redis is still away."""
    if not UNSENT_STAMPS:
        return
    redis = redis or redis_backend()
    sending = dict(UNSENT_STAMPS)
    redis._cache.get_client(write=True).eval(RAISE_STAMPS, len(sending), *sending, STAMP_SECONDS, *sending.values())
    for key, value in sending.items():
        if UNSENT_STAMPS.get(key) == value:  # not raised again while this was sent
            del UNSENT_STAMPS[key]


CATCH_UP.append(send_unsent_stamps)


def as_seconds(value):
    """A stamp as read from the cache, in seconds: Redis keeps them as whole microseconds (see RAISE_STAMPS)."""
    # Every int there is one (older versions stored pickled floats, which come back as floats).
    if isinstance(value, int) and redis_backend() is not None:
        return value / MICROSECONDS
    return value


def mark_latest_stamp(path, when):
    """Move the file's mark to this stamp, never back: of two processes stamping at once, the later stamp stays.

    The check and the move are one step under a lock on the file (writers only; readers just stat() it): without
    it, a process paused between its stat() and its utime() could put back an older mark over a newer one.
    """
    marked = when + FILE_MARK_MARGIN
    try:
        with open(path, "ab") as mark:
            fcntl.flock(mark, fcntl.LOCK_EX)
            found = os.fstat(mark.fileno())
            if not found.st_size:
                # Just created: its time is the creation's, not a stamp. One byte says a stamp was marked since.
                mark.write(b"1")
                mark.flush()
            elif found.st_mtime >= marked:
                return
            os.utime(mark.fileno(), (marked, marked))
    except OSError:
        # Readers trust the mark: rather than leave an old one, take it away, and they read the cache instead.
        logger.exception("Could not mark the newest page-cache stamp in %s; removing the mark", path)
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
        except OSError:
            logger.exception("Could not remove %s: stored pages may outlive changes by their lifetime", path)


def latest_stamp(from_cache=None):
    """The time of the newest stamp of any name, or a little later; never earlier.

    With the embedded cache, a stat() of the file `stamp` marks: a process answering its own copy of a stored
    page then reads nothing from the cache at all. That read was nearly the whole distance between the front
    and a server answering the page from memory with no check (`bench/run`, rows b', n and w). With a cache on
    the network (Redis), the app servers of several machines share no file, and the cache's LATEST_STAMP is
    read. `from_cache`: LATEST_STAMP as the caller already read it from the cache.
    """
    path = config().latest_stamp_file
    if path:
        try:
            marked = os.stat(path).st_mtime
        except FileNotFoundError:
            # Nothing was stamped since this version made the cache, or the mark was removed: the cache says,
            # and the mark is made from it, so that the next reader needs only the stat().
            from_cache = as_seconds(cache.get(LATEST_STAMP, 0) if from_cache is None else from_cache)
            mark_latest_stamp(path, from_cache)
            return from_cache
        return marked if from_cache is None else max(marked, as_seconds(from_cache))
    return as_seconds(cache.get(LATEST_STAMP, 0) if from_cache is None else from_cache)


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
    return all(as_seconds(value) < newest_allowed for value in stamps.values())
