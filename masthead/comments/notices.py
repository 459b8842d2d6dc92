"""What the reader's last action on a comment did, shown in the comment section beside the form and the thread
(the `comments` place of `page_messages`), not at the top of the page the redirect scrolls away from. A notice
`about` one comment is shown inside that comment, where the redirect lands (`messages_at`), while it is on the page.
"""

from django.contrib import messages

PLACE = "comments"


def tags(about):
    return PLACE if about is None else f"{PLACE} at:comment-{about.pk}"


def success(request, message, *, about=None):
    messages.success(request, message, extra_tags=tags(about))


def info(request, message, *, about=None):
    messages.info(request, message, extra_tags=tags(about))


def error(request, message, *, about=None):
    messages.error(request, message, extra_tags=tags(about))
