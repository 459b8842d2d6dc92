"""What the reader's last action on a comment did, shown in the comment section beside the form and the thread
(the `comments` place of `page_messages`), not at the top of the page the redirect scrolls away from."""

from django.contrib import messages

PLACE = "comments"


def success(request, message):
    messages.success(request, message, extra_tags=PLACE)


def info(request, message):
    messages.info(request, message, extra_tags=PLACE)


def error(request, message):
    messages.error(request, message, extra_tags=PLACE)
