"""What a change makes stale: the dependency names (see tags.py) and the proxy URLs of a page."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from masthead.site_time import site_date


def is_article(page):
    from masthead.newsroom.models import ArticlePage

    return isinstance(page, ArticlePage)


def archive_names(moment):
    if moment is None:
        return []
    day = site_date(moment)  # as the archive files it, whatever zone the editor's admin shows
    return [f"archive:{day:%Y}", f"archive:{day:%Y-%m}", f"archive:{day:%Y-%m-%d}"]


def names_for_page(page):
    """A page changed (published, edited, unpublished, deleted): it, and the listings it is or was in.

    Pages that showed the article before the change carry `page:<id>`; the lists it joins now are named by its
    section, authors, tags, language and day; any search may find it or no longer find it. Any other page (a
    section, an author, the home page) appears in every page's menu or bylines, so its change reaches every
    cached page.
    """
    page = page.specific_deferred  # the page itself when it is already of its own type
    if not is_article(page):
        return {"all"}
    names = {f"page:{page.pk}", f"locale:{page.locale_id}", "search", *archive_names(page.first_published_at)}
    if page.series_id:
        names.add(f"series:{page.series_id}")  # the series' page and every part's list of parts
    parent_path = page.path[: -page.steplen]
    from wagtail.models import Page

    parent_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
    if parent_id:
        names.add(f"section:{parent_id}")
    names.update(f"author:{author_id}" for author_id in page.article_authors.values_list("author_id", flat=True))
    names.update(f"tag:{tag_id}" for tag_id in page.tags.values_list("pk", flat=True))
    return names


def proxy_urls_for_page(page):
    """The addresses a caching proxy may hold that show this page: it, its section, its authors, its tags, the
    home page and its archive day, month and year (first pages only: the proxy keeps no page with a query).
    Pages that show it less directly (a related-story teaser, page 2 of a list, a menu) age out of the proxy
    within MASTHEAD_PAGE_CACHE_SECONDS."""
    page = page.specific_deferred
    urls = set()
    site_root = page.get_site()
    full_url = page.get_full_url()
    if full_url:
        urls.add(full_url)
    if not is_article(page):
        return urls
    from masthead.newsroom.models import ArticlePage, AuthorPage, HomePage
    from masthead.newsroom.selectors import SERIES_PARTS_SHOWN

    home = HomePage.objects.filter(locale_id=page.locale_id).first()
    related = [page.get_parent()]
    if page.series_id:  # the other parts list this one (as many as a part's list shows)
        parts = ArticlePage.objects.live().filter(series_id=page.series_id).exclude(pk=page.pk)
        parts = parts.order_by("first_published_at", "pk")
        related += list(parts[:SERIES_PARTS_SHOWN])
    related += list(AuthorPage.objects.filter(pk__in=page.article_authors.values_list("author_id", flat=True)))
    if home is not None:
        related.append(home)
    urls.update(url for url in (other.get_full_url() for other in related) if url)
    root_url = site_root.root_url if site_root else settings.BASE_URL
    language = page.locale.language_code
    with translation.override(language):
        if home is not None:
            home_url = home.get_full_url() or ""
            urls.update(f"{home_url}tags/{slug}/" for slug in page.tags.values_list("slug", flat=True))
            if page.series_id and page.series:
                urls.add(f"{home_url}series/{page.series.slug}/")
        if page.first_published_at:
            day: date = site_date(page.first_published_at)
            urls.add(root_url + reverse("audience:archive_year", args=[day.year]))
            urls.add(root_url + reverse("audience:archive_month", args=[day.year, day.month]))
            urls.add(root_url + reverse("audience:archive_day", args=[day.year, day.month, day.day]))
    return urls


def has_proxy():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_proxy(urls):
    """Tell the caching proxy to drop these addresses, in the background (Wagtail's frontend cache task)."""
    if not urls or not has_proxy():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(sorted(urls))


def article_content_changed(article_id):
    """What readers see of an article changed without a publish (its comments): its pages in both caches.

    Lists showing its comment count lag in the proxy by at most `s-maxage`; the app's cache drops them now.
    """
    from django.db import transaction

    from .tags import invalidate

    invalidate(f"page:{article_id}")
    if has_proxy():
        from wagtail.models import Page

        page = Page.objects.filter(pk=article_id).first()
        url = page.get_full_url() if page else None
        if url:
            transaction.on_commit(lambda: purge_proxy({url}))
