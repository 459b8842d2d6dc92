"""The site's sitemaps: an index, then pages, tags, the newsroom's lists, one sitemap per year of articles and a news
sitemap.

Each is Wagtail's sitemap (itself Django's) narrowed to one slice of the site, so that no file passes the
protocol's 50,000 URLs: a year's articles continue on `?p=2` past the configured limit. Every URL carries
hreflang alternates to its editions in the other languages (including itself, as search engines ask).
A sitemap page costs the same few queries however many URLs it holds: its page of items, their translations,
and the paginator's count. Addresses are built from Wagtail's cached site root paths rather than one
`reverse()` per page, which is what makes a 10,000-URL page quick to write.
"""

from datetime import datetime, timedelta
from functools import cached_property
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page, Site, get_page_models

from masthead.newsroom.models import ArticlePage, HomePage, NewsTag, TaggedArticle
from masthead.newsroom.privacy import private_q
from masthead.newsroom.sponsorship import sponsored_q

from . import conf


class PageAddresses:
    """Absolute addresses of a site's pages from their `url_path`, as Wagtail's `get_full_url` makes them."""

    def __init__(self, site):
        self.roots = [root for root in Site.get_site_root_paths() if root.site_id == site.pk]
        self.prefixes = {}
        for root in self.roots:
            with translation.override(root.language_code):
                self.prefixes[root.language_code] = reverse("wagtail_serve", args=("",))

    def url(self, url_path):
        for root in self.roots:
            if url_path.startswith(root.root_path):
                relative = quote(url_path[len(root.root_path) :], safe="/-_.~!$&'()*+,;=:@")
                return root.root_url + self.prefixes[root.language_code] + relative
        return None

    def home_url(self, language_code):
        for root in self.roots:
            if root.language_code == language_code:
                return self.url(root.root_path)
        return None

    def within_site_q(self):
        """Pages under any edition of this site's home page."""
        query = Q(pk__in=[])
        for root in self.roots:
            query |= Q(url_path__startswith=root.root_path)
        return query


def year_start(year):
    """New Year's midnight in the site's time zone: articles belong to the year their readers saw."""
    return timezone.make_aware(datetime(year, 1, 1))


def w3c_datetime(moment, zone=None):
    """A W3C datetime in the site's time zone, without fractions of a second."""
    if not moment:
        return ""
    return moment.astimezone(zone or timezone.get_current_timezone()).replace(microsecond=0).isoformat()


class NewsroomSitemap(WagtailSitemap):
    """A slice of the site's live, public pages, each with its editions in other languages."""

    def __init__(self, request):
        super().__init__(request)
        self.site = self.get_wagtail_site()
        self.addresses = PageAddresses(self.site)
        self.limit = conf.sitemap_limit()
        self.private = private_q()

    def public_pages(self, model=Page):
        return model.objects.live().exclude(self.private).filter(self.addresses.within_site_q())

    def items(self):
        raise NotImplementedError(f"{type(self).__name__} must say which pages it lists in items()")

    @cached_property
    def paginator(self):
        # Django builds a new paginator, and so counts again, on every use; one count a request is enough.
        return Paginator(self._items(), self.limit)

    def lastmod(self, row):
        return row["last_published_at"] or row["latest_revision_created_at"]

    def _urls(self, page, protocol, domain):
        rows = list(self.paginator.page(page).object_list)
        editions = self.editions_of(rows)
        zone = timezone.get_current_timezone()  # looked up once: it is a thread-local read per call
        urls = []
        for row in rows:
            location = self.addresses.url(row["url_path"])
            if location is None:
                continue
            urls.append(
                {
                    "item": row,
                    "location": location,
                    "lastmod": w3c_datetime(self.lastmod(row), zone),
                    "alternates": self.alternates(editions.get(row["translation_key"], [])),
                    "language": row["locale__language_code"],
                }
            )
        return urls

    def editions_of(self, rows):
        """{translation key: [(language, url_path), ...]} for every live public edition of these pages."""
        keys = {row["translation_key"] for row in rows}
        editions = {}
        rows = (
            self.public_pages()
            .filter(translation_key__in=keys)
            .order_by("locale__language_code")
            .values_list("translation_key", "locale__language_code", "url_path")
        )
        for key, language, url_path in rows:
            editions.setdefault(key, []).append((language, url_path))
        return editions

    def alternates(self, editions):
        if len(editions) < 2:
            return []
        links = []
        for language, url_path in editions:
            location = self.addresses.url(url_path)
            if location:
                links.append({"lang_code": language, "location": location})
        return links


