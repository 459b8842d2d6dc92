"""The background worker's command: django-tasks' database worker, quiet about tasks that went well.

At its default verbosity the worker logs two lines for every task it runs. After `masthead demo` that is
thousands of lines (each new article queues search-index and reference-index updates), which bury the admin
account's credentials that quickstart has just printed, and in production they say nothing anyone acts on.
Tasks that fail are still logged, with their traceback; `masthead worker --verbose` logs every task again.
"""

import logging

from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class QuietWorkerCommand(DatabaseWorkerCommand):
    def __init__(self, *args, verbose=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.verbose = verbose

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        if not self.verbose:
            # django-tasks logs a task's start and success at INFO and its failure with logger.exception (ERROR).
            logging.getLogger(TASKS_LOGGER).setLevel(logging.WARNING)
