"""Background work for tips, run by `masthead worker` (or at once, in tests)."""

from django_tasks import task


@task()
def tell_editors(*, tip_id):
    """Mail MASTHEAD_TIPS_NOTIFY that a tip came in: a link to it in the admin, never its content, so a source's
    words stay in the newsroom's own system."""
    from .notifications import tip_notice_send

    return tip_notice_send(tip_id=tip_id)
