"""Saving a story for later and taking it off the list: both may be repeated, and give the same result."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from masthead.refusals import Refused

from .models import SavedStory

# A list is for reading later, not an archive of the site; the cap also bounds what a script can make us store.
MAX_SAVED = 1000


class SaveRefused(Refused):
    pass


def story_save(*, reader, article):
    """Put a live story on the reader's list (already there: nothing changes). Returns the list's length."""
    if not article.live:
        raise SaveRefused(_("This story is not published."), code="not_found", status=404)
    saved = SavedStory.objects.filter(reader=reader)
    if not saved.filter(article=article).exists():
        if saved.count() >= MAX_SAVED:
            raise SaveRefused(
                _("Your list holds %(max)d stories at most; remove some you have read first.") % {"max": MAX_SAVED},
                code="list_full",
                status=409,
            )
        try:
            with transaction.atomic():
                SavedStory.objects.create(reader=reader, article=article)
        except IntegrityError:  # saved at the same moment from another tab: one row, as wanted
            pass
    return saved.count()


def story_unsave(*, reader, article_id):
    """Take a story off the reader's list (not there: nothing changes). Returns the list's length."""
    SavedStory.objects.filter(reader=reader, article_id=article_id).delete()
    return SavedStory.objects.filter(reader=reader).count()
