"""The newest stamp, read on every stored page a process answers from its own copy.

With the embedded cache it is a file's modification time (a stat(), nothing read from the cache); with Redis,
one small read. Either way a change made by any process drops every copy at once.
"""

import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from masthead.pagecache import lookup, tags
from masthead.pagecache.tests.test_wsgi_front import Answer, front, page_cache_on, story  # noqa: F401

pytestmark = pytest.mark.django_db

embedded_cache_only = pytest.mark.skipif(
    bool(settings.REDIS_URL), reason="with Redis every process reads the same server (tests/test_grown_up.py)"
)


class CountingCache:
    """The real cache, counting the calls that reach it."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_answering_its_own_copy_costs_a_process_at_most_one_small_read(front, story, monkeypatch):  # noqa: F811
    # A quiet minute: nothing stamped since the page was rendered. The story's publication was stamped a moment
    # ago, and the file's mark stands that margin later than its stamp.
    if tags.config().latest_stamp_file:
        time.sleep(tags.FILE_MARK_MARGIN + 0.1)
    Answer(front, story.url)
    assert Answer(front, story.url).headers["X-Page-Cache"] == "hit"  # now held by this process too
    counting = CountingCache(lookup.cache)
    monkeypatch.setattr(lookup, "cache", counting)
    monkeypatch.setattr(tags, "cache", counting)
    assert Answer(front, story.url).headers["X-Page-Cache"] == "hit"
    expected = [] if tags.config().latest_stamp_file else ["get"]  # embedded cache: a stat() of the mark only
    assert counting.calls == expected


@embedded_cache_only
def test_a_change_stamped_by_another_process_drops_the_copy_this_process_holds(front, story, tmp_path):  # noqa: F811
    Answer(front, story.url)
    assert Answer(front, story.url).headers["X-Page-Cache"] == "hit"
    assert os.path.exists(tags.config().latest_stamp_file), "the story's publication marked its stamp"
    # Another process of the same site: its data directory's cache is this process's cache.
    data = tmp_path / "data"
    data.mkdir()
    (data / "cache").symlink_to(settings.CACHES["default"]["LOCATION"])
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(MASTHEAD_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="masthead.settings")
    code = f"import django; django.setup(); from masthead.pagecache import tags; tags.stamp({{'page:{story.pk}'}})"
    subprocess.run([sys.executable, "-c", code], env=environment, check=True, cwd=Path(__file__).resolve().parents[3])
    assert Answer(front, story.url).headers["X-Page-Cache"] == "miss"


@embedded_cache_only
def test_the_mark_of_the_newest_stamp_never_moves_back():
    later = time.time() + 100
    tags.stamp({"page:1"}, now=later)
    tags.stamp({"page:2"}, now=later - 50)  # a process that took its time to write an older stamp
    assert tags.latest_stamp() >= later


@embedded_cache_only
def test_a_process_marking_waits_for_one_that_is_marking_so_neither_puts_back_an_older_mark():
    tags.stamp({"page:1"}, now=time.time())
    mark = tags.config().latest_stamp_file
    newer, older = time.time() + 200, time.time() + 100
    with open(mark, "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another process, between reading the mark and moving it
        waiting = threading.Thread(target=tags.mark_latest_stamp, args=(mark, older))
        waiting.start()
        waiting.join(timeout=0.3)
        assert waiting.is_alive(), "the second process did not wait for the first"
        os.utime(mark, (newer, newer))  # the first one's newer mark
    waiting.join(timeout=5)
    assert os.stat(mark).st_mtime == newer


@embedded_cache_only
def test_without_the_mark_the_newest_stamp_is_read_from_the_cache_and_marked_for_the_next_reader():
    tags.stamp({"page:1"}, now=time.time())
    mark = tags.config().latest_stamp_file
    os.remove(mark)  # as in a data directory made before there was a mark
    tags.cache.set(tags.LATEST_STAMP, 12345.0)
    assert tags.latest_stamp() == 12345.0
    assert os.stat(mark).st_mtime == 12345.0 + tags.FILE_MARK_MARGIN
    tags.cache.delete(tags.LATEST_STAMP)
    assert tags.latest_stamp() == 12345.0 + tags.FILE_MARK_MARGIN  # from the mark alone


@embedded_cache_only
def test_a_mark_that_cannot_be_written_is_removed_so_readers_ask_the_cache(monkeypatch, caplog):
    tags.stamp({"page:1"}, now=time.time())

    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(tags.os, "utime", refuse)
    tags.stamp({"page:1"}, now=time.time() + 100)
    assert not os.path.exists(tags.config().latest_stamp_file)
    assert "Could not mark the newest page-cache stamp" in caplog.text
    assert tags.latest_stamp() >= time.time() + 99  # the cache's stamp, not the old mark


@pytest.mark.skipif(not settings.REDIS_URL, reason="the embedded cache's race is the mark's (tests above)")
def test_on_redis_a_stamp_written_late_never_moves_a_newer_one_back():
    newer = time.time() + 1000
    tags.stamp({"page:1"}, now=newer)
    tags.stamp({"page:1", "page:2"}, now=newer - 50)  # another app server's older stamp, landing last
    assert tags.latest_stamp() == pytest.approx(newer, abs=1e-6)
    # A page that began rendering between the two stamps is stale: it may not show the newer change.
    assert not tags.is_fresh({"page:1"}, newer - 10)
    assert not tags.is_fresh({"page:2"}, newer - 60) and tags.is_fresh({"page:2"}, newer - 40)
