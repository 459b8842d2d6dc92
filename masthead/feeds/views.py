"""Thin views: feeds in three formats, the sitemap index and its sitemaps, robots.txt.

Malformed requests get a clear 400 or 404, never a 500: a page number that is not a whole number is a 400,
one past the end (or an unknown section, tag, author or year) a 404. Both say what was wrong in a line of plain
text, which a feed reader or a crawler's report shows as it is, rather than the site's page for people.
"""

import math
import re
from functools import wraps

from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import xml
from .caching import cached_response
from .feeds import ArticleFeed
from .sitemaps import ArticleYearSitemap, ListingsSitemap, NewsSitemap, PagesSitemap, TagsSitemap, w3c_datetime

# Deeper than this a feed is an archive, which the sitemaps and listings serve better; it also keeps
# the database's OFFSET within any integer type.
MAX_FEED_PAGE = 10_000
PAGE_NUMBER = re.compile(r"[0-9]+")


def feed_page_number(request):
    """The requested page of a feed; None when the parameter is not a page number at all."""
    raw = request.GET.get("page", "")
    if raw == "":
        return 1
    digits = raw.lstrip("0")
    if not PAGE_NUMBER.fullmatch(raw) or not digits:
        return None
    # Compared as text first: Python refuses to read integers of thousands of digits.
    if len(digits) > len(str(MAX_FEED_PAGE)) or int(digits) > MAX_FEED_PAGE:
        raise Http404(_("That page is past the end of the feed."))
    return int(digits)


def said_plainly(view):
    """A view whose "not found" answers say why in plain text ("No such tag."), as its 400s do."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as missing:
            return HttpResponseNotFound(str(missing), content_type="text/plain; charset=utf-8")

    return answer


@said_plainly
def article_feed(request, *, kind, feed_format, slug=None, **options):
    """One page of a feed, or 400 when the page number is not one. `options` go to ArticleFeed (another app's
    source of stories: a reader's private feed)."""
    number = feed_page_number(request)
    if number is None:
        message = _("The page number must be a whole number from 1.")
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return ArticleFeed(feed_format=feed_format, kind=kind, page_number=number, **options)(request, slug=slug)


@require_safe
@cached_response
def feed(request, *, kind, feed_format, slug=None):
    return article_feed(request, kind=kind, feed_format=feed_format, slug=slug)


# --- Sitemaps ----------------------------------------------------------------------------------------------------


def xml_response(content):
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    # The sitemaps are for crawlers; they need not appear in search results themselves.
    response.headers["X-Robots-Tag"] = "noindex, noarchive"
    return response


@require_safe
@said_plainly
@cached_response
def sitemap_index(request):
    pages = PagesSitemap(request)
    root_url = pages.site.root_url
    entries = []

    def add(name, count, limit, lastmod="", **kwargs):
        url = root_url + reverse(f"sitemaps:{name}", kwargs=kwargs)
        for number in range(1, max(1, math.ceil(count / limit)) + 1):
            entries.append({"location": url if number == 1 else f"{url}?p={number}", "lastmod": lastmod})

    add("pages", pages.paginator.count, pages.limit)
    articles = ArticleYearSitemap(request, year=0)
    for year, count, latest in articles.years():
        add("articles", count, articles.limit, lastmod=w3c_datetime(latest), year=year)
    tags = TagsSitemap(request)
    if tags.paginator.count:
        add("tags", tags.paginator.count, tags.limit)
    listings = ListingsSitemap(request)
    if listings.paginator.count:
        add("listings", listings.paginator.count, listings.limit)
    news = NewsSitemap(request)
    newest = news.items().values_list("first_published_at", flat=True).first()
    if newest:
        add("news", 1, 1, lastmod=w3c_datetime(newest))
    return xml_response(xml.sitemap_index(entries))


def sitemap_section(request, sitemap):
    try:
        urls = sitemap.get_urls(page=request.GET.get("p", 1), site=RequestSite(request), protocol=request.scheme)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(_("No such page of this sitemap.")) from error
    if not urls:
        # A sitemap must list at least one URL; an empty one is a sitemap that does not exist.
        raise Http404(_("This sitemap is empty."))
    return xml_response(xml.urlset(urls))


@require_safe
@said_plainly
@cached_response
def pages_sitemap(request):
    return sitemap_section(request, PagesSitemap(request))


@require_safe
@said_plainly
@cached_response
def articles_sitemap(request, year):
    if year >= 9999:
        raise Http404(_("No such page of this sitemap."))  # its year would end past the calendar's last
    return sitemap_section(request, ArticleYearSitemap(request, year=year))


@require_safe
@said_plainly
@cached_response
def tags_sitemap(request):
    return sitemap_section(request, TagsSitemap(request))


@require_safe
@said_plainly
@cached_response
def listings_sitemap(request):
    return sitemap_section(request, ListingsSitemap(request))


@require_safe
@said_plainly
@cached_response
def news_sitemap(request):
    return sitemap_section(request, NewsSitemap(request))


@require_safe
@cached_response
def robots_txt(request):
    news = NewsSitemap(request)
    root_url = news.site.root_url
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {root_url}{reverse('sitemaps:index')}",
    ]
    if news.items().exists():
        lines.append(f"Sitemap: {root_url}{reverse('sitemaps:news')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
