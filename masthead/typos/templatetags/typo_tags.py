from django import template
from django.utils.translation import gettext as _

from .. import conf
from ..selectors import article_corrections

register = template.Library()


@register.simple_tag
def typo_widget_texts():
    """The widget's messages in the page's language, for a JSON script element (no JavaScript catalogue)."""
    return {
        "max": conf.MAX_SELECTION,
        "empty": _("Please select the text with the error first, then press Ctrl + Enter."),
        "outside": _("Please select text in the article itself: the headline, the lead, the body or the live updates."),
        "too_long": _("Please select a shorter piece of text: at most %(max)d characters.")
        % {"max": conf.MAX_SELECTION},
        "sending": _("Sending…"),
        "thanks": _("Thank you! Now the editors are aware."),
        "failed": _("The report could not be sent. Please try again in a moment."),
        "cancel": _("Cancel"),
        "close": _("Close"),
    }


@register.simple_tag
def corrections_of(article):
    """The article's corrections, from the cache: a warm article page asks the database nothing for them."""
    if article is None or not article.pk:
        return []
    return article_corrections(article_id=article.pk)
