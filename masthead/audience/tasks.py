"""Background work for the audience app, run by `masthead worker` (or at once, in tests)."""

from django_tasks import task

from .services import archive_rebuild


@task()
def archive_again_under(*, path):
    """File again the articles below a page whose privacy changed: a private story leaves the archive's days, a
    story made public again returns. A whole section may be below it, so this runs in the background."""
    return archive_rebuild(under=path)


def on_privacy_changed(sender, path, **kwargs):
    archive_again_under.enqueue(path=path)
