"""Reads for the feeds: which stories a feed lists and everything each entry shows, in a fixed number of queries.

A feed is one of four sources (the whole site, a section, a tag, an author) in the language of the request
(English at /feeds/..., Russian at /ru/feeds/...). Its stories come from the newsroom's own listing queryset,
so a feed and the listing page it mirrors always agree.
"""

import mimetypes
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site

from masthead.newsroom import selectors as newsroom
from masthead.newsroom.models import AuthorPage, HomePage, NewsTag, SectionPage, TaggedArticle
from masthead.newsroom.privacy import public

from . import content
from .models import FeedSettings
from .xml import xml_safe

# The lead image as readers' apps show it: the same 16:9 picture as the social card.
ENCLOSURE_RENDITION = newsroom.SOCIAL_RENDITION


@dataclass
class FeedSource:
    """What one feed is about: its title, where it links, and the queryset of its stories."""

    kind: str
    title: str
    description: str
    link: str
    articles: object
    home: HomePage
    site: Site
    settings: FeedSettings
    slug: str = ""

    @property
    def root_url(self):
        return self.site.root_url

    @property
    def site_name(self):
        return site_name(self.site)


@dataclass
class FeedEntry:
    """One story as every feed format needs it; plain values, so formats never touch the database."""

    guid: str
    title: str
    link: str
    summary_text: str
    published: datetime
    updated: datetime
    language: str
    authors: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    content_html: str = ""
    image_url: str = ""
    enclosure: tuple | None = None  # (url, length in bytes as text, MIME type)

    @property
    def summary_html(self):
        return escape(self.summary_text)


def site_name(site):
    from django.conf import settings

    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def site_and_home(request):
    """The Wagtail site of the request and its home page in the active language, or 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404(_("No site is configured for this address."))
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError as error:
        raise Http404(_("This site has no edition in this language.")) from error
    # The site's root paths are cached by Wagtail, one per translation of its home page.
    root_path = next(
        (
            path.root_path
            for path in Site.get_site_root_paths()
            if path.site_id == site.pk and path.language_code == language
        ),
        None,
    )
    home = HomePage.objects.live().filter(url_path=root_path).first() if root_path else None
    if home is None:
        raise Http404(_("This site has no edition in this language."))
    return site, home


def feed_source(request, *, kind, slug=None):
    """The source of one feed, or 404 when its section, tag or author does not exist in this language."""
    site, home = site_and_home(request)
    settings = FeedSettings.for_site(site)
    name = site_name(site)
    common = {"kind": kind, "home": home, "site": site, "settings": settings, "slug": slug or ""}
    if kind == "latest":
        return FeedSource(
            title=name,
            description=home.meta_description,
            link=home.get_full_url(request),
            articles=newsroom.article_listing(locale=home.locale_id),
            **common,
        )
    if kind == "section":
        section = public(SectionPage.objects.live()).filter(url_path=f"{home.url_path}{slug}/").first()
        if section is None:
            raise Http404(_("No such section."))
        return FeedSource(
            title=f"{section.title} — {name}",
            description=section.meta_description,
            link=section.get_full_url(request),
            articles=newsroom.article_listing(locale=home.locale_id, section=section),
            **common,
        )
    if kind == "tag":
        tag = NewsTag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404(_("No such tag."))
        return FeedSource(
            title=f"{tag.name} — {name}",
            description=_("The latest articles tagged %(tag)s") % {"tag": tag.name},
            link=home.get_full_url(request) + home.reverse_subpage("tag", args=(tag.slug,)),
            articles=newsroom.article_listing(locale=home.locale_id, tag=tag),
            **common,
        )
    if kind == "author":
        author = (
            public(AuthorPage.objects.live())
            .filter(locale_id=home.locale_id, slug=slug, url_path__startswith=home.url_path)
            .first()
        )
        if author is None:
            raise Http404(_("No such author."))
        return FeedSource(
            title=f"{author.title} — {name}",
            description=author.meta_description,
            link=author.get_full_url(request),
            articles=newsroom.article_listing(locale=home.locale_id, author=author),
            **common,
        )
    raise Http404(_("No such feed."))


def feed_page(source, *, request, number):
    """One page of a feed's entries, and whether an older page follows. Fetching one story more than the page
    holds tells that without counting the whole list (a COUNT over every story is the slow part of a listing)."""
    size = source.settings.items
    start = (number - 1) * size
    # First the page's ids alone, ordered by publication time only: the database then walks its index on that
    # column from the newest story and stops after a page, where the listing's full query (with its joins and
    # the id as a tie-break) sorts every story in the language: 150 ms at 100,000 articles against 1 ms.
    newest_first = source.articles.order_by("-first_published_at").values_list("pk", flat=True)
    ids = list(newest_first[start : start + size + 1])
    has_next = len(ids) > size
    articles = newsroom.attach_sections(list(with_tags(source.articles.filter(pk__in=ids[:size]))))
    texts = content.full_texts(articles, root_url=source.root_url) if source.settings.full_text else {}
    entries = [
        entry_for(article, request=request, source=source, full_text=texts.get(article.pk, "")) for article in articles
    ]
    return entries, has_next


def with_tags(articles):
    """The articles with their tags, by name, read for the whole list at once (feed entries and the content API
    list them)."""
    tags = TaggedArticle.objects.select_related("tag").order_by("tag__name")
    return articles.prefetch_related(Prefetch("tagged_items", queryset=tags))


def entry_for(article, *, request, source, full_text):
    categories = [article.section.title] if article.section else []
    categories = [xml_safe(name) for name in categories + [row.tag.name for row in article.tagged_items.all()]]
    authors = [
        {"name": xml_safe(row.author.title), "link": row.author.get_full_url(request)}
        for row in article.article_authors.all()
    ]
    image_url, enclosure = lead_image(article, root_url=source.root_url)
    published = article.first_published_at.replace(microsecond=0)
    updated = (article.last_published_at or article.first_published_at).replace(microsecond=0)
    return FeedEntry(
        guid=article_guid(article, root_url=source.root_url),
        title=xml_safe(article.title),
        link=article.get_full_url(request),
        summary_text=xml_safe(article.lead),
        published=published,
        updated=max(updated, published),
        language=article.locale.language_code,
        authors=authors,
        categories=categories,
        content_html=xml_safe(full_text),
        image_url=image_url,
        enclosure=enclosure,
    )


def article_guid(article, *, root_url):
    """A tag URI (RFC 4151) that stays the story's own when its headline, slug or section change."""
    host = urlsplit(root_url).hostname or "localhost"
    return f"tag:{host},{article.first_published_at:%Y-%m-%d}:article:{article.pk}"


def lead_image(article, *, root_url):
    """The lead image's address and its enclosure (address, size, type), using the prefetched renditions."""
    if article.image is None:
        return "", None
    rendition = article.image.get_rendition(ENCLOSURE_RENDITION)
    url = content.absolute_url(rendition.url, root_url=root_url)
    try:
        length = rendition.file.size
    except OSError:
        length = 0  # the RSS advisory board's "unknown", rather than a feed that fails for one missing file
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    return url, (url, str(length), mime_type)


# --- Addresses of feeds, for links in pages and for pinging hubs --------------------------------------------------

FEED_FORMATS = ("rss", "atom", "json")


def feed_path(kind, feed_format, slug=None, *, language=None):
    """The path of one feed; in the given language's edition when one is named (else the active one)."""
    kwargs = {"feed_format": feed_format}
    if slug is not None:
        kwargs["slug"] = slug
    with translation.override(language or translation.get_language()):
        return reverse(f"feeds:{kind}", kwargs=kwargs)
