""" "More on the topic" under an article: earlier stories of its edition on the same topics.

Only earlier stories, so that publishing a new one never changes what an already stored page shows. The list is
kept in the cache under the listings' version, which every publish, unpublish, move and delete changes, so reading
the article costs no query for it; the stored page is tagged with each story it links, so editing or taking one
down drops the pages that show it.
"""

from django.core.cache import cache
from django.db.models import Q

from masthead.pagecache.tags import tag as page_cache_tag

from .selectors import listing_version

MORE_ON_THE_TOPIC = 4
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
    stories = (
        ArticlePage.objects.live()
        .filter(locale_id=article.locale_id)
        .filter(
            Q(first_published_at__lt=article.first_published_at)
            | Q(first_published_at=article.first_published_at, pk__lt=article.pk)
        )
        .exclude(pk__in=[article.pk, *shown_in_body])
    )
    if topics:
        # The tags' own rows, then those articles sorted: a cost that grows with the tags' sizes, not the archive's.
        stories = stories.filter(pk__in=TaggedArticle.objects.filter(tag_id__in=topics).values("content_object_id"))
    elif section is not None:
        stories = stories.child_of(section)
    else:
        return []
    return list(stories.order_by("-first_published_at", "-pk").defer_streamfields()[:MORE_ON_THE_TOPIC])