# Sitemaps read plain rows: building 10,000 page models would cost more than the rest of the response.
PAGE_FIELDS = (
    "id",
    "url_path",
    "translation_key",
    "locale__language_code",
    "last_published_at",
    "latest_revision_created_at",
)


class PagesSitemap(NewsroomSitemap):
    """Home, sections, authors: every page that is not an article."""

    def items(self):
        # One small table per page type, joined in a UNION: filtering the page table by type would read all
        # of its rows, articles included, since a content type index is too coarse for the database to use.
        others = [model for model in get_page_models() if model is not Page and not issubclass(model, ArticlePage)]
        parts = [self.public_pages(model).order_by().values(*PAGE_FIELDS, "path") for model in others]
        return parts[0].union(*parts[1:], all=True).order_by("path")


class ArticleYearSitemap(NewsroomSitemap):
    """The articles first published in one year (in the site's time zone), oldest first."""

    def __init__(self, request, *, year):
        super().__init__(request)
        self.year = year

    def items(self):
        return (
            self.public_pages(ArticlePage)
            .filter(first_published_at__gte=year_start(self.year), first_published_at__lt=year_start(self.year + 1))
            .order_by("first_published_at", "pk")
            .values(*PAGE_FIELDS)
        )

    def years(self):
        """[(year, number of articles, latest change)] for every year with articles, in three queries.

        Ranges of the indexed publication time rather than a year extracted from every row: SQLite extracts
        a year by calling into Python once per row, which costs more than half a second at 100,000 articles.
        """
        articles = self.public_pages(ArticlePage)
        # The first and last stories, read from the ends of the publication time index rather than aggregated.
        dates = articles.values_list("first_published_at", flat=True)
        first, last = dates.order_by("first_published_at").first(), dates.order_by("-first_published_at").first()
        if first is None:
            return []
        years = range(timezone.localtime(first).year, timezone.localtime(last).year + 1)
        totals = {}
        for year in years:
            within = Q(first_published_at__gte=year_start(year), first_published_at__lt=year_start(year + 1))
            totals[f"count_{year}"] = Count("pk", filter=within)
            totals[f"latest_{year}"] = Max("last_published_at", filter=within)
        row = articles.aggregate(**totals)
        return [(year, row[f"count_{year}"], row[f"latest_{year}"]) for year in years if row[f"count_{year}"]]


class NewsSitemap(NewsroomSitemap):
    """Google News: the stories of the last 48 hours, newest first, at most 1,000, with their publication.
    Sponsored stories are advertising, not news, and are left out (they stay in the ordinary sitemap)."""

    def __init__(self, request, *, now=None):
        super().__init__(request)
        self.now = now or timezone.now()
        self.limit = conf.NEWS_SITEMAP_MAX_URLS

    def items(self):
        since = self.now - timedelta(hours=conf.NEWS_SITEMAP_WINDOW_HOURS)
        return (
            self.public_pages(ArticlePage)
            .filter(first_published_at__gte=since, first_published_at__lte=self.now)
            .exclude(sponsored_q())
            .order_by("-first_published_at", "-pk")
            .values(*PAGE_FIELDS, "title", "first_published_at")
        )

    def _urls(self, page, protocol, domain):
        from .selectors import site_name

        name = site_name(self.site)
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["news"] = {
                "name": name,
                "language": url["language"],
                "publication_date": w3c_datetime(url["item"]["first_published_at"]),
                "title": url["item"]["title"],
            }
        return urls


