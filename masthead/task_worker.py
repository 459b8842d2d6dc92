"""The background worker's command: django-tasks' database worker, quiet about tasks that went well.

At its default verbosity the worker logs two lines for every task it runs. After `masthead demo` that is
thousands of lines (each new article queues search-index and reference-index updates), which bury the admin
account's credentials that quickstart has just printed, and in production they say nothing anyone acts on.
Tasks that fail are still logged, with their traceback; `masthead worker --verbose` logs every task again.

When the database stops answering (a restart, a failover, a dropped connection), django-tasks' worker ends with the
error. This one logs it, waits, and starts again, so scheduled publishing, view counts and mails resume by themselves
once the database is back.
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


class QuietWorkerCommand(DatabaseWorkerCommand):
    def __init__(self, *args, verbose=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.verbose = verbose

    def handle(self, *args, **options):
        wait = FIRST_WAIT_SECONDS
        while True:
            started = time.monotonic()
            try:
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
