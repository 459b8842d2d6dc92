"""Changes that make cached pages stale, wired to the signals that announce them.

Comments call `invalidation.article_content_changed` where the number of visible comments is recounted
(comments/services.py), the one place every change of what readers see passes through.
"""

from functools import cache

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import TagBase
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .invalidation import has_proxy, names_for_page, proxy_urls_for_page, purge_proxy
from .tags import invalidate


def page_changed(page):
    invalidate(*names_for_page(page))
    if has_proxy():  # the addresses cost queries; a site without a proxy needs none of them
        urls = proxy_urls_for_page(page)
        transaction.on_commit(lambda: purge_proxy(urls))


# Deleting a live page unpublishes it first (Wagtail's own pre_delete handler), so deletions arrive here too,
# while the page's section, authors and tags can still be read.
@receiver(page_published)
@receiver(page_unpublished)
def on_page_published_or_unpublished(sender, instance, **kwargs):
    page_changed(instance)


@receiver(post_page_move)
def on_page_moved(sender, instance, **kwargs):
    invalidate("all")


@cache
def shows_on_every_page(model):
    """Site settings (texts, rules, channels), the rows that belong to them, and tag names."""
    if issubclass(model, BaseSiteSetting | BaseGenericSetting | TagBase):
        return True
    return any(
        field.is_relation and field.related_model and issubclass(field.related_model, BaseSiteSetting)
        for field in model._meta.get_fields()
        if getattr(field, "many_to_one", False)
    )


@receiver(post_save)
def on_settings_or_tag_saved(sender, instance, created=False, **kwargs):
    # A settings row is created with its defaults the first time a page asks for it: that changes nothing shown.
    if created and issubclass(sender, BaseSiteSetting | BaseGenericSetting):
        return
    if shows_on_every_page(sender):
        invalidate("all")


# The site's name is in every page's header and title, and its address in every link.
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def on_site_changed(sender, instance, **kwargs):
    invalidate("all")
