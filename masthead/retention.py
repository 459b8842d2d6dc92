"""Forgetting readers' address hashes once rate limits, flood checks and bans no longer look at them
(MASTHEAD_ADDRESS_RETENTION_DAYS). Each app's periodic job names its own table and column."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def forget_address_hashes(model, field, *, now=None, batch=5000):
    """Blank `field` on the rows of `model` created before the retention period, a batch at a time so SQLite's one
    write lock is never held long. Returns how many were blanked."""
    before = (now or timezone.now()) - timedelta(days=settings.MASTHEAD_ADDRESS_RETENTION_DAYS)
    kept = model.objects.filter(created_at__lt=before).exclude(**{field: ""})
    forgotten = 0
    while ids := list(kept.values_list("pk", flat=True)[:batch]):
        forgotten += model.objects.filter(pk__in=ids).update(**{field: ""})
    return forgotten
