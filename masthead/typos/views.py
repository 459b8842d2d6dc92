"""The site-wide corrections page, one per language (/corrections/, /ru/corrections/)."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from masthead.newsroom import selectors as newsroom
from masthead.newsroom.addresses import public_url

from .selectors import corrections_listing


@require_safe
def corrections(request):
    """Every correction published under an article in this language, newest first, 20 a page."""
    from masthead.newsroom.models import HomePage

    locale = Locale.objects.filter(language_code=get_language()).first()
    home = HomePage.objects.live().filter(locale=locale).first() if locale else None
    context = newsroom.page_chrome(page=home)
    context["corrections"] = newsroom.paginate(request, corrections_listing(locale=locale))
    context["canonical_url"] = public_url(request, request.path)
    return render(request, "typos/corrections.html", context)
