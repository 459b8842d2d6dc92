"""The search page, one per language (/search/?q=..., /ru/search/?q=...)."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from masthead.newsroom import selectors as newsroom
from masthead.pagecache.tags import tag as page_cache_tag

from . import conf
from .selectors import editors_picks, search_query_parse, search_results_page


@require_safe
def search(request):
    """Articles in the reader's language matching every word of `q`, best first, 20 a page."""
    from masthead.newsroom.models import HomePage

    language = get_language()
    locale = Locale.objects.filter(language_code=language).first()
    home = HomePage.objects.live().filter(locale=locale).first() if locale else None
    context = newsroom.page_chrome(page=home)
    query = search_query_parse(text=request.GET.get("q", ""), language=language)
    context.update(query=query, max_query_length=conf.max_query_length(), results=None, picks=[])
    if locale and not query.is_empty:
        context["results"] = search_results_page(request, query=query, locale=locale)
        if context["results"].number == 1:
            context["picks"] = editors_picks(text=query.text, locale=locale)
    # Anonymous readers' searches are kept in the page cache until any article is published, edited or
    # unpublished ("search" is stamped with it): a spike of readers searching the same story's name costs one
    # search, not one each.
    page_cache_tag(request, "search")
    return render(request, "search/results.html", context)
