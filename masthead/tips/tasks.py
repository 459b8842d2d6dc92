"""Background work for tips, run by `masthead worker` (or at once, in tests)."""

from django_tasks import task


@task()
def tell_editors(*, tip_id, again=False, files=0):
    """Mail MASTHEAD_TIPS_NOTIFY that a tip came in, or that its sender wrote again (with `files` files): a link to
    it in the admin, never its content, so a source's words stay in the newsroom's own system."""
    from .notifications import tip_notice_send

    return tip_notice_send(tip_id=tip_id, again=again, files=files)


@task()
def tell_sender(*, message_id):
    """Mail a signed-in sender that the newsroom answered their tip: a link to the conversation, not the answer."""
    from .notifications import answer_notice_send

    return answer_notice_send(message_id=message_id)
