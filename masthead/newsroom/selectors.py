"""Reads for the newsroom's pages, each with a fixed number of queries whatever the data holds."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Page

from masthead.pagecache.tags import tag as page_cache_tag

from . import structured_data
from .addresses import public_url
from .privacy import public
from .reading_time import reading_minutes, word_count
from .sharing import share_links
from .timezones import time_zone_label

DEFAULT_TEXTS = {
    "subscribe_intro": _("Subscribe to %(site)s news at"),
    "typo_hint": _("If you find an error, please select a piece of text and press Ctrl + Enter."),
    "comment_rules": "",
}

# Social cards and structured data want one large 16:9 picture.
SOCIAL_RENDITION = "fill-1200x675"


def paginate(request, queryset, *, per_page=None, paginator_class=Paginator):
    """One page of a listing. A page number that is not a number, or past the end, is a 404, not a 500."""
    paginator = paginator_class(queryset, per_page or settings.MASTHEAD_PAGE_SIZE)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except PageNotAnInteger as error:
        raise Http404(_("That page number is not a number.")) from error
    except EmptyPage as error:
        # An empty listing still has page 1 (its empty state); only pages past the end are missing.
        raise Http404(_("That page is past the end of the list.")) from error


def article_listing(*, locale, section=None, tag=None, author=None, walk=False):
    """Live articles in one language, newest first, ready for teaser lists (authors, image, section).

    A tag's or an author's articles are matched by id (`id IN (the tag's rows)`): the database reads the tag's
    own rows and sorts those articles, however few or many. With `walk` they are matched one by one (EXISTS),
    which the database answers by walking the language's articles newest first, testing each: the quick way to
    the first page of a tag on one article in ten, the slow way for a rare tag. `listing_page` picks.
    """
    from .models import ArticleAuthor, ArticlePage, TaggedArticle

    articles = public(ArticlePage.objects.live())
    if locale is not None:  # None: every language (a reader's saved stories)
        articles = articles.filter(locale=locale)
    if section is not None:
        articles = articles.child_of(section)
    memberships = []
    if tag is not None:
        memberships.append((TaggedArticle.objects.filter(tag=tag), "content_object_id"))
    if author is not None:
        memberships.append((ArticleAuthor.objects.filter(author_id__in=author_editions(author)), "article_id"))
    for rows, article_column in memberships:
        if walk:
            articles = articles.filter(Exists(rows.filter(**{article_column: OuterRef("pk")})))
        else:
            articles = articles.filter(pk__in=rows.values(article_column))
    return (
        articles.select_related("image", "locale")
        .prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order", "pk"),
            ),
            Prefetch("image__renditions"),
        )
        .order_by("-first_published_at", "-pk")
        .defer_streamfields()
    )


LISTING_VERSION_KEY = "newsroom:listing-version"
LISTING_COUNT_SECONDS = 600  # a safety net: publishing, unpublishing and deleting change the version at once


def cache_version(key):
    """A number that goes into cache keys, so that moving it on (`cache_version_changed`) makes them all stale."""
    return cache.get_or_set(key, 1, None)


def cache_version_changed(key):
    try:
        cache.incr(key)
    except ValueError:  # nothing cached yet: nothing to make stale
        pass


def listing_version():
    return cache_version(LISTING_VERSION_KEY)


def listings_changed():
    """Every listing's count is stale (an article went live, was taken down or deleted)."""
    cache_version_changed(LISTING_VERSION_KEY)


class ListingPaginator(Paginator):
    """A paginator whose count (a COUNT over every matching article) is kept in the cache between changes.

    The key is the listing's own SQL, so each section, tag, author and language counts apart.
    """

    @cached_property
    def count(self):
        sql = str(self.object_list.query)
        key = f"newsroom:listing-count:{listing_version()}:{hashlib.sha256(sql.encode()).hexdigest()}"
        count = cache.get(key)
        if count is None:
            count = self.object_list.count()
            cache.set(key, count, LISTING_COUNT_SECONDS)
        return count


def author_editions(author):
    """Ids of the author's page in every edition (a Russian article may name the English author page), read once
    per author object. As plain ids, not a join on their translation key: given the ids, PostgreSQL's planner
    knows how many articles they wrote and walks the newest first (1.5 ms at 100,000 articles); through the join
    it guessed two articles and gathered all 20,000 of them (130 ms)."""
    if not hasattr(author, "_edition_ids"):
        author._edition_ids = list(
            Page.objects.filter(translation_key=author.translation_key).values_list("pk", flat=True)
        )
    return author._edition_ids


def id_list(articles):
    return articles.select_related(None).prefetch_related(None).values_list("pk", flat=True)


