from django.utils.functional import cached_property

from .selectors import new_reply_count


class ReaderNotices:
    """What the header tells a signed-in reader, read only if a page shows it (and at most once per page)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def new_replies(self):
        return new_reply_count(self.user) if self.user is not None and self.user.is_authenticated else 0


def reader(request):
    # Anonymous pages (the ones the page cache stores) never read anything for it.
    return {"reader_notices": ReaderNotices(getattr(request, "user", None))}
