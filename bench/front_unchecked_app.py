"""For bench/run's row n: Masthead's WSGI front answering the copy of a stored page that its process holds
without asking the shared cache whether the page is still fresh. Not shipped, and not correct: a page would
outlive the change that made it stale, until MASTHEAD_PAGE_CACHE_SECONDS. It measures how much of the distance
from row b' to the ceiling (row w) that one read of the shared cache is.
"""

from masthead.pagecache import lookup
from masthead.wsgi import application  # noqa: F401  (gunicorn serves this name)

checked_fresh_entry = lookup.fresh_entry


def fresh_entry_unchecked(key):
    entry = lookup._local_entries.get(key)
    return entry if entry is not None else checked_fresh_entry(key)


lookup.fresh_entry = fresh_entry_unchecked