class TagsSitemap(NewsroomSitemap):
    """Each tag's listing, in every language that has a live article with the tag.

    A tag is listed once per language, so a sitemap page holds `limit / languages` tags and stays within limit.
    """

    def __init__(self, request):
        super().__init__(request)
        self.limit = max(1, self.limit // len(settings.LANGUAGES))

    def tagged_live_articles(self, **filters):
        # As on the tag pages themselves: a tag is listed in a language while a live article there carries it.
        within_site = Q(pk__in=[])
        for root in self.addresses.roots:
            within_site |= Q(content_object__url_path__startswith=root.root_path)
        return TaggedArticle.objects.filter(within_site, tag=OuterRef("pk"), content_object__live=True, **filters)

    def items(self):
        # EXISTS stops at the first live article with the tag, where a join would visit every tagged row.
        languages = {
            f"in_{code}": Exists(self.tagged_live_articles(content_object__locale__language_code=code))
            for code, _name in settings.LANGUAGES
        }
        return (
            NewsTag.objects.filter(Exists(self.tagged_live_articles()))
            .annotate(**languages)
            .order_by("slug")
            .values("id", "slug", *languages)
        )

    def _urls(self, page, protocol, domain):
        route = HomePage().reverse_subpage
        urls = []
        for tag in self.paginator.page(page).object_list:
            editions = []
            for code, _name in settings.LANGUAGES:
                home_url = self.addresses.home_url(code)
                if tag[f"in_{code}"] and home_url:
                    editions.append((code, home_url + route("tag", args=(tag["slug"],))))
            alternates = [{"lang_code": code, "location": location} for code, location in editions]
            for code, location in editions:
                urls.append(
                    {
                        "item": tag,
                        "location": location,
                        "lastmod": "",
                        "alternates": alternates if len(editions) > 1 else [],
                        "language": code,
                    }
                )
        return urls


class ListingsSitemap(NewsroomSitemap):
    """The newsroom's lists that are not pages (the fact checks, the corrections, the newsletter's past issues), in
    each edition that has something in them, dated by their newest entry."""

    def newest_entries(self, locale):
        from masthead.newsletter.selectors import published_issues
        from masthead.newsroom.models import FactCheck
        from masthead.typos.selectors import corrections_listing

        return [
            (
                "newsroom:fact_checks",
                FactCheck.objects.filter(locale=locale)
                .order_by("-published_at")
                .values_list("published_at", flat=True),
            ),
            ("typos:corrections", corrections_listing(locale=locale).values_list("published_at", flat=True)),
            ("newsletter:issues", published_issues(language=locale.language_code).values_list("created_at", flat=True)),
        ]

    def items(self):
        from wagtail.models import Locale

        rows = []
        for root in self.addresses.roots:
            locale = Locale.objects.filter(language_code=root.language_code).first()
            if locale is None:
                continue
            for name, newest in self.newest_entries(locale):
                latest = newest.first()
                if latest is not None:
                    with translation.override(root.language_code):
                        location = root.root_url + reverse(name)
                    rows.append({"name": name, "language": root.language_code, "location": location, "lastmod": latest})
        return rows

    def _urls(self, page, protocol, domain):
        rows = list(self.paginator.page(page).object_list)
        editions = {}
        for row in rows:
            editions.setdefault(row["name"], []).append({"lang_code": row["language"], "location": row["location"]})
        zone = timezone.get_current_timezone()
        return [
            {
                "item": row,
                "location": row["location"],
                "lastmod": w3c_datetime(row["lastmod"], zone),
                "alternates": editions[row["name"]] if len(editions[row["name"]]) > 1 else [],
                "language": row["language"],
            }
            for row in rows
        ]
