"""Redis away (a restart, a failover): the cache reads as empty, and readers' pages are answered from the database
instead of failing with a 500; views that could not be buffered are dropped, not turned into an error."""

import pytest
from django.core.cache import cache

from masthead.comments.tests import helpers
from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_away(settings):
    settings.CACHES = {"default": {"BACKEND": "masthead.redis_cache.ForgivingRedisCache", "LOCATION": NOBODY_LISTENS}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as in the grown-up mode


def test_the_cache_reads_as_a_miss_and_forgets_writes_while_redis_is_away(redis_away):
    assert cache.get("anything", "fallback") == "fallback"
    cache.set("key", "value")
    assert cache.get("key") is None and cache.get_many(["a", "b"]) == {}
    assert cache.add("lock", 1) is False and not cache.has_key("lock")
    with pytest.raises(ValueError):
        cache.incr("counter")  # as for a missing key: rate limits and counters start again


def test_readers_pages_are_answered_without_the_cache(redis_away, client):
    article = helpers.article()
    for address in ["/", article.url, "/accounts/login/", "/search/?q=council"]:
        assert client.get(address).status_code == 200, address


def test_a_reader_can_sign_in_and_comment_while_redis_is_away(redis_away, client):
    helpers.policy()
    article = helpers.article()
    client.force_login(helpers.reader())
    response = client.post(f"/articles/{article.pk}/comments/", {"text": "Written during the outage."})
    assert response.status_code == 302
    assert article.comments.filter(text="Written during the outage.").exists()


def test_a_view_that_cannot_be_buffered_is_dropped_not_an_error(client, settings):
    settings.MASTHEAD_AUDIENCE_BUFFER = "redis"
    settings.MASTHEAD_AUDIENCE_REDIS_URL = NOBODY_LISTENS
    article = factories.article()
    answer = client.post(
        f"/api/v1/articles/{article.pk}/views", HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/120"
    )
    assert answer.status_code == 202 and answer.json() == {"counted": False, "reason": "unavailable"}


def test_a_write_missed_while_redis_was_away_is_undone_when_it_answers_again(settings, monkeypatch):
    """A key that should have changed (a locked story's list, a logged-out session) is deleted once Redis is back,
    rather than left holding what it held before the outage."""
    import os

    from django.core.cache.backends.redis import RedisCacheClient
    from redis.exceptions import ConnectionError as RedisConnectionError

    from masthead import redis_cache

    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs a Redis that goes away and comes back: the PostgreSQL and Redis pass")
    monkeypatch.setattr(redis_cache, "PAUSE_SECONDS", 0)
    cache.set("newsroom:restricted-paths", ["before the lock"])
    real = RedisCacheClient.get_client

    def partition(self, key=None, *, write=False):
        raise RedisConnectionError("the network between the app and Redis is down")

    monkeypatch.setattr(RedisCacheClient, "get_client", partition)
    cache.delete("newsroom:restricted-paths")  # the lock's change, during the outage: skipped
    cache.set("other", "made during the outage")
    monkeypatch.setattr(RedisCacheClient, "get_client", real)
    assert cache.get("newsroom:restricted-paths") is None  # not the list from before the lock
    assert cache.get("other") is None
