"""Hashes of readers' network addresses are kept only as long as rate limits, flood checks and bans need them."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from masthead.comments import services
from masthead.comments.models import Comment
from masthead.typos import services as typo_services
from masthead.typos.models import TypoReporter
from masthead.typos.tests import helpers as typo_helpers

from . import helpers

pytestmark = pytest.mark.django_db


def test_comment_address_hashes_are_forgotten_after_the_retention_period(settings):
    settings.MASTHEAD_ADDRESS_RETENTION_DAYS = 30
    helpers.policy()
    article, reader = helpers.article(), helpers.reader()
    now = timezone.now()
    old = [
        services.comment_submit(
            article=article, author=reader, text=f"Old {n}", ip_hash=f"old{n}", now=now - timedelta(days=31)
        )
        for n in range(3)
    ]
    recent = services.comment_submit(
        article=article, author=reader, text="Recent", ip_hash="recent", now=now - timedelta(days=29)
    )
    assert services.forget_old_addresses(batch=2) == 3  # in batches, so no write lock is held for long
    assert set(Comment.objects.filter(pk__in=[c.pk for c in old]).values_list("ip_hash", flat=True)) == {""}
    assert Comment.objects.get(pk=recent.pk).ip_hash == "recent"
    assert services.forget_old_addresses() == 0
    assert Comment.objects.filter(text__startswith="Old").count() == 3  # the comments themselves stay


def test_typo_reporter_address_hashes_are_forgotten_after_the_retention_period_and_with_the_account(client, settings):
    settings.MASTHEAD_ADDRESS_RETENTION_DAYS = 30
    article = typo_helpers.article()
    for address in ("10.0.0.1", "10.0.0.2"):
        answer = typo_helpers.post_report(
            client, article.pk, typo_helpers.place(article, "teh", block_index=0), REMOTE_ADDR=address
        )
        assert answer.status_code in {200, 201}
    first, second = TypoReporter.objects.order_by("pk")
    TypoReporter.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert typo_services.forget_old_addresses() == 1
    assert TypoReporter.objects.get(pk=first.pk).reporter_hash == ""
    assert TypoReporter.objects.get(pk=second.pk).reporter_hash == second.reporter_hash

    account = typo_helpers.user()
    TypoReporter.objects.filter(pk=second.pk).update(user=account)
    typo_services.reporter_forget(user=account)
    assert TypoReporter.objects.get(pk=second.pk).reporter_hash == ""


def test_the_worker_forgets_old_addresses_every_hour():
    jobs = django_settings.MASTHEAD_PERIODIC_JOBS
    assert jobs["masthead.comments.services.forget_old_addresses"] <= 3600
    assert jobs["masthead.typos.services.forget_old_addresses"] <= 3600
