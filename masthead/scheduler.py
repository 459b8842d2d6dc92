"""Publishes scheduled articles on time without cron.

`masthead worker` (and so `masthead serve`, which starts one) runs this loop in a thread. Wagtail's own
`publish_scheduled` command does the publishing; running it from several workers at once is safe because
it only acts on revisions whose time has come and each publish clears the schedule in one transaction.
"""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


def release_stale_connections():
    """Drop connections that broke or outlived CONN_MAX_AGE, as Django does around each request.

    A connection inside a transaction that someone else opened is left alone: closing it would end their work.
    """
    if not connection.in_atomic_block:
        close_old_connections()


def publish_due_articles():
    release_stale_connections()
    try:
        call_command("publish_scheduled", verbosity=0)
    except Exception:  # noqa: BLE001 - one failing run must not stop the schedule; the next run retries.
        logger.exception("Publishing scheduled pages failed; will try again")
    finally:
        release_stale_connections()


def run_forever(stop_event, interval=None):
    interval = interval or settings.MASTHEAD_SCHEDULER_INTERVAL
    while not stop_event.is_set():
        publish_due_articles()
        stop_event.wait(interval)


def start_in_thread(interval=None):
    stop_event = threading.Event()
    thread = threading.Thread(target=run_forever, args=(stop_event, interval), name="masthead-scheduler", daemon=True)
    thread.start()
    return stop_event
