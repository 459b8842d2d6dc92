"""Background work for typo reports, run by `masthead worker` (or at once, in tests)."""

from django_tasks import task


@task()
def notify_reporters(*, report_id):
    """Tell each reader behind a fixed report (logged in, or who left an email) that it is fixed, once."""
    from .notifications import reporters_notify

    return reporters_notify(report_id=report_id)


@task()
def send_digest():
    """Mail editors the reports that came in since the last digest."""
    from .notifications import digest_send

    return digest_send()
