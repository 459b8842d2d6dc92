"""Breaking news: one story per edition shown above every page, until the time the editors set.

Chosen in Settings → Newsroom settings, in each language's texts. Every page asks, so the answer is kept in the
cache per site and language, under a version that saving the texts and publishing, unpublishing or deleting any
article moves on: a page costs no query for it. Stored pages showing the banner are tagged with the story, so
editing or taking it down drops them; after its time the banner leaves stored pages within the page cache's own
lifetime (MASTHEAD_PAGE_CACHE_SECONDS).
"""

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Site

from masthead.pagecache.tags import tag as page_cache_tag

from .selectors import cache_version, cache_version_changed

VERSION_KEY = "newsroom:breaking-version"
CACHE_SECONDS = 3600  # a safety net: the version moves with every change that matters


def breaking_changed(**kwargs):
    """The texts or an article changed: every cached answer is stale (connected to signals in signal_handlers)."""
    cache_version_changed(VERSION_KEY)


def breaking_news(request):
    """{"id", "title", "url", "until"} of the story to announce on this request's site in the active language, or
    None when there is none or its time is over."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    language = get_language()
    version = cache_version(VERSION_KEY)
    key = f"newsroom:breaking:{version}:{site.pk}:{language}"
    story = cache.get(key)
    if story is None:
        story = load(site=site, language=language) or {}  # {}: none, remembered as well
        cache.set(key, story, CACHE_SECONDS)
    if not story or (story["until"] and story["until"] <= timezone.now()):
        return None
    page_cache_tag(request, f"page:{story['id']}")
    return story


def load(*, site, language):
    from .models import SiteTexts

    texts = (
        SiteTexts.objects.filter(site_settings__site=site, language=language, breaking_story__isnull=False)
        .select_related("breaking_story__locale")
        .first()
    )
    story = texts.breaking_story if texts else None
    if story is None or not story.live or story.locale.language_code != language:
        return None
    return {"id": story.pk, "title": story.title, "url": story.get_url(), "until": texts.breaking_until}
