"""The background worker's command: django-tasks' database worker, quiet about tasks that went well.

At its default verbosity the worker logs two lines for every task it runs. After `masthead demo` that is
thousands of lines (each new article queues search-index and reference-index updates), which bury the admin
account's credentials that quickstart has just printed, and in production they say nothing anyone acts on.
Tasks that fail are still logged, with their traceback; `masthead worker --verbose` logs every task again.

When the database stops answering (a restart, a failover, a dropped connection), django-tasks' worker ends with the
error. This one logs it, waits, and starts again, so scheduled publishing, view counts and mails resume by themselves
once the database is back. The task it was running when the database went away is left marked as running, and
nothing would ever run it again: the worker puts it back in the queue first (the project's tasks may run twice: a
mail or a channel post claims its row before it goes out). A task that was cut off MOST_INTERRUPTIONS times is
marked failed instead, so that a task which itself brings the connection down cannot hold the worker in a loop.
"""

import logging
import time

from django.db import connections
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from masthead.unavailable import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

FIRST_WAIT_SECONDS = 1
LONGEST_WAIT_SECONDS = 60
MOST_INTERRUPTIONS = 3


def requeue_interrupted(worker_id):
    """Queue again the tasks that this worker had started when the database stopped answering. Returns how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    requeued = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        if not result.worker_ids or result.worker_ids[-1] != worker_id:
            continue  # another worker's, perhaps running it right now
        if len(result.worker_ids) >= MOST_INTERRUPTIONS:
            result.set_failed(RuntimeError(f"Interrupted {len(result.worker_ids)} times: the database went away."))
            logger.error("Task id=%s was interrupted %d times; it is marked failed.", result.pk, len(result.worker_ids))
            continue
        result.status, result.started_at = TaskResultStatus.READY, None
        result.save(update_fields=["status", "started_at"])
        logger.warning("Task id=%s was interrupted by the database outage; it is queued again.", result.pk)
        requeued += 1
    return requeued


class QuietWorkerCommand(DatabaseWorkerCommand):
    def __init__(self, *args, verbose=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.verbose = verbose

    def handle(self, *args, **options):
        wait = FIRST_WAIT_SECONDS
        while True:
            started = time.monotonic()
            try:
                requeue_interrupted(options["worker_id"])
                return super().handle(*args, **options)
            except DATABASE_UNAVAILABLE as error:
                # A worker that ran a good while before this outage starts again soon; one failing over and over
                # waits longer each time.
                wait = FIRST_WAIT_SECONDS if time.monotonic() - started > LONGEST_WAIT_SECONDS else wait
                logger.error("The database did not answer (%s); the worker starts again in %d s.", error, wait)
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT_SECONDS)

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        if not self.verbose:
            # django-tasks logs a task's start and success at INFO and its failure with logger.exception (ERROR).
            logging.getLogger(TASKS_LOGGER).setLevel(logging.WARNING)
