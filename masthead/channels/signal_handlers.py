"""The channels' reaction to publishing, connected from `apps.ready()` only."""

from wagtail.signals import page_published


def post_published_article(sender, instance, revision=None, **kwargs):
    from .services import posts_for_live_updates, posts_for_publication

    posts_for_publication(article=instance)
    posts_for_live_updates(article=instance)


def connect():
    from masthead.newsroom.models import ArticlePage
    from masthead.newsroom.privacy import privacy_changed

    from .tasks import on_privacy_changed

    privacy_changed.connect(on_privacy_changed, dispatch_uid="channels-post-made-public")
    page_published.connect(post_published_article, sender=ArticlePage, dispatch_uid="channels-post-published")
