"""The newsroom's reactions to saves elsewhere, connected from `apps.ready()` only."""

from django.db.models.signals import post_delete, post_save

from .breaking import breaking_changed


def forget_site_texts(sender, instance, **kwargs):
    instance.site_settings.forget_cached_texts()


def forget_site_texts_of_settings(sender, instance, **kwargs):
    instance.forget_cached_texts()


def forget_listing_counts(sender, **kwargs):
    from .selectors import listings_changed

    listings_changed()


def sponsor_changed(sender, instance, **kwargs):
    """A sponsor's name, link, logo or disclosure shows on every story it sponsors: drop their stored pages."""
    from masthead.pagecache.invalidation import article_content_changed

    for article_id in instance.articles.live().values_list("pk", flat=True):
        article_content_changed(article_id)


def fact_checks_published(sender, instance, **kwargs):
    from .fact_checks import fact_checks_save

    fact_checks_save(article=instance)


def fact_checks_moved(sender, instance, **kwargs):
    from .fact_checks import fact_checks_save
    from .models import ArticlePage

    # Read back: its new path decides whether it is now under a private page.
    article = ArticlePage.objects.filter(pk=instance.pk).first()
    if article is not None:
        fact_checks_save(article=article)


def fact_checks_withdrawn(sender, instance, **kwargs):
    from masthead.pagecache.tags import invalidate

    from .fact_checks import FACT_CHECKS_CACHE_NAME
    from .models import FactCheck

    # After a delete the rows are already gone with the article (on_delete=CASCADE): only the lists must follow.
    FactCheck.objects.filter(article_id=instance.pk).delete()
    invalidate(FACT_CHECKS_CACHE_NAME)


def fact_checks_privacy_changed(sender, path, **kwargs):
    from .fact_checks import fact_checks_rebuild

    fact_checks_rebuild(under=path)


def connect():
    from wagtail.models import PageViewRestriction
    from wagtail.signals import copy_for_translation_done, page_published, page_unpublished, post_page_move

    from .models import ArticlePage, NewsroomSettings, SiteTexts, Sponsor
    from .privacy import forget_restricted_paths, privacy_changed, restriction_changed

    # A restriction makes a page and its descendants private; a move may carry a restricted page elsewhere.
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="newsroom-restriction-saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="newsroom-restriction-deleted")
    post_page_move.connect(forget_restricted_paths, dispatch_uid="newsroom-restricted-paths-moved")

    # The edition's list of fact checks follows each article's publication and its privacy.
    page_published.connect(fact_checks_published, sender=ArticlePage, dispatch_uid="newsroom-fact-checks-published")
    page_unpublished.connect(fact_checks_withdrawn, sender=ArticlePage, dispatch_uid="newsroom-fact-checks-unpublished")
    post_delete.connect(fact_checks_withdrawn, sender=ArticlePage, dispatch_uid="newsroom-fact-checks-deleted")
    post_page_move.connect(fact_checks_moved, sender=ArticlePage, dispatch_uid="newsroom-fact-checks-moved")
    privacy_changed.connect(fact_checks_privacy_changed, dispatch_uid="newsroom-fact-checks-privacy")

    # Listings count live articles; any of these changes that number somewhere.
    page_published.connect(forget_listing_counts, sender=ArticlePage, dispatch_uid="newsroom-listing-published")
    page_unpublished.connect(forget_listing_counts, sender=ArticlePage, dispatch_uid="newsroom-listing-unpublished")
    post_delete.connect(forget_listing_counts, sender=ArticlePage, dispatch_uid="newsroom-listing-deleted")
    post_page_move.connect(forget_listing_counts, dispatch_uid="newsroom-listing-moved")

    # The breaking news banner names a story chosen in the texts: any change to either may change it.
    for signal, sender, name in [
        (page_published, ArticlePage, "published"),
        (page_unpublished, ArticlePage, "unpublished"),
        (post_delete, ArticlePage, "deleted"),
        (post_save, SiteTexts, "texts-saved"),
        (post_delete, SiteTexts, "texts-deleted"),
    ]:
        signal.connect(breaking_changed, sender=sender, dispatch_uid=f"newsroom-breaking-{name}")

    post_save.connect(forget_site_texts, sender=SiteTexts, dispatch_uid="newsroom-texts-saved")
    post_delete.connect(forget_site_texts, sender=SiteTexts, dispatch_uid="newsroom-texts-deleted")
    post_save.connect(
        forget_site_texts_of_settings,
        sender=NewsroomSettings,
        dispatch_uid="newsroom-settings-saved",
    )
    post_save.connect(sponsor_changed, sender=Sponsor, dispatch_uid="newsroom-sponsor-saved")

    # A story copied into the other edition links to that edition's series and related stories.
    from .translation_links import point_at_own_edition

    copy_for_translation_done.connect(point_at_own_edition, dispatch_uid="newsroom-translation-links")
