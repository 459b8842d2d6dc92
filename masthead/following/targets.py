"""What can be followed, as addresses name it: `topics/<tag id>` and `authors/<author page id>`."""

from masthead.ids import row_or_none
from masthead.newsroom.models import AuthorPage, NewsTag

KINDS = ("topics", "authors")


def target_of(kind, pk):
    """`{"tag": …}` or `{"author": …}` for the services, or None when no such topic or published author exists."""
    if kind == "topics":
        tag = row_or_none(NewsTag.objects.all(), pk)
        return None if tag is None else {"tag": tag}
    if kind == "authors":
        author = row_or_none(AuthorPage.objects.live(), pk)
        return None if author is None else {"author": author}
    return None


def kind_of(*, tag=None, author=None):
    return "topics" if tag is not None else "authors"
