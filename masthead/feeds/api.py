"""The content API: the newsroom's published stories as JSON, for apps, partners and aggregators.

The same stories as the feeds, in the same order and with the same full text (one reader of the newsroom's
listings, `newsroom.selectors.article_listing`: live, public, newest first), but with filters that combine
(language, section, tag, author), pages of any length up to 50 and a cursor instead of page numbers, so a client
walking back through 100,000 stories reads each page as quickly as the first and never sees a story twice when
new ones are published meanwhile. Anonymous reads are kept by the page cache until a story they show changes.
"""

import base64
import binascii
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from wagtail.rich_text import expand_db_html

from masthead.api.errors import ErrorResponse, error_payload
from masthead.ids import storable
from masthead.newsroom import selectors as newsroom
from masthead.newsroom.models import ArticlePage, AuthorPage, NewsTag, SectionPage, TaggedArticle
from masthead.newsroom.privacy import public
from masthead.newsroom.sponsorship import is_sponsored
from masthead.pagecache.tags import tag as page_cache_tag
from masthead.refusals import Refused

from . import content
from .api_schemas import (
    ArticleDetailOut,
    ArticleFilters,
    ArticlesOut,
    AuthorDetailOut,
    Language,
    SectionOut,
    TagLinkOut,
)
from .selectors import lead_image, site_and_home, with_tags

router = Router(tags=["content"])


def edition_home(request, language):
    """The site and the edition's home page; what is answered then depends on the edition's stories (stored until
    one changes). Refused, 404, when the site has no such edition (the API's handler answers it)."""
    with translation.override(language):
        try:
            site, home = site_and_home(request)
        except Http404 as error:
            raise Refused(str(error), code="not_found", status=404) from error
    page_cache_tag(request, f"locale:{home.locale_id}")
    return site, home


def encode_cursor(article):
    raw = f"{article.first_published_at.isoformat()}|{article.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """(publication time, id) of the last story of the page before; refused when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.split("|")
        moment = datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            raise ValueError(moment)
        return moment, int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error) as error:
        message = _("This cursor is not one this site gave; start again without it.")
        raise Refused(message, code="invalid_cursor", status=400, field="cursor") from error


def filtered_listing(filters, home, *, limit):
    """The listing the filters ask for, and the page-cache names of what it depends on; 404 for unknown slugs."""
    names = []  # the edition itself: `edition_home`
    section = tag = author = None
    if filters.section:
        section = public(SectionPage.objects.live()).filter(url_path=f"{home.url_path}{filters.section}/").first()
        if section is None:
            raise Refused(_("No such section."), code="not_found", status=404)
        names.append(f"section:{section.pk}")
    if filters.tag:
        tag = NewsTag.objects.filter(slug=filters.tag).first()
        if tag is None:
            raise Refused(_("No such tag."), code="not_found", status=404)
        names.append(f"tag:{tag.pk}")
    if filters.author:
        author = public(AuthorPage.objects.live()).filter(locale_id=home.locale_id, slug=filters.author).first()
        if author is None:
            raise Refused(_("No such author."), code="not_found", status=404)
        names.append(f"author:{author.pk}")
    chosen = {"locale": home.locale_id, "section": section, "tag": tag, "author": author}
    articles = newsroom.article_listing(**chosen)
    if tag is not None or author is not None:
        # A common tag's or a prolific author's page is found sooner by walking the edition's (or the section's)
        # stories newest first than by sorting all of theirs: 59 against 24 ms at 100,000 articles for the most
        # common topic (bench/content_api.py). The counts come from the cache.
        among = newsroom.article_listing(locale=home.locale_id, section=section)
        if newsroom.walking_is_cheaper(newsroom.listing_count(articles), among=among, reach=limit + 1):
            articles = newsroom.article_listing(**chosen, walk=True)
    return articles, names


def page_out(page, request, **fields):
    return {"id": page.pk, "slug": page.slug, "url": page.get_full_url(request), **fields}


def article_out(article, *, request, root_url):
    image_url, _enclosure = lead_image(article, root_url=root_url)
    section = article.section
    updated = article.last_published_at or article.first_published_at
    return {
        "id": article.pk,
        "url": article.get_full_url(request),
        "language": article.locale.language_code,
        "headline": article.title,
        "lead": article.lead,
        "dateline": article.dateline,
        "section": page_out(section, request, title=section.title) if section else None,
        "authors": [page_out(row.author, request, name=row.author.title) for row in article.article_authors.all()],
        "tags": [
            {"slug": row.tag.slug, "name": row.tag.name, "kind": row.tag.kind} for row in article.tagged_items.all()
        ],
        "image": {"url": image_url, "alt": article.image_alt or article.image.default_alt_text or ""}
        if image_url
        else None,
        "published_at": article.first_published_at,
        "updated_at": max(updated, article.first_published_at),
        "comment_count": article.comment_count,
        "views": article.view_count,
        "sponsored": is_sponsored(article),
        "live": article.live_coverage or "",
    }


