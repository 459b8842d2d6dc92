"""Under every article, "More on the topic": earlier stories of its edition on the same topics.

Only earlier stories, so that publishing a new one never changes what an already stored page shows. The list is
kept in the cache under the listings' version, which every publish, unpublish, move and delete changes, so reading
the article costs no query for it; the stored page is tagged with each story it links, so editing or taking one
down drops the pages that show it.
"""

from django.core.cache import cache
from django.db.models import Exists, OuterRef

from masthead.pagecache.tags import tag as page_cache_tag

from .privacy import public
from .selectors import listing_version
from .sponsorship import sponsored_q

MORE_ON_THE_TOPIC = 4
# How far back the list looks: the edition's 2,000 stories before the article (some forty days of a busy newsroom).
STORIES_LOOKED_AT = 2000
CACHE_SECONDS = 24 * 3600  # a safety net: the listings' version moves with every change that matters


def more_on_the_topic(*, article, tags, section, request, shown_in_body=()):
    """Teasers (id, title, url, published_at) of up to four earlier stories sharing a topic with `article`,
    newest first. Topic tags are matched when the article has any, else its places; an article without tags gets
    its section's earlier stories. Stories the body already links are left out."""
    if article.pk is None or article.first_published_at is None:  # a preview of a story never published
        return []
    key = f"newsroom:more-on-the-topic:{article.pk}:{listing_version()}"
    teasers = cache.get(key)
    if teasers is None:
        stories = earlier_stories(article=article, tags=tags, section=section, shown_in_body=shown_in_body)
        teasers = [
            {
                "id": story.pk,
                "title": story.title,
                "url": story.get_url(request),
                "published_at": story.first_published_at,
            }
            for story in stories
        ]
        if not getattr(request, "is_preview", False):
            cache.set(key, teasers, CACHE_SECONDS)
    page_cache_tag(request, *(f"page:{teaser['id']}" for teaser in teasers))
    return teasers


def earlier_stories(*, article, tags, section, shown_in_body=()):
    from .models import ArticlePage, TaggedArticle

    topics = [tag.pk for tag in tags if tag.kind == "topic"] or [tag.pk for tag in tags]
    # Strictly earlier: a story published at the very same instant is left out, because the tie-break on ids (an OR)
    # would keep the database from walking its publication-time index.
    earlier = (
        public(ArticlePage.objects.live())
        .filter(locale_id=article.locale_id, first_published_at__lt=article.first_published_at)
        .exclude(pk__in=shown_in_body)
        .exclude(sponsored_q())  # advertising is not recommended reading
        .order_by("-first_published_at", "-pk")
    )
    if topics:
        # The edition's stories before this one, newest first, each tested for a shared topic: the database walks
        # its publication-time index and stops at the fourth match. Matching the tags' own rows instead reads all
        # of them, tens of thousands for a common tag of a large archive (bench/more_on_the_topic.py). The walk
        # stops at the window's oldest story, however rare the topic.
        window = list(earlier.values_list("first_published_at", flat=True)[STORIES_LOOKED_AT - 1 : STORIES_LOOKED_AT])
        if window:
            earlier = earlier.filter(first_published_at__gte=window[0])
        shares_a_topic = TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=topics)
        stories = earlier.filter(Exists(shares_a_topic))
    elif section is not None:
        stories = earlier.child_of(section)
    else:
        return []
    return list(stories.defer_streamfields()[:MORE_ON_THE_TOPIC])
