"""Background work for channels, run by `masthead worker` (or at once, in tests)."""

from django_tasks import task


@task()
def deliver_channel_post(*, post_id):
    """Post one story to one channel; a failure is recorded on the post and retried by the schedule."""
    from .services import channel_post_deliver

    return channel_post_deliver(post_id=post_id)


@task()
def post_stories_made_public(*, path):
    """Post the stories below a page whose restriction was lifted that became news by it (see the service)."""
    from .services import posts_for_stories_made_public

    return posts_for_stories_made_public(path=path)


def on_privacy_changed(sender, path, **kwargs):
    post_stories_made_public.enqueue(path=path)