def listing_page(request, articles, *, walk=None, among=None):
    """One page of teasers, each with its section, for the list templates.

    Two steps, because at 100,000 articles the database orders bare ids by publication time on an index in
    well under a millisecond, but sorts the whole joined listing (images, locales) for the same page: first the
    page's ids, then those twenty articles with everything a teaser shows. The count comes from the cache.

    A tag's or author's listing may give `walk`, the same listing matched by walking the language's articles
    (`among`) newest first (see `article_listing`). The page ending at the n-th match is met after about
    n × (language's articles ÷ matches) articles walked; sorting costs about as much per match as walking per
    article (SQLite at 100,000 articles: 0.9 µs an article walked, 1.6 µs a match sorted). So the page is
    walked when that is fewer articles than the matches (a common tag's or a prolific author's first pages) and
    the matches are sorted otherwise (a rare tag, a deep page). The first page of an author on one article in
    five: 0.07 ms walked, 32 ms sorted; of a tag on no article in this language: 8 ms sorted, 100 ms walked.
    """
    page = paginate(request, id_list(articles), paginator_class=ListingPaginator)
    if walk is not None and walking_is_cheaper(page.paginator.count, among=among, reach=page.end_index()):
        page.object_list = id_list(walk)[page.start_index() - 1 : page.end_index()]
    page_ids = list(page.object_list)
    # The chosen ids are read as the language's articles: repeating a tag's or author's own condition would make
    # the database gather all of their articles again.
    page.object_list = teasers_in_order(articles if among is None else among, page_ids)
    page_cache_tag(request, *(f"page:{pk}" for pk in page_ids))
    return page


def listing_count(articles):
    """How many articles a listing holds, from the cache between changes (`ListingPaginator`)."""
    return ListingPaginator(id_list(articles), 1).count


def walking_is_cheaper(matches, *, among, reach):
    """True when finding the first `reach` of `matches` articles by walking `among` newest first reads fewer rows
    than sorting all the matches (see `listing_page`)."""
    return bool(matches) and reach * listing_count(among) / matches <= matches


def teasers_in_order(articles, ids):
    """Those of `articles` with these ids, in the ids' order, each with its section; ids not among them (no longer
    live, of another language) are left out."""
    found = {article.pk: article for article in articles.filter(pk__in=ids)} if ids else {}
    return attach_sections([found[pk] for pk in ids if pk in found])


def top_stories(*, home, request):
    """The stories the editors put first on an edition's front page, in their order, each ready as a teaser.

    Those no longer live, or of another edition, are left out. The front page is stored tagged with every one of
    them, so editing, taking down or putting back any of them drops it. `ids` are all the chosen ones, for the
    latest news to leave out.
    """
    from .models import HomeTopStory

    ids = list(HomeTopStory.objects.filter(home=home).order_by("sort_order", "pk").values_list("article_id", flat=True))
    page_cache_tag(request, *(f"page:{pk}" for pk in ids))
    return {"ids": ids, "stories": teasers_in_order(article_listing(locale=home.locale), ids)}


def member_listing_page(request, *, locale, tag=None, author=None):
    """One page of a tag's or an author's articles, read whichever way reads less (`listing_page`)."""
    return listing_page(
        request,
        article_listing(locale=locale, tag=tag, author=author),
        walk=article_listing(locale=locale, tag=tag, author=author, walk=True),
        among=article_listing(locale=locale),
    )


def attach_sections(articles):
    """Give each article in a list its section (its parent page) with one query for the whole list."""
    from .models import SectionPage

    steplen = Page.steplen
    parent_paths = {article.path[:-steplen] for article in articles}
    sections = {s.path: s for s in SectionPage.objects.filter(path__in=parent_paths)}
    for article in articles:
        article.section = sections.get(article.path[:-steplen])
    return articles


def site_menus(*, locale):
    """The header's sections and the footer's information pages in one language, in one query.

    The pages come with only Wagtail's own fields (`specific(defer=True)`): the menus need titles and addresses.
    They are picked by id from their own small tables and put in tree order here, not by the database:
    selecting them by content type, or sorting them by path in SQL, let the planner walk the whole page table
    in path order (140 ms a page at 100,000 articles).
    """
    from .models import InfoPage, SectionPage

    section_ids = SectionPage.objects.order_by().values("pk")
    menu_page_ids = section_ids.union(InfoPage.objects.order_by().values("pk"), all=True)
    # A private section or page is left out too: its address asks for the password, the menu need not offer it.
    pages = public(Page.objects.live().in_menu()).filter(locale=locale, pk__in=menu_page_ids).order_by()
    pages = sorted(pages.specific(defer=True), key=lambda page: page.path)
    return {
        "sections": [page for page in pages if isinstance(page, SectionPage)],
        "info_pages": [page for page in pages if isinstance(page, InfoPage)],
    }


