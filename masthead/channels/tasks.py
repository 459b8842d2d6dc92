"""Background work for channels, run by `masthead worker` (or at once, in tests)."""

from django_tasks import task


@task()
def deliver_channel_post(*, post_id):
    """Post one story to one channel; a failure is recorded on the post and retried by the schedule."""
    from .services import channel_post_deliver

    return channel_post_deliver(post_id=post_id)
