"""Reads for channels: a story as channels see it, and the posts of an article."""

from django.utils import timezone

from . import conf
from .adapters import LiveUpdate, Story
from .models import Channel, ChannelPost

LEAD_IMAGE_RENDITION = "fill-1200x675"  # the social card's picture, already made for the article page


def absolute(url):
    return url if url.startswith(("http://", "https://")) else conf.base_url() + url


def live_update_of(article, update_id, *, url):
    """One update of a live story as channels see it, or None when it is no longer in the story."""
    from masthead.newsroom.live import plain_text

    for block in article.live_updates:
        if block.id == update_id and block.block_type == "update":
            time, image = block.value.get("time"), block.value.get("image")
            return LiveUpdate(
                id=block.id,
                headline=block.value.get("headline") or "",
                text=plain_text(block.value["text"]),
                url=f"{url}#update-{block.id}",
                time=timezone.localtime(time).isoformat() if time else "",
                image_url=absolute(image.get_rendition(LEAD_IMAGE_RENDITION).url) if image else "",
            )
    return None


def story_for(article, *, update_id=""):
    """Plain values for the adapters, read fresh when the post goes out, so a quick correction is included; with
    `update_id`, the post is that update of a live story."""
    from masthead.newsroom.selectors import localized_authors

    section = article.get_parent().specific
    image_url = ""
    if article.image_id:
        image_url = absolute(article.image.get_rendition(LEAD_IMAGE_RENDITION).url)
    url = article.get_full_url() or absolute(article.url or "")
    return Story(
        id=article.pk,
        headline=article.title,
        lead=article.lead,
        url=url,
        language=article.locale.language_code,
        published_at=timezone.localtime(article.first_published_at).isoformat(),
        image_url=image_url,
        section=section.title if section else "",
        tags=sorted(tag.name for tag in article.tags.all()),
        authors=[author.title for author in localized_authors(article=article)],
        update=live_update_of(article, update_id, url=url) if update_id else None,
    )


def posts_of_article(*, article):
    """Every channel with the article's posts to it, newest first, for the editor's status screen."""
    posts = list(ChannelPost.objects.filter(article=article).select_related("channel", "requested_by"))
    by_channel = {}
    for post in posts:
        by_channel.setdefault(post.channel_id, []).append(post)
    return [(channel, by_channel.get(channel.pk, [])) for channel in Channel.objects.all()]
