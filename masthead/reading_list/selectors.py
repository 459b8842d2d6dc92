"""Reads of readers' saved stories."""

from masthead.newsroom.selectors import article_listing, teasers_in_order

from .models import SavedStory


def is_saved(*, reader, article):
    if not reader.is_authenticated or article is None or not article.pk:
        return False
    return SavedStory.objects.filter(reader=reader, article=article).exists()


def saved_story_ids(*, reader):
    """Ids of the reader's saved stories that are still published, newest saved first (a query to evaluate)."""
    return (
        # Joined row by row from the reader's own rows, rather than matched against every live article.
        SavedStory.objects.filter(reader=reader, article__live=True)
        .order_by("-saved_at", "-id")
        .values_list("article_id", flat=True)
    )


def saved_teasers(ids):
    """The stories with these ids as teasers (authors, image, section), in the ids' order, in any language."""
    return teasers_in_order(article_listing(locale=None), list(ids))