@router.get("articles", response={200: ArticlesOut, 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse})
def list_articles(request, filters: Query[ArticleFilters]):
    """Published stories of one edition, newest first, `limit` a page; filters combine (a section's stories with
    a tag, by an author). Follow `next_cursor` for older stories."""
    site, home = edition_home(request, filters.language)
    articles, names = filtered_listing(filters, home, limit=filters.limit)
    if filters.cursor:
        moment, pk = decode_cursor(filters.cursor)
        # Up to the last story shown, then without it and those beside it at the same instant shown before:
        # a range on the publication-time index, where "earlier, or as early with a smaller id" (an OR) is not.
        articles = articles.filter(first_published_at__lte=moment).exclude(first_published_at=moment, pk__gte=pk)
    # The page's ids first, then those stories with everything they show (`newsroom.listing_page`, for why).
    ids = list(newsroom.id_list(articles)[: filters.limit + 1])
    page = newsroom.teasers_in_order(with_tags(newsroom.article_listing(locale=home.locale_id)), ids[: filters.limit])
    page_cache_tag(request, *names, *(f"page:{article.pk}" for article in page))
    return {
        "items": [article_out(article, request=request, root_url=site.root_url) for article in page],
        "next_cursor": encode_cursor(page[-1]) if len(ids) > filters.limit else None,
    }


@router.get("articles/{article_id}", response={200: ArticleDetailOut, 404: ErrorResponse})
def get_article(request, article_id: int):
    """One published story with its whole text and its editions in other languages."""
    listing = with_tags(newsroom.article_listing(locale=None))
    found = newsroom.teasers_in_order(listing, [article_id]) if storable(article_id) else []
    if not found:
        return Status(404, error_payload("not_found", _("There is no such published story.")))
    article = found[0]
    root_url = article.get_site().root_url
    page_cache_tag(request, f"page:{article.pk}")
    editions = public(ArticlePage.objects.live()).filter(translation_key=article.translation_key).exclude(pk=article.pk)
    with translation.override(article.locale.language_code):
        body_html = content.full_texts([article], root_url=root_url)[article.pk]
    return {
        **article_out(article, request=request, root_url=root_url),
        "body_html": body_html,
        "editions": [
            {"id": edition.pk, "language": edition.locale.language_code, "url": edition.get_full_url(request)}
            for edition in editions.select_related("locale").order_by("locale__language_code")
        ],
    }


@router.get("sections", response={200: list[SectionOut], 404: ErrorResponse, 422: ErrorResponse})
def list_sections(request, language: Language = settings.LANGUAGE_CODE):
    """The sections of one edition, in the order of the site's menu (also those the menu leaves out)."""
    _site, home = edition_home(request, language)
    # Sorted here, not by the database: see `newsroom.selectors.site_menus`.
    sections = sorted(public(SectionPage.objects.live()).filter(locale_id=home.locale_id), key=lambda s: s.path)
    return [page_out(section, request, title=section.title) for section in sections]


@router.get("authors", response={200: list[AuthorDetailOut], 404: ErrorResponse, 422: ErrorResponse})
def list_authors(request, language: Language = settings.LANGUAGE_CODE):
    """The authors of one edition who have a published page, by name."""
    site, home = edition_home(request, language)
    authors = (
        public(AuthorPage.objects.live())
        .filter(locale_id=home.locale_id)
        .select_related("portrait")
        .prefetch_related("portrait__renditions")
        .order_by("title")
    )
    answers = []
    for author in authors:
        portrait = author.portrait.get_rendition("fill-400x400").url if author.portrait else None
        answers.append(
            page_out(
                author,
                request,
                name=author.title,
                job_title=author.job_title,
                bio_html=content.absolute_urls(expand_db_html(author.bio), root_url=site.root_url),
                portrait_url=content.absolute_url(portrait, root_url=site.root_url) if portrait else None,
            )
        )
    return answers


# Publishing, unpublishing, moving and restricting stories change the listings' version, and with it the key.
TAGS_IN_USE_SECONDS = 24 * 3600


def tags_in_use(*, locale_id):
    """Ids of the tags that at least one live, public story of the edition carries.

    Each tag is asked whether one of its rows is such a story, reading each row's story by id: a tag in use answers
    at its first rows, but a tag of another edition only after all of its rows (0.2 s for the 100,000-article
    demo's 25 Russian tags, 350,000 rows in all), so the answer is kept until the listings change.
    """
    in_use = TaggedArticle.objects.filter(
        tag_id=OuterRef("pk"), content_object__live=True, content_object__locale_id=locale_id
    )
    in_use = public(in_use, through="content_object__")
    return list(NewsTag.objects.filter(Exists(in_use)).values_list("pk", flat=True))


@router.get("tags", response={200: list[TagLinkOut], 404: ErrorResponse, 422: ErrorResponse})
def list_tags(request, language: Language = settings.LANGUAGE_CODE):
    """The tags that at least one published story of the edition carries, by name, each with its page."""
    _site, home = edition_home(request, language)
    key = f"content-api:tags-in-use:{home.locale_id}:{newsroom.listing_version()}"
    ids = cache.get(key)
    if ids is None:
        ids = tags_in_use(locale_id=home.locale_id)
        cache.set(key, ids, TAGS_IN_USE_SECONDS)
    tags = NewsTag.objects.filter(pk__in=ids).order_by("name")
    base = home.get_full_url(request)
    return [
        {
            "slug": tag.slug,
            "name": tag.name,
            "kind": tag.kind,
            "url": base + home.reverse_subpage("tag", args=[tag.slug]),
        }
        for tag in tags
    ]
