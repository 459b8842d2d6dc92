"""The background worker reports a task that failed, and stays quiet about the thousands that went well."""

import logging
import signal

import pytest
from django.core.management import call_command
from django_tasks import task

from masthead.task_worker import QuietWorkerCommand

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def index_an_article():
    return "indexed"


@task()
def post_to_a_channel():
    raise RuntimeError("the channel refused the post")


@pytest.fixture
def worker_state_restored():
    """The worker sets its loggers' levels and the process's signal handlers; give both back to the suite."""
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
    for number, handler in handlers.items():
        signal.signal(number, handler)


def run_queued_tasks(**command_options):
    call_command(QuietWorkerCommand(**command_options), "--batch", "--no-reload", "--no-startup-delay")


def task_log_lines(caplog):
    return [(record.levelno, record.getMessage()) for record in caplog.records if record.name == "django_tasks"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_logs_a_failed_task_with_its_error_and_not_the_tasks_that_succeeded(
    settings, caplog, worker_state_restored
):
    settings.TASKS = DATABASE_TASKS
    for _ in range(3):
        index_an_article.enqueue()
    failed = post_to_a_channel.enqueue()
    caplog.set_level(logging.DEBUG, logger="")  # capture whatever the worker lets through
    run_queued_tasks()
    lines = task_log_lines(caplog)
    assert lines == [(logging.ERROR, f"Task id={failed.id} path={post_to_a_channel.module_path} state=FAILED")]
    assert "RuntimeError: the channel refused the post" in caplog.text  # with its traceback


@pytest.mark.django_db(transaction=True)
def test_the_verbose_worker_logs_every_task_as_it_starts_and_ends(settings, caplog, worker_state_restored):
    settings.TASKS = DATABASE_TASKS
    queued = index_an_article.enqueue()
    caplog.set_level(logging.DEBUG, logger="")
    run_queued_tasks(verbose=True)
    messages = [message for _level, message in task_log_lines(caplog)]
    path = index_an_article.module_path
    assert f"Task id={queued.id} path={path} state=RUNNING" in messages
    assert f"Task id={queued.id} path={path} state=SUCCESSFUL" in messages


@task()
def lose_the_database_connection():
    """What a database restart does to the worker mid-task: its connection is cut by the server."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


@pytest.mark.django_db(transaction=True)
def test_the_worker_outlives_a_dropped_database_connection_and_runs_the_next_task(
    settings, caplog, worker_state_restored
):
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    if connection.vendor != "postgresql":
        pytest.skip("the server cuts the connection: PostgreSQL's pg_terminate_backend")
    settings.TASKS = DATABASE_TASKS
    lose_the_database_connection.enqueue()
    after = index_an_article.enqueue()
    caplog.set_level(logging.ERROR, logger="masthead.task_worker")
    run_queued_tasks()
    assert "The database did not answer" in caplog.text
    assert DBTaskResult.objects.get(pk=after.id).status == "SUCCESSFUL"


@task()
def lose_the_connection_the_first_time(*, marker):
    """A task the database restart cuts off once: the second run finds the marker and finishes."""
    from pathlib import Path

    if not Path(marker).exists():
        Path(marker).touch()
        lose_the_database_connection.call()
    return "finished"


@pytest.mark.django_db(transaction=True)
def test_a_task_cut_off_by_a_database_outage_is_run_again_not_left_running(
    settings, caplog, worker_state_restored, tmp_path
):
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    if connection.vendor != "postgresql":
        pytest.skip("the server cuts the connection: PostgreSQL's pg_terminate_backend")
    settings.TASKS = DATABASE_TASKS
    cut_off = lose_the_connection_the_first_time.enqueue(marker=str(tmp_path / "ran-once"))
    caplog.set_level(logging.WARNING, logger="masthead.task_worker")
    run_queued_tasks()
    result = DBTaskResult.objects.get(pk=cut_off.id)
    assert result.status == "SUCCESSFUL" and result.return_value == "finished"
    assert len(result.worker_ids) == 2  # claimed, cut off, queued again and claimed once more
    assert f"Task id={cut_off.id} was interrupted by the database outage; it is queued again." in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_task_that_always_brings_the_connection_down_is_failed_after_three_tries(settings, worker_state_restored):
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    if connection.vendor != "postgresql":
        pytest.skip("the server cuts the connection: PostgreSQL's pg_terminate_backend")
    settings.TASKS = DATABASE_TASKS
    doomed = lose_the_database_connection.enqueue()
    run_queued_tasks()  # ends: the worker does not loop on it
    result = DBTaskResult.objects.get(pk=doomed.id)
    assert result.status == "FAILED" and len(result.worker_ids) == 3
    assert "Interrupted 3 times" in result.traceback
