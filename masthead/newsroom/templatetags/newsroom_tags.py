import re

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from masthead.newsroom.addresses import public_url

from ..sponsorship import mark_paid_links
from ..text import cut_at_word

register = template.Library()

# Day.month.year hours:minutes, the way the newsroom prints times in every language.
PUBLICATION_FORMAT = "d.m.Y H:i"


@register.filter
def publication_time(moment):
    """A stored UTC time as the site's local time: "06.03.2022 02:45"."""
    if not moment:
        return ""
    return format_date(timezone.localtime(moment), PUBLICATION_FORMAT)


@register.filter
def machine_time(moment):
    """The same moment as ISO 8601 with the site's offset, for <time datetime>."""
    if not moment:
        return ""
    return timezone.localtime(moment).isoformat(timespec="minutes")


# "Photo: Staff" typed into the credit, which the page already heads with "Photo:" in the reader's language.
CREDIT_PREFIX = re.compile(r"^\s*(?:photo|фото)\s*:\s*", re.IGNORECASE)


@register.filter
def credit_name(credit):
    """A picture's credit without a "Photo:" the editor typed, so it does not read "Photo: Photo: Staff"."""
    return CREDIT_PREFIX.sub("", credit or "")


# Open Graph names a locale as language_TERRITORY ("ru_RU"); a bare language code is not one. Where the site's
# language has no territory of its own ("en-gb" has), the one it is most read in.
OPEN_GRAPH_TERRITORIES = {"en": "US", "ru": "RU", "uk": "UA", "be": "BY", "kk": "KZ", "de": "DE", "fr": "FR"}


@register.filter
def open_graph_locale(language_code):
    """ "ru" as "ru_RU", "en-gb" as "en_GB", for og:locale."""
    language, _, territory = (language_code or "").lower().partition("-")
    territory = territory or OPEN_GRAPH_TERRITORIES.get(language, language)
    return f"{language}_{territory.upper()}"


# Quotation marks inside quotation marks: a headline with «…» of its own, quoted in a Russian sentence, takes „…“
# inside (and “…” inside an English sentence's “…” becomes ‘…’), as each language's typography has it.
INNER_QUOTES = {"ru": str.maketrans("«»", "„“"), "en": str.maketrans("“”", "‘’")}


@register.filter
def inside_quotes(text):
    """Text to be quoted in a sentence of the current language, its own quotation marks made the inner kind."""
    table = INNER_QUOTES.get((get_language() or "")[:2])
    return str(text).translate(table) if table and text else text


@register.filter
def teaser(text, limit=160):
    return cut_at_word(text, int(limit))


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """An absolute address for a path, for canonical links and social cards."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return public_url(context.get("request"), url)


@register.filter(is_safe=True)
def paid_links(html, sponsored):
    """A sponsored story's body with its off-site links marked as paid (`rel="sponsored"`)."""
    return mark_safe(mark_paid_links(html)) if sponsored else html


# Sections of a page that show the messages of their own actions beside themselves (the kept text and the reason it
# was refused, next to the comment form); a view names the place as the message's extra_tags.
MESSAGE_PLACES = ("comments",)


def anchors_of(message):
    """The ids of the page's elements a message is about (extra tags "at:<id>")."""
    return {tag.removeprefix("at:") for tag in (message.extra_tags or "").split() if tag.startswith("at:")}


@register.inclusion_tag("includes/messages.html", takes_context=True)
def page_messages(context, place="", shown_at=()):
    """The messages of the reader's last action meant for `place`; without one, those no section claims (signed
    in or out, settings saved...), shown at the top of the page whatever page comes next. A message about an
    element among `shown_at` (ids of what the page shows) is left to that element (`messages_at`)."""

    def places(message):
        return [tag for tag in (message.extra_tags or "").split() if tag in MESSAGE_PLACES]

    found, shown_at = context.get("messages") or [], set(shown_at)
    return {
        "shown": [
            message
            for message in found
            if (place in places(message) if place else not places(message)) and not anchors_of(message) & shown_at
        ]
    }


@register.inclusion_tag("includes/messages.html", takes_context=True)
def messages_at(context, *id_parts):
    """The messages about the page's element whose id is `id_parts` joined by "-" ("comment", 12: #comment-12),
    shown inside it: a form's redirect lands there, and the reader reads what their press did where they pressed."""
    anchor = "-".join(str(part) for part in id_parts)
    return {"shown": [message for message in context.get("messages") or [] if anchor in anchors_of(message)]}
