"""Background work for the newsletter, run by `masthead worker` (or at once, in tests)."""

from django_tasks import task


@task()
def send_confirmation(*, subscriber_id):
    """Mail one address its confirmation link."""
    from .services import confirmation_send

    return confirmation_send(subscriber_id=subscriber_id)


@task()
def send_digest(*, digest_id):
    """Send a digest's due deliveries for a while; queues its own continuation when there is more."""
    from .services import digest_send_some

    return digest_send_some(digest_id=digest_id)
