"""Django's Redis cache, made to forgive Redis being away.

The cache only spares work: every value in it can be made again from the database. So while Redis cannot be
reached (a restart, a failover, a full network queue), a read is a miss and a write is skipped, and the site goes on
answering from the database, slower, instead of failing every page with a 500 (as the built-in backend does).
django-ratelimit then counts nothing and lets requests through: a short outage is not worth refusing every form.
Sessions live in the database behind the cache (`cached_db`), so nobody is logged out either.

A write that could not be made leaves Redis holding what it held before: a value now stale, or a key that should
have gone (a logged-out session, the list of private pages before a story was locked). So the keys of every
skipped write are kept, and deleted first thing once Redis answers again; readers then make them afresh.

Other modules that write to Redis on their own (the page cache's stamps) register a catch-up of their own in
CATCH_UP, run the same way before the first call that reaches Redis.

Each failing call waits at most the socket timeouts below; after a failure, Redis is not asked again for a few
seconds (a host that drops packets would otherwise cost every call its timeout), and the outage is logged once
a minute, not per call.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("masthead.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
SOCKET_TIMEOUT_SECONDS = 0.5
PAUSE_SECONDS = 5
LOG_EVERY_SECONDS = 60
_last_logged = 0.0
# Callables run before every call while Redis answers; each returns at once when it has nothing to send, and raises
# the client's error when Redis is away still (then the call is answered as away, and they run again next time).
CATCH_UP = []


def away(operation, error):
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.error("Redis cannot be reached (%s: %s); answering without the cache", operation, error)


class Away(RedisConnectionError):
    """Not asked: Redis failed moments ago."""


def forgiving(operation, answer_when_away, *, writes=None):
    """The client's `operation`, answering `answer_when_away(*arguments)` when Redis cannot be reached; for a write,
    `writes(*arguments)` names the keys it would have changed."""
    method = getattr(RedisCacheClient, operation)

    def call(self, *args, **kwargs):
        try:
            self.catch_up()
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            self.paused_until = time.monotonic() + PAUSE_SECONDS
            if not isinstance(error, Away):
                away(operation, error)
            if writes is not None:
                self.stale.update(writes(*args, **kwargs))
            return answer_when_away(*args, **kwargs)

    call.__name__ = operation
    return call


def missing(key, delta):
    # What incr does for a key that is not there: the callers (rate limits, counters) start again from scratch.
    raise ValueError(f"Key {key!r} not found (Redis away)")


class ForgivingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale = set()  # keys of writes skipped while Redis was away, this process's
        self.paused_until = 0.0

    def catch_up(self):
        """Before the first call Redis answers after an outage: the keys of the writes it missed are deleted."""
        if time.monotonic() < self.paused_until:
            raise Away("Redis failed moments ago")
        if self.stale:
            keys = list(self.stale)
            RedisCacheClient.delete_many(self, keys)
            self.stale.difference_update(keys)
        for catch_up in CATCH_UP:
            catch_up()

    add = forgiving("add", lambda *args: False, writes=lambda key, *rest: [key])
    get = forgiving("get", lambda key, default: default)
    set = forgiving("set", lambda *args: None, writes=lambda key, *rest: [key])
    touch = forgiving("touch", lambda *args: False)
    delete = forgiving("delete", lambda *args: False, writes=lambda key: [key])
    get_many = forgiving("get_many", lambda *args: {})
    has_key = forgiving("has_key", lambda *args: False)
    incr = forgiving("incr", missing, writes=lambda key, delta: [key])
    set_many = forgiving("set_many", lambda data, timeout: list(data), writes=lambda data, timeout: list(data))
    delete_many = forgiving("delete_many", lambda *args: None, writes=lambda keys: list(keys))
    clear = forgiving("clear", lambda *args: False)


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {"socket_connect_timeout": SOCKET_TIMEOUT_SECONDS, "socket_timeout": SOCKET_TIMEOUT_SECONDS}
        super().__init__(server, {**params, "OPTIONS": {**options, **params.get("OPTIONS", {})}})
        self._class = ForgivingRedisCacheClient
