"""The archive pages (a year, a month, a day, in the site's time zone) and the most-read page.

Thin views: each parses the address, calls the selectors and renders the newsroom's teaser list inside the
site's chrome. Each runs a fixed number of queries whatever the size of the archive.
"""

import calendar
from datetime import date

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from masthead.newsroom.addresses import public_url
from masthead.newsroom.context_processors import other_languages
from masthead.newsroom.selectors import home_for_request, page_chrome, paginate
from masthead.pagecache.tags import tag as page_cache_tag

from . import selectors


def site_chrome(request):
    """What base.html needs around a page that is not a Wagtail page: the home page and section menu of
    the reader's language. The language switcher's addresses come from the `chrome` context processor, as for
    every page that is not a Wagtail page."""
    return page_chrome(page=home_for_request(request))


def parse_day(year, month=1, day=1):
    try:
        return date(int(year), int(month), int(day))
    except ValueError as error:
        raise Http404(_("There is no such date.")) from error


def render_archive(request, *, first, last, period, calendar_month, cache_names, extra=None):
    language = get_language()
    entries = selectors.archive_entries(language=language, first=first, last=last)
    articles = paginate(request, entries)
    if articles.paginator.count == 0:
        raise Http404(_("Nothing was published then."))
    articles.object_list = selectors.articles_in_order(language=language, ids=list(articles.object_list))
    page_cache_tag(request, *cache_names, *(f"page:{article.pk}" for article in articles.object_list))
    context = {
        **site_chrome(request),
        "other_languages": archive_in_other_languages(request, first=first, last=last),
        "heading": _("Archive: %(period)s") % {"period": period},
        "period": period,
        "articles": articles,
        "audience_calendar_month": calendar_month,
        "canonical_url": public_url(request, request.path),
        **(extra or {}),
    }
    return render(request, "audience/archive.html", context)


def archive_in_other_languages(request, *, first, last):
    """The language switcher's links: the same period in another edition where it published something then, else
    that edition's archive (its latest month), never a page that answers 404. One query per other language."""
    links = other_languages(request)
    for link in links:
        if not selectors.archive_entries(language=link["code"], first=first, last=last).exists():
            with translation.override(link["code"]):
                link["url"] = reverse("audience:archive")
    return links


@require_safe
def archive_latest(request):
    """/archive/ goes to the month of the latest publication."""
    latest = selectors.latest_archive_day(language=get_language())
    if latest is None:
        raise Http404(_("Nothing has been published yet."))
    return redirect(selectors.archive_month_url(latest))


@require_safe
def archive_year(request, year):
    first = parse_day(year)
    last = date(first.year, 12, 31)
    months = selectors.archive_months(language=get_language(), year=first.year)
    for month in months:
        month["label"] = date_format(month["first"], "YEAR_MONTH_FORMAT")
    return render_archive(
        request,
        first=first,
        last=last,
        period=first.year,
        cache_names=[f"archive:{first:%Y}"],
        calendar_month=months[-1]["first"] if months else first,
        extra={"months": months},
    )


@require_safe
def archive_month(request, year, month):
    first = parse_day(year, month)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return render_archive(
        request,
        first=first,
        last=last,
        period=date_format(first, "YEAR_MONTH_FORMAT"),
        cache_names=[f"archive:{first:%Y-%m}"],
        calendar_month=first,
        extra={"year_url": selectors.archive_year_url(first.year), "year": first.year},
    )


@require_safe
def archive_day(request, year, month, day):
    the_day = parse_day(year, month, day)
    earlier, later = selectors.archive_days_around(language=get_language(), day=the_day)
    return render_archive(
        request,
        first=the_day,
        last=the_day,
        period=date_format(the_day, "DATE_FORMAT"),
        cache_names=[f"archive:{the_day:%Y-%m-%d}"],
        calendar_month=the_day.replace(day=1),
        extra={
            "earlier": earlier
            and {"url": selectors.archive_day_url(earlier), "label": date_format(earlier, "DATE_FORMAT")},
            "later": later and {"url": selectors.archive_day_url(later), "label": date_format(later, "DATE_FORMAT")},
            "month_url": selectors.archive_month_url(the_day),
            "month_label": date_format(the_day, "YEAR_MONTH_FORMAT"),
        },
    )


MOST_READ_PAGE_SIZE = 20
PERIOD_HEADINGS = {
    "24-hours": gettext_lazy("Most read in the last 24 hours"),
    "7-days": gettext_lazy("Most read in the last 7 days"),
    "30-days": gettext_lazy("Most read in the last 30 days"),
}


@require_safe
def most_read(request, period="24-hours"):
    if period not in selectors.PERIODS:
        raise Http404(_("There is no such period."))
    articles = selectors.most_read(language=get_language(), period=period, limit=MOST_READ_PAGE_SIZE)
    context = {
        **site_chrome(request),
        "heading": PERIOD_HEADINGS[period],
        "period": period,
        "periods": [
            {"period": "24-hours", "label": _("24 hours")},
            {"period": "7-days", "label": _("7 days")},
            {"period": "30-days", "label": _("30 days")},
        ],
        "articles": Paginator(articles, MOST_READ_PAGE_SIZE).page(1),
        "canonical_url": public_url(request, request.path),
    }
    return render(request, "audience/most_read.html", context)
