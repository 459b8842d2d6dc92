"""The newsletter's settings, each read here with its default (override any in the Django settings)."""

from datetime import timedelta

from django.conf import settings


def setting(name, default):
    return getattr(settings, f"MASTHEAD_NEWSLETTER_{name}", default)


def confirm_max_age():
    """How long a confirmation link works: long enough for a reader who checks mail once a week."""
    return timedelta(seconds=setting("CONFIRM_MAX_AGE", 7 * 24 * 3600))


def confirmation_interval():
    """The least time between two confirmation mails to one address, so the form cannot flood a mailbox."""
    return timedelta(seconds=setting("CONFIRMATION_INTERVAL", 15 * 60))


def subscribe_rate():
    """Subscribe posts allowed from one network address (django-ratelimit's notation)."""
    return setting("SUBSCRIBE_RATE", "20/h")


def batch_size():
    """Digests handed to the mail server over one SMTP connection before progress is written down.

    A crash can leave at most one batch in doubt; those are never sent again (see `delivery.py`).
    """
    return setting("BATCH_SIZE", 100)


def smtp_timeout():
    """Seconds to wait for the mail server, unless EMAIL_TIMEOUT says; Django would wait for ever by default."""
    return settings.EMAIL_TIMEOUT or setting("SMTP_TIMEOUT", 60)


def task_time_budget():
    """Seconds one sending task works before it queues its own continuation, so other tasks get a turn."""
    return setting("TASK_TIME_BUDGET", 30)


def max_attempts():
    return setting("MAX_ATTEMPTS", 6)


def retry_delay(attempts):
    """Wait before the next try after `attempts` transient failures: 1, 2, 4 ... minutes, at most 2 hours."""
    base = setting("RETRY_BASE_SECONDS", 60)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), setting("RETRY_MAX_SECONDS", 2 * 3600)))


def claim_timeout():
    """After this long a batch claimed by a worker that vanished is written off as interrupted."""
    return timedelta(seconds=setting("CLAIM_TIMEOUT", 15 * 60))


def keep_deliveries():
    """How long the per-address rows of a finished digest are kept (its totals stay for good)."""
    return timedelta(days=setting("KEEP_DELIVERIES_DAYS", 30))


def send_hour():
    """The hour (site time) after which the day's digest of yesterday, and on Mondays last week's, goes out."""
    return setting("SEND_HOUR", 7)


def new_stories_limit():
    return setting("NEW_STORIES", 20)


def most_read_limit():
    return setting("MOST_READ", 5)


def from_email():
    return setting("FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)


def base_url():
    return settings.BASE_URL.rstrip("/")


def list_host():
    """The site's host name, which names its mailing lists in `List-Id` (e.g. daily.newsletter.example.org)."""
    return base_url().split("://", 1)[-1].split("/")[0].split(":")[0]
