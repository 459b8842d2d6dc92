"""An article scheduled for a time goes live then, with only Masthead's own processes running."""

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead import scheduler
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db


def schedule(*, go_live_at):
    section = factories.section()
    page = section.add_child(instance=ArticlePage(title="Embargoed", slug="embargoed", lead="Soon.", live=False))
    page.go_live_at = go_live_at
    page.save_revision().publish()  # with a future go_live_at this only schedules it
    page.refresh_from_db()
    return page


def test_scheduled_article_stays_hidden_until_its_time(client):
    page = schedule(go_live_at=timezone.now() + timedelta(hours=1))
    scheduler.publish_due_articles()
    page.refresh_from_db()
    assert not page.live
    assert client.get("/").content.decode().count("Embargoed") == 0


def test_article_goes_live_when_its_time_has_come(client):
    go_live_at = timezone.now() + timedelta(seconds=2)
    page = schedule(go_live_at=go_live_at)
    scheduler.publish_due_articles()
    page.refresh_from_db()
    assert page.live == (timezone.now() >= go_live_at)  # not before its time, on a slow machine included
    time.sleep(max(0.0, (go_live_at - timezone.now()).total_seconds()) + 0.2)
    scheduler.publish_due_articles()
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_schedule_loop_publishes_on_time_until_stopped():
    page = schedule(go_live_at=timezone.now() + timedelta(seconds=1))
    stop = threading.Event()
    threading.Timer(2.0, stop.set).start()  # the timer only stops the loop; the loop does the work
    scheduler.run_forever(stop, interval=0.2)
    page.refresh_from_db()
    assert page.live


def test_worker_runs_the_schedule_in_a_background_thread(monkeypatch):
    runs = threading.Event()
    monkeypatch.setattr(scheduler, "publish_due_articles", runs.set)
    stop = scheduler.start_in_thread(interval=0.1, jobs={})
    try:
        assert runs.wait(5)
        assert any(thread.name == "masthead-scheduler" and thread.daemon for thread in threading.enumerate())
    finally:
        stop.set()


def test_failed_run_is_logged_and_the_loop_goes_on(monkeypatch, caplog):
    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(scheduler, "call_command", broken)
    scheduler.publish_due_articles()
    scheduler.publish_due_articles()
    assert len(calls) == 2
    assert "will try again" in caplog.text


# Periodic jobs of the apps (flushing counters, retrying deliveries) ride on the same loop.
job_calls = []


def counting_job():
    job_calls.append(time.monotonic())


def failing_job():
    raise RuntimeError("channel down")


def test_periodic_jobs_run_each_at_its_own_interval():
    clock = [0.0]
    job_calls.clear()
    jobs = scheduler.PeriodicJobs({f"{__name__}.counting_job": 10}, clock=lambda: clock[0])
    for now in (0, 3, 9, 10, 15, 20.5):
        clock[0] = now
        jobs.run_due()
    assert len(job_calls) == 3  # at 0, 10 and 20.5


def test_a_failing_periodic_job_is_logged_and_the_others_still_run(caplog):
    job_calls.clear()
    jobs = scheduler.PeriodicJobs({f"{__name__}.failing_job": 1, f"{__name__}.counting_job": 1})
    jobs.run_due()
    assert len(job_calls) == 1
    assert "failing_job failed; will try again" in caplog.text


def test_worker_loop_runs_the_periodic_jobs_until_stopped():
    job_calls.clear()
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    scheduler.run_forever(stop, interval=5, jobs={f"{__name__}.counting_job": 0.2})
    assert 3 <= len(job_calls) <= 7
