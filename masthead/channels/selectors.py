"""Reads for channels: a story as channels see it, and the posts of an article."""

from django.utils import timezone

from . import conf
from .adapters import Story
from .models import Channel, ChannelPost

LEAD_IMAGE_RENDITION = "fill-1200x675"  # the social card's picture, already made for the article page


def absolute(url):
    return url if url.startswith(("http://", "https://")) else conf.base_url() + url


def story_for(article):
    """Plain values for the adapters, read fresh when the post goes out, so a quick correction is included."""
    from masthead.newsroom.selectors import localized_authors

    section = article.get_parent().specific
    image_url = ""
    if article.image_id:
        image_url = absolute(article.image.get_rendition(LEAD_IMAGE_RENDITION).url)
    return Story(
        id=article.pk,
        headline=article.title,
        lead=article.lead,
        url=article.get_full_url() or absolute(article.url or ""),
        language=article.locale.language_code,
        published_at=timezone.localtime(article.first_published_at).isoformat(),
        image_url=image_url,
        section=section.title if section else "",
        tags=sorted(tag.name for tag in article.tags.all()),
        authors=[author.title for author in localized_authors(article=article)],
    )


def posts_of_article(*, article):
    """Every channel with the article's posts to it, newest first, for the editor's status screen."""
    posts = list(ChannelPost.objects.filter(article=article).select_related("channel", "requested_by"))
    by_channel = {}
    for post in posts:
        by_channel.setdefault(post.channel_id, []).append(post)
    return [(channel, by_channel.get(channel.pk, [])) for channel in Channel.objects.all()]
