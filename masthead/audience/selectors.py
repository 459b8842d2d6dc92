"""Reads: the archive calendar, archive listings, most-read lists, and the editors' figures.

Each read runs a fixed number of queries, through the indexes of `ArchiveEntry` and `DailyViews`, however
large the archive grows.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import BigIntegerField, Case, F, Sum, When
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from wagtail.models import Locale, Page

from masthead.site_time import site_today, site_zone

from . import conf
from .models import ArchiveEntry, DailyViews
from .services import GENERATION_KEY

# --- the archive ------------------------------------------------------------------------------------------


def archive_generation():
    """A number that changes whenever an article is published, unpublished, moved or deleted; cached
    fragments that show the archive carry it and are dropped when it moves on."""
    return cache.get(GENERATION_KEY) or 0


def archive_month_url(day):
    return reverse("audience:archive_month", kwargs={"year": day.year, "month": day.month})


def archive_day_url(day):
    return reverse("audience:archive_day", kwargs={"year": day.year, "month": day.month, "day": day.day})


def archive_year_url(year):
    return reverse("audience:archive_year", kwargs={"year": year})


@dataclass
class CalendarDay:
    day: date
    url: str
    is_today: bool


def calendar_month(*, language, year, month, today=None):
    """One month of the archive as weeks from Monday to Sunday; days with publications link to their
    archive page, and the neighbouring months that have publications are linked (three queries)."""
    today = today or site_today()
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    entries = ArchiveEntry.objects.filter(language=language)
    published_days = set(entries.filter(day__range=(first, last)).values_list("day", flat=True).distinct())
    earlier = entries.filter(day__lt=first).order_by("-day").values_list("day", flat=True).first()
    later = entries.filter(day__gt=last).order_by("day").values_list("day", flat=True).first()
    weeks = []
    for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month):
        weeks.append(
            [
                CalendarDay(day=day, url=archive_day_url(day) if day in published_days else "", is_today=day == today)
                if day.month == month
                else None
                for day in week
            ]
        )
    return {
        "first": first,
        "caption": date_format(first, "YEAR_MONTH_FORMAT"),
        "month_url": archive_month_url(first) if published_days else "",
        "weekdays": [(WEEKDAYS_ABBR[number], WEEKDAYS[number]) for number in range(7)],
        "weeks": weeks,
        "previous": month_link(earlier),
        "next": month_link(later),
    }


def month_link(day):
    if day is None:
        return None
    return {"url": archive_month_url(day), "label": date_format(day, "YEAR_MONTH_FORMAT")}


def archive_entries(*, language, first, last):
    """Live articles of one edition published on local days `first` to `last`, newest first (ids only)."""
    return (
        ArchiveEntry.objects.filter(language=language, day__range=(first, last))
        .order_by("-day", "-published_at", "-article_id")
        .values_list("article_id", flat=True)
    )


def archive_days_around(*, language, day):
    """The nearest earlier and later days with publications, for a day page's links (two queries)."""
    entries = ArchiveEntry.objects.filter(language=language)
    earlier = entries.filter(day__lt=day).order_by("-day").values_list("day", flat=True).first()
    later = entries.filter(day__gt=day).order_by("day").values_list("day", flat=True).first()
    return earlier, later


def archive_months(*, language, year):
    """The months of a year that have publications (one query over at most 366 index entries)."""
    days = (
        ArchiveEntry.objects.filter(language=language, day__range=(date(year, 1, 1), date(year, 12, 31)))
        .values_list("day", flat=True)
        .distinct()
    )
    months = sorted({day.month for day in days})
    return [{"first": date(year, m, 1), "url": archive_month_url(date(year, m, 1))} for m in months]


def latest_archive_day(*, language):
    return ArchiveEntry.objects.filter(language=language).order_by("-day").values_list("day", flat=True).first()


# --- teasers ------------------------------------------------------------------------------------------------


def articles_in_order(*, language, ids):
    """Live articles with the given ids, ready for the newsroom's teaser list, in the order of `ids`."""
    from masthead.newsroom.selectors import article_listing, attach_sections

    if not ids:
        return []
    locale = Locale.objects.filter(language_code=language).values("pk")[:1]
    found = {article.pk: article for article in article_listing(locale=locale).filter(pk__in=ids)}
    return attach_sections([found[pk] for pk in ids if pk in found])


# --- most read ----------------------------------------------------------------------------------------------

PERIODS = {"24-hours": 1, "7-days": 7, "30-days": 30}


def window_weights(*, days, now=None):
    """How much each local day counts towards "the last `days` days" at this moment.

    Counts are kept per day, so the window's oldest day is only partly inside it: at 10:00 the last 24
    hours are today so far and the last 14 hours of yesterday. That day's views count in proportion
    (14/24 of them), as rate limiters do with fixed windows; every later day counts whole.
    """
    now = now or timezone.now()
    local = timezone.localtime(now, site_zone())
    today = local.date()
    midnight = datetime.combine(today, datetime.min.time(), site_zone())
    elapsed = (local - midnight).total_seconds() / ((midnight + timedelta(days=1)) - midnight).total_seconds()
    return today - timedelta(days=days), 1.0 - elapsed


