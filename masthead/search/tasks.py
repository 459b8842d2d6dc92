"""Background work for the search index, run by `masthead worker` (or at once, in tests)."""

from django_tasks import task

from .services import index_rebuild


@task()
def index_again_under(*, path):
    """Index again the articles below a page whose privacy changed: a private story's words leave the index, a
    story made public again returns. A whole section may be below it, so this runs in the background."""
    return index_rebuild(under=path)


def on_privacy_changed(sender, path, **kwargs):
    index_again_under.enqueue(path=path)