def ancestor_of(page, *, depth, model):
    """The page's ancestor at `depth`, of type `model` (None when it is of another type).

    Routing walks from the home page down, loading each page as its own type and leaving it on the child
    (`_cached_parent_obj`, which `get_parent()` reads too); reusing those saves a query for each ancestor that
    the page shows (its home, its section). Pages not reached by routing (previews, listings) load it.
    """
    routed = page
    while routed is not None and routed.depth > depth:
        routed = getattr(routed, "_cached_parent_obj", None)
    if isinstance(routed, model) and routed.depth == depth:
        return routed
    return model.objects.filter(path=page.path[: depth * Page.steplen]).first()


def home_of(page):
    """The home page of a page's language: its ancestor at depth 2 (each edition has its own tree)."""
    from .models import HomePage

    if isinstance(page, HomePage):
        return page
    return ancestor_of(page, depth=2, model=HomePage)


def home_for_request(request, *, language=None):
    """The live home page in the reader's language for a page that is not a Wagtail page: the edition of the
    requested site's own home page (one query, its key as a subquery), else the first home in that language."""
    from wagtail.models import Site

    from .models import HomePage

    homes = HomePage.objects.live().filter(locale__language_code=language or get_language())
    site = Site.find_for_request(request)
    home = None
    if site is not None:
        root_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")
        home = homes.filter(translation_key__in=root_key).first()
    return home or homes.first()


def page_chrome(*, page):
    """What every page's header and footer need: its home, the section menu and the information pages; empty
    menus where there is no page (a view in a language the site has no home page for)."""
    if page is None:
        return {"home": None, "sections": [], "info_pages": []}
    return {"home": home_of(page), **site_menus(locale=page.locale_id)}


def with_tag_urls(tags, *, home):
    """Give each tag the address of its listing under the home page of the reader's language."""
    base = home.url if home else "/"
    for tag in tags:
        tag.url = base + home.reverse_subpage("tag", args=(tag.slug,)) if home else ""
    return tags


def localized_authors(*, article):
    """The byline's authors in the article's language where a translation exists, in byline order."""
    from .models import AuthorPage

    rows = list(article.article_authors.all().select_related("author", "author__portrait").order_by("sort_order", "pk"))
    originals = [row.author for row in rows]
    if all(author.locale_id == article.locale_id for author in originals):
        # The usual case (an edition written by its own newsroom): nothing to look up.
        return [author for author in originals if author.live]
    translations = {
        author.translation_key: author
        for author in AuthorPage.objects.live()
        .filter(
            translation_key__in=[a.translation_key for a in originals],
            locale_id=article.locale_id,
        )
        .select_related("portrait")
    }
    return [translations.get(a.translation_key, a) for a in originals if a.live]


def article_translations(*, page):
    """Live editions of a page in other languages, with their locale, for hreflang and the switcher."""
    return list(
        Page.objects.live()
        .filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .select_related("locale")
        .order_by("locale__language_code")
    )


def site_texts(*, request, newsroom_settings):
    """The reader-facing texts in the active language, with the translated defaults filled in."""
    language = get_language()
    texts = dict(newsroom_settings.texts_for(language))
    site_name = request_site_name(request)
    for name, default in DEFAULT_TEXTS.items():
        if not texts.get(name):
            texts[name] = str(default) % {"site": site_name} if "%(site)s" in str(default) else default
    texts["time_zone_label"] = texts.get("time_zone_label") or time_zone_label(settings.TIME_ZONE)
    return texts


