"""An article scheduled for a time goes live then, with only Masthead's own processes running."""

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
    page = schedule(go_live_at=timezone.now() + timedelta(seconds=1))
    scheduler.publish_due_articles()
    page.refresh_from_db()
    assert not page.live
    time.sleep(1.2)
    scheduler.publish_due_articles()
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_scheduler_thread_publishes_without_cron(transactional_db):
    page = schedule(go_live_at=timezone.now() + timedelta(seconds=1))
    stop = scheduler.start_in_thread(interval=0.2)
    try:
        for _attempt in range(50):
            page.refresh_from_db()
            if page.live:
                break
            stop.wait(0.1)
    finally:
        stop.set()
    assert page.live


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
