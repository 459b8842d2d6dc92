"""A story copied into the other edition (Wagtail's Translate action) links to that edition's counterparts.

Wagtail copies a page's links as they are: the Russian copy of an English story named the English series (which
then refused publishing until the editor cleared it) and pointed its "Related story" blocks at English stories.
Each link that has a counterpart in the copy's language now points at it; a series without one is left empty, as
publishing would refuse it. What has no counterpart otherwise stays for the editor to decide, as before.
"""

from wagtail.models import Page


def point_at_own_edition(sender, source_obj, target_obj, **kwargs):
    from .models import ArticlePage

    if not isinstance(target_obj, Page) or not isinstance(target_obj.specific, ArticlePage):
        return
    copy = target_obj.specific  # the object the Translate action goes on with, as well as the editor's draft
    if relink(copy):
        copy.save(update_fields=["series"], clean=False)  # as Wagtail saved the copy: checks come on publishing
        copy.save_revision(changed=False, clean=False)


def relink(article):
    """Point the article's series and related stories at their translations in its language; True if any moved."""
    locale, moved = article.locale, False
    if article.series_id and article.series.locale_id != locale.pk:
        article.series = article.series.get_translation_or_none(locale)
        moved = True
    for block in article.body:
        if block.block_type != "related_story":
            continue
        story = block.value.get("article")
        counterpart = story.get_translation_or_none(locale) if story and story.locale_id != locale.pk else None
        if counterpart is not None:
            block.value["article"] = counterpart.specific
            moved = True
    return moved