def request_site_name(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def body_images(*, body):
    """Images placed in an article's body, alone or in galleries, their renditions prefetched with one query for
    them all."""
    images = []
    for block in body:
        if block.block_type == "image":
            images.append(block.value["image"])
        elif block.block_type == "gallery":
            images.extend(item["image"] for item in block.value["images"])
    images = [image for image in images if image]
    if images:
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(images, "renditions")
    return images


def related_story_ids(*, body):
    """Ids of the articles the body's related-story teasers show, read from the stored blocks (no query)."""
    ids = []
    for block in body.raw_data:
        value = block.get("value") if block.get("type") == "related_story" else None
        if isinstance(value, dict) and value.get("article"):
            ids.append(value["article"])
    return ids


SERIES_PARTS_SHOWN = 50


def series_parts(*, article, request, home):
    """The article's series, its published parts in order (part 1 first, at most 50) and the article's number
    among them, or None. Two queries; the stored page is tagged with the series and every part it lists, so a new
    part, an edited or a withdrawn one drops it."""
    from .models import ArticlePage, Series

    series = Series.objects.filter(pk=article.series_id).first() if article.series_id else None
    if series is None:
        return None
    parts = list(
        public(ArticlePage.objects.live())
        .filter(series=series)
        .select_related("locale")
        .order_by("first_published_at", "pk")
        .defer_streamfields()[:SERIES_PARTS_SHOWN]
    )
    page_cache_tag(request, f"series:{series.pk}", *(f"page:{part.pk}" for part in parts))
    listed = [
        {"number": number, "title": part.title, "url": part.get_url(request), "current": part.pk == article.pk}
        for number, part in enumerate(parts, start=1)
    ]
    current = next((part for part in listed if part["current"]), None)
    return {
        "series": series,
        "url": (home.url or "/") + home.reverse_subpage("series", args=[series.slug]) if home else "",
        "parts": listed,
        "total": len(listed),
        "number": current["number"] if current else None,
        "next": listed[current["number"]] if current and current["number"] < len(listed) else None,
    }


def updated_at(article, *, after_minutes):
    """When the article was last published again, if that was more than `after_minutes` after it first appeared
    (None: never shown). Fixes in the first minutes are part of publishing, not an update readers need to know of."""
    first, last = article.first_published_at, article.last_published_at
    if after_minutes is None or not first or not last:
        return None
    return last if last - first > timedelta(minutes=after_minutes) else None


def article_page_context(*, article, request, home, translations):
    """Everything the article template shows beyond the page itself; `home` and `translations` come from
    the chrome every newsroom page already loaded."""
    from masthead.polls.selectors import polls_in

    from .live import live_coverage
    from .models import NewsroomSettings, SectionPage, Sponsor
    from .related import more_on_the_topic
    from .sponsorship import is_sponsored

    newsroom_settings = NewsroomSettings.for_request(request)
    section = ancestor_of(article, depth=article.depth - 1, model=SectionPage)
    authors = localized_authors(article=article)
    tags = sorted(article.tags.all(), key=lambda tag: (tag.kind != "place", tag.name.lower()))
    with_tag_urls(tags, home=home)
    lead_image = None
    if article.image_id:
        lead_image = get_image_model().objects.prefetch_related("renditions").get(pk=article.image_id)
    pictures = body_images(body=article.body)
    polls_in(article.body)
    shown_in_body = related_story_ids(body=article.body)
    page_cache_tag(request, *(f"page:{pk}" for pk in shown_in_body))
    # The social card and structured data show the lead image, else the body's first picture: a story told in
    # pictures further down still gets a card with one.
    card_image = lead_image or (pictures[0] if pictures else None)
    social_image_url = ""
    if card_image is not None:
        social_image_url = public_url(request, card_image.get_rendition(SOCIAL_RENDITION).url)
    logo_url = ""
    if newsroom_settings.publisher_logo_id:
        logo = newsroom_settings.publisher_logo.get_rendition("max-600x60")
        logo_url = public_url(request, logo.url)
    site_name = request_site_name(request)
    article_url = article.get_full_url(request)
    words = word_count(article)
    minutes = reading_minutes(words, language=article.locale.language_code)
    live = live_coverage(article)
    series = series_parts(article=article, request=request, home=home)
    sponsor = None
    if article.sponsor_id:
        sponsor = Sponsor.objects.select_related("logo").prefetch_related("logo__renditions").get(pk=article.sponsor_id)
    return {
        "live": live,
        "series_box": series,
        "sponsor": sponsor,
        "sponsored": is_sponsored(article),
        "updated_at": updated_at(article, after_minutes=newsroom_settings.show_updated_after_minutes),
        "reading_minutes": minutes,
        "more_on_the_topic": more_on_the_topic(
            article=article, tags=tags, section=section, request=request, shown_in_body=shown_in_body
        ),
        "share_links": share_links(choices=newsroom_settings.share_links, url=article_url, title=article.title),
        # The article's public address, for its social card, structured data and share line alike.
        "article_url": article_url,
        "section": section,
        "authors": authors,
        "tags": tags,
        "lead_image": lead_image,
        "social_image_url": social_image_url,
        "texts": site_texts(request=request, newsroom_settings=newsroom_settings),
        "newsroom_settings": newsroom_settings,
        "json_ld": structured_data.news_article(
            article=article,
            url=article_url,
            request=request,
            section=section,
            authors=authors,
            tags=tags,
            image_urls=[social_image_url] if social_image_url else [],
            publisher_name=site_name,
            logo_url=logo_url,
            word_count=words,
            reading_minutes=minutes,
            live=live,
            sponsor=sponsor,
            series=series and {"name": series["series"].title, "url": public_url(request, series["url"])},
        ),
        # A second structured-data script, only on pages that check claims: search engines read each on its own.
        "fact_checks_json_ld": structured_data.claim_reviews_json(
            article=article, url=article_url, publisher_name=site_name
        ),
    }
