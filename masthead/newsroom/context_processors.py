from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Site

from masthead.unavailable import DATABASE_UNAVAILABLE


def site(request):
    """The current site's name, on every page including errors; the configured name while the database does not
    answer (the form-expired page is drawn by the CSRF check, before the view whose failure would read 503)."""
    try:
        current = Site.find_for_request(request)
    except DATABASE_UNAVAILABLE:
        current = None
    return {
        "site_name": (current.site_name if current else "") or settings.WAGTAIL_SITE_NAME,
    }


def other_languages(request):
    """This same address in the site's other languages, for the switcher of pages that are not Wagtail pages
    (whose editions in other languages are their translations instead)."""
    current = get_language()
    languages = [code for code, _name in settings.LANGUAGES if code != current]
    # The same question in the other edition (a search's words, a filter), from its first page.
    query = request.GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return [{"code": code, "url": translate_url(request.path, code) + suffix} for code in languages]


def chrome(request):
    """The header's sections, language switcher and the footer's information pages, in the reader's language,
    for pages whose view gives none (a reader's account pages, the newsletter's, errors). Read only when such a
    page shows them: a view's own `home`, `sections` and `info_pages` take the place of these, so newsroom pages
    ask nothing more."""

    def load():
        from .selectors import home_for_request, page_chrome

        return page_chrome(page=home_for_request(request))

    loaded = SimpleLazyObject(load)
    return {
        "home": SimpleLazyObject(lambda: loaded["home"]),
        "sections": SimpleLazyObject(lambda: loaded["sections"]),
        "info_pages": SimpleLazyObject(lambda: loaded["info_pages"]),
        "other_languages": SimpleLazyObject(lambda: other_languages(request)),
    }


def breaking(request):
    """The breaking news banner above every page, read only when a page shows it (see breaking.py)."""
    from .breaking import breaking_news

    return {"breaking_news": SimpleLazyObject(lambda: breaking_news(request) or {})}
