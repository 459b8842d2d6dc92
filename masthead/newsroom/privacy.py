"""Private stories: pages under a Wagtail view restriction (a password, signed-in readers, groups) and everything
below them.

A private story is read at its own address by those the restriction admits, and nowhere else: it leaves every
listing, feed, search result, archive day, most-read list, fact-check list, digest, channel post, the content API
and the sitemap, and its comments and typo reports are closed to everyone else, as Wagtail's own API and sitemap
treat such pages.
Before this, a password-protected story's whole body went out in the full-text feeds and its words in search
snippets.

The restricted pages' paths are few and read on almost every request, so they are kept in the cache until a
restriction is added, changed or removed, or a page moves (`forget_restricted_paths`).
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from wagtail.models import Page, PageViewRestriction

from masthead.pagecache.tags import invalidate

RESTRICTED_PATHS_KEY = "newsroom:restricted-paths"
RESTRICTED_PATHS_SECONDS = 600

# Sent once the change has committed, with `path`: the tree path of the page whose restriction was added, changed
# or removed. The apps that keep their own copies of public stories (the archive's index, the search index, the
# fact checks' index) bring those up to date for the pages under it.
privacy_changed = Signal()


def restricted_paths():
    """Tree paths of the pages that carry a view restriction (each covers the page and its descendants)."""
    paths = cache.get(RESTRICTED_PATHS_KEY)
    if paths is None:
        restricted = PageViewRestriction.objects.values("page_id")
        paths = sorted(Page.objects.filter(pk__in=restricted).values_list("path", flat=True))
        # Not for ever, though each change deletes it: should a delete be lost (Redis away), a locked story is
        # listed at most this long.
        cache.set(RESTRICTED_PATHS_KEY, paths, RESTRICTED_PATHS_SECONDS)
    return paths


def private_q(*, through=""):
    """A condition matching the private pages (or, with `through`, e.g. "article__", the rows of a private page);
    matches nothing when no page is restricted.

    Wagtail's own `private_q()` joins the restrictions to the page table, which SQLite answers by reading every
    page; path prefixes of the few restricted pages are a filter on rows already read.
    """
    query = Q(pk__in=[])
    for path in restricted_paths():
        query |= Q(**{f"{through}path__startswith": path})
    return query


def public(rows, *, through=""):
    """The pages of a queryset that anyone may read, or with `through` the rows whose page anyone may read. Adds
    nothing to the SQL while no page is restricted."""
    return rows.exclude(private_q(through=through)) if restricted_paths() else rows


def is_public(page):
    return not any(page.path.startswith(path) for path in restricted_paths())


def readable(page, request):
    """True when this request may read the page: it is public, or every restriction on it admits the reader."""
    if is_public(page):
        return True
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def forget_restricted_paths(**kwargs):
    cache.delete(RESTRICTED_PATHS_KEY)


def restriction_changed(sender, instance, **kwargs):
    """A page became private or public again, with everything below it: listings, their counts and every stored
    page may show it or not, and the apps holding copies of public stories are told once this commits."""
    from .selectors import listings_changed  # selectors use this module

    forget_restricted_paths()
    listings_changed()
    invalidate("all")
    # Read by id: when a restricted page is deleted, its restriction goes with it and the page is already gone
    # (nothing below it is left to update).
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is None:
        return

    def announce():
        forget_restricted_paths()  # a reader may have cached the old paths between the change and the commit
        privacy_changed.send(sender=instance.__class__, path=path)

    transaction.on_commit(announce)