def most_read_ids(*, language, days, limit, now=None):
    """[(article_id, views)] of one edition's most-read articles over the last `days` days, from the
    per-day counts (one query through the covering index)."""
    edge, edge_weight = window_weights(days=days, now=now)
    # The days are listed rather than given as a range: SQLite's planner then reads only those days' part
    # of the covering index, where with a range it preferred scanning the whole table in article order.
    window = [edge + timedelta(days=n) for n in range(days + 1)]
    # Whole numbers (thousandths of a view) keep the sum in integer arithmetic on both databases.
    edge_thousandths = round(edge_weight * 1000)
    rows = (
        DailyViews.objects.filter(language=language, day__in=window)
        .values("article_id")
        .annotate(
            score=Sum(
                Case(
                    When(day=edge, then=F("views") * edge_thousandths),
                    default=F("views") * 1000,
                    output_field=BigIntegerField(),
                )
            )
        )
        .filter(score__gt=0)
        .order_by("-score", "-article_id")[:limit]
    )
    return [(row["article_id"], round(row["score"] / 1000)) for row in rows]


def most_read(*, language, period, limit):
    """The most-read live articles of a period ("24-hours", "7-days", "30-days"), each with `period_views`;
    the list is kept for `MASTHEAD_AUDIENCE_MOST_READ_TTL` seconds."""
    key = f"audience:most-read:{language}:{period}:{limit}:{archive_generation()}"
    ranked = cache.get(key)
    if ranked is None:
        # A few extra, in case some of the most read were unpublished since.
        ranked = most_read_ids(language=language, days=PERIODS[period], limit=limit + 10)
        cache.set(key, ranked, conf.most_read_ttl())
    articles = articles_in_order(language=language, ids=[article_id for article_id, _views in ranked])[:limit]
    views = dict(ranked)
    for article in articles:
        article.period_views = views[article.pk]
    return articles


# --- the editors' figures -------------------------------------------------------------------------------


def article_daily_views(*, article_id, first, last):
    """[(day, views)] for every day from `first` to `last`, days without views as 0."""
    counted = dict(
        DailyViews.objects.filter(article_id=article_id, day__range=(first, last)).values_list("day", "views")
    )
    return [
        (first + timedelta(days=n), counted.get(first + timedelta(days=n), 0)) for n in range((last - first).days + 1)
    ]


def views_in_range(*, first, last, language=""):
    # Every language by name when none is asked for: the index on (language, day, ...) then serves both, where
    # SQLite would read every article of the archive and look up its days (140 ms at 100,000 articles).
    languages = [language] if language else [code for code, _name in settings.LANGUAGES]
    return DailyViews.objects.filter(language__in=languages, day__range=(first, last))


def top_articles(*, first, last, language="", limit=50):
    """[{article_id, title, language, views}] most viewed from `first` to `last` (one query)."""
    return list(
        views_in_range(first=first, last=last, language=language)
        .values("article_id")
        .annotate(views=Sum("views"), title=F("article__title"), language=F("language"))
        .order_by("-views", "article_id")[:limit]
    )


def totals_by_section(*, first, last, language=""):
    """[{section, views}]: articles' views summed by their section (their parent page), two queries."""
    from masthead.newsroom.models import SectionPage

    steplen = Page.steplen
    rows = list(
        views_in_range(first=first, last=last, language=language)
        .annotate(section_path=Substr("article__path", 1, F("article__depth") * steplen - steplen))
        .values("section_path")
        .annotate(views=Sum("views"))
        .order_by("-views")
    )
    sections = dict(SectionPage.objects.filter(path__in=[r["section_path"] for r in rows]).values_list("path", "title"))
    return [{"section": sections.get(row["section_path"], "—"), "views": row["views"]} for row in rows]


def totals_by_author(*, first, last, language=""):
    """[{author, views}]: each author's articles' views (an article with two authors counts for both);
    an author's editions in several languages are one author (two queries)."""
    from masthead.newsroom.models import AuthorPage

    totals = dict(
        views_in_range(first=first, last=last, language=language)
        .values(author_key=F("article__article_authors__author__translation_key"))
        .annotate(views=Sum("views"))
        .filter(author_key__isnull=False)
        .values_list("author_key", "views")
    )
    names = {}
    for key, title, language_code in AuthorPage.objects.filter(translation_key__in=list(totals)).values_list(
        "translation_key", "title", "locale__language_code"
    ):
        if key not in names or language_code == settings.LANGUAGE_CODE:
            names[key] = title
    rows = [{"author": names.get(key, "—"), "views": views} for key, views in totals.items()]
    return sorted(rows, key=lambda row: (-row["views"], row["author"]))
