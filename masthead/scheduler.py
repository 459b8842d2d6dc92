"""Periodic work without cron: publishing scheduled articles, and the jobs apps list in MASTHEAD_PERIODIC_JOBS.

`masthead worker` (and so `masthead serve`, which starts one) runs this loop in a thread. Wagtail's own
`publish_scheduled` command does the publishing; running it from several workers at once is safe because
it only acts on revisions whose time has come and each publish clears the schedule in one transaction.
Every periodic job must be just as safe to run from several workers at once.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

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


def run_job(path):
    """Run one periodic job by its dotted path; a failure is logged and the next round tries again."""
    release_stale_connections()
    try:
        import_string(path)()
    except Exception:  # noqa: BLE001 - one failing job must not stop the others or the schedule.
        logger.exception("Periodic job %s failed; will try again", path)
    finally:
        release_stale_connections()


class PeriodicJobs:
    """The apps' jobs, each run when its own interval (seconds, from MASTHEAD_PERIODIC_JOBS) has passed."""

    def __init__(self, jobs=None, clock=time.monotonic):
        self.jobs = dict(settings.MASTHEAD_PERIODIC_JOBS if jobs is None else jobs)
        self.clock = clock
        self.next_run = dict.fromkeys(self.jobs, 0.0)

    def run_due(self):
        now = self.clock()
        for path, every in self.jobs.items():
            if now >= self.next_run[path]:
                self.next_run[path] = now + every
                run_job(path)

    def shortest_interval(self):
        return min(self.jobs.values(), default=None)


def run_forever(stop_event, interval=None, jobs=None):
    interval = interval or settings.MASTHEAD_SCHEDULER_INTERVAL
    periodic = PeriodicJobs(jobs)
    tick = min(interval, periodic.shortest_interval() or interval)
    next_publish = 0.0
    while not stop_event.is_set():
        if time.monotonic() >= next_publish:
            next_publish = time.monotonic() + interval
            publish_due_articles()
        periodic.run_due()
        stop_event.wait(tick)


def start_in_thread(interval=None, jobs=None):
    stop_event = threading.Event()
    thread = threading.Thread(
        target=run_forever, args=(stop_event, interval, jobs), name="masthead-scheduler", daemon=True
    )
    thread.start()
    return stop_event
