"""The search app's settings, each with its default."""

from django.conf import settings


def page_size():
    """Results on one page of the search page."""
    return getattr(settings, "MASTHEAD_SEARCH_PAGE_SIZE", 20)


def max_query_length():
    """Longer queries are refused with a message: nobody types more, and every word costs a lookup."""
    return getattr(settings, "MASTHEAD_SEARCH_MAX_QUERY_LENGTH", 200)


def max_query_words():
    """Words beyond this many are ignored (the page says so): each one adds a term to the full-text query."""
    return getattr(settings, "MASTHEAD_SEARCH_MAX_QUERY_WORDS", 12)


def ranking_window():
    """Only the newest this-many matches of a query are ranked and paged through.

    A word found in most articles (every English story has "the") would otherwise have every one of its
    matches scored for each page; the newest matches are what a news reader wants anyway, and narrowing the
    search with another word reaches older ones. This keeps a search's cost bounded as the archive grows.
    """
    return getattr(settings, "MASTHEAD_SEARCH_RANKING_WINDOW", 5000)
