"""Counts are exact under load and across crashes: many threads counting while flushes run side by side,
and a flush killed at its worst moments, lose no view and count none twice."""

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory

from masthead.audience import services
from masthead.audience.models import DailyViews
from masthead.newsroom.tests import factories

from .helpers import BROWSER

REPO_ROOT = Path(__file__).resolve().parents[3]
THREADS = 8
VIEWS_PER_THREAD = 40


def reader_request(address):
    return RequestFactory().post("/api/v1/articles/1/views", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=address)


def run_threads(target, count):
    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


# The serialized rollback puts back what migrations made (the tree root, the groups) after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_readers_counting_while_two_flushes_run_lose_no_view(buffer_kind):
    articles = [factories.article(), factories.article()]
    errors = []
    counting_done = threading.Event()
    start = threading.Barrier(THREADS + 2)

    def count_as_readers(number):
        try:
            start.wait(timeout=30)
            for view in range(VIEWS_PER_THREAD):
                article = articles[view % 2]
                request = reader_request(f"10.{number}.{view}.1")
                # Each reader opens the page twice: only the first counts.
                for _twice in range(2):
                    services.view_record(request=request, article_id=article.pk)
        except Exception as error:  # noqa: BLE001 - the test reports every failure
            errors.append(repr(error))
        finally:
            connection.close()

    def keep_flushing(_number):
        try:
            start.wait(timeout=30)
            while not counting_done.is_set():
                services.flush_view_counts()
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    flushers = [threading.Thread(target=keep_flushing, args=(n,)) for n in range(2)]
    for flusher in flushers:
        flusher.start()
    run_threads(count_as_readers, THREADS)
    counting_done.set()
    for flusher in flushers:
        flusher.join(timeout=120)
    services.flush_view_counts()

    assert errors == []
    expected = THREADS * VIEWS_PER_THREAD // 2
    for article in articles:
        article.refresh_from_db()
        assert article.view_count == expected
        assert DailyViews.objects.get(article=article).views == expected
    assert services.pending_views() == {}


CRASHING_FLUSH = """
import os, sys
import django
django.setup()
from django.conf import settings
settings.MASTHEAD_AUDIENCE_BUFFER = sys.argv[1]
from masthead.audience import buffers, services

where = sys.argv[2]
if where == "before_commit":
    counted = services.apply_counts

    def apply_then_die(views):
        counted(views)
        os._exit(3)

    services.apply_counts = apply_then_die
elif where == "after_commit":
    buffers.current_buffer().release_script = lambda **kwargs: os._exit(3)
services.flush_view_counts()
os._exit(0)
"""


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def flush_in_a_process_that_dies(buffer_kind, where):
    environment = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "masthead.test_settings"}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRASHING_FLUSH), buffer_kind, where],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr[-2000:]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("where", ["before_commit", "after_commit"])
def test_a_flush_killed_midway_loses_nothing_and_counts_nothing_twice(buffer_kind, where):
    if buffer_kind == "database" and where == "after_commit":
        pytest.skip("the database buffer's flush ends with its commit: there is no later step to die in")
    article = factories.article()
    for n in range(7):
        services.view_record(request=reader_request(f"10.0.0.{n}"), article_id=article.pk)
    connection.close()  # SQLite: let the other process have the write lock

    flush_in_a_process_that_dies(buffer_kind, where)
    article.refresh_from_db()
    # Killed before its commit: nothing landed. Killed after: all of it, and the buffer still holds the batch.
    assert article.view_count == (7 if where == "after_commit" else 0)

    # The next flush (the worker's, a minute later) finishes the job exactly.
    services.flush_view_counts()
    article.refresh_from_db()
    assert article.view_count == 7
    assert DailyViews.objects.get(article=article).views == 7
    assert services.pending_views() == {}
