"""Django's Redis cache, made to forgive Redis being away.

The cache only spares work: every value in it can be made again from the database. So while Redis cannot be
reached (a restart, a failover, a full network queue), a read is a miss and a write is skipped, and the site goes on
answering from the database, slower, instead of failing every page with a 500 (as the built-in backend does).
django-ratelimit then counts nothing and lets requests through: a short outage is not worth refusing every form.
Sessions live in the database behind the cache (`cached_db`), so nobody is logged out either.

Each failing call waits at most the socket timeouts below, and the outage is logged once per minute, not per call.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("masthead.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
SOCKET_TIMEOUT_SECONDS = 0.5
LOG_EVERY_SECONDS = 60
_last_logged = 0.0


def away(operation, error):
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.error("Redis cannot be reached (%s: %s); answering without the cache", operation, error)


def forgiving(operation, answer_when_away):
    """The client's `operation`, answering `answer_when_away(*arguments)` when Redis cannot be reached."""
    method = getattr(RedisCacheClient, operation)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            away(operation, error)
            return answer_when_away(*args, **kwargs)

    call.__name__ = operation
    return call


def missing(key, delta):
    # What incr does for a key that is not there: the callers (rate limits, counters) start again from scratch.
    raise ValueError(f"Key {key!r} not found (Redis away)")


class ForgivingRedisCacheClient(RedisCacheClient):
    add = forgiving("add", lambda *args: False)
    get = forgiving("get", lambda key, default: default)
    set = forgiving("set", lambda *args: None)
    touch = forgiving("touch", lambda *args: False)
    delete = forgiving("delete", lambda *args: False)
    get_many = forgiving("get_many", lambda *args: {})
    has_key = forgiving("has_key", lambda *args: False)
    incr = forgiving("incr", missing)
    set_many = forgiving("set_many", lambda data, timeout: list(data))
    delete_many = forgiving("delete_many", lambda *args: None)
    clear = forgiving("clear", lambda *args: False)


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {"socket_connect_timeout": SOCKET_TIMEOUT_SECONDS, "socket_timeout": SOCKET_TIMEOUT_SECONDS}
        super().__init__(server, {**params, "OPTIONS": {**options, **params.get("OPTIONS", {})}})
        self._class = ForgivingRedisCacheClient
