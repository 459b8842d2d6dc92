"""Template tags for the shared pages: the sidebar's calendar and most-read list, and view counts."""

from datetime import date

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from masthead.site_time import site_today

from .. import conf, readers, selectors
from ..services import GENERATION_KEY

register = template.Library()

SIDEBAR_MOST_READ = 5


@register.filter
def view_count(value):
    """A count as the page's language writes it, grouped whatever USE_THOUSAND_SEPARATOR says:
    "5,753" in English, "5 753" (a no-break space) in Russian."""
    if value in (None, ""):
        return ""
    return number_format(value, force_grouping=True)


@register.filter
def counted_by_beacon(request):
    """Whether this page must count its view with the beacon: always, unless the proxy's log counts anonymous
    views (proxy_log.py); readers with a session are never in that log, so their pages keep the beacon."""
    return not conf.proxy_log() or readers.has_session(request)


@register.simple_tag(takes_context=True)
def audience_sidebar(context):
    """The archive calendar and the most-read list, rendered once and kept in the cache.

    On a warm request this reads two cache keys and no table: the fragment and the archive's generation,
    which publishing and unpublishing move on (the fragment is dropped as soon as they commit). The
    month shown is the archive page's own month there, else the current month.
    """
    today = site_today()
    month = context.get("audience_calendar_month") or date(today.year, today.month, 1)
    language = get_language()
    request = context.get("request")
    # Links in the fragment are relative to the site; the site context processor has already found it.
    site = Site.find_for_request(request) if request is not None else None
    key = f"audience:sidebar:{site.pk if site else 0}:{language}:{month:%Y-%m}:{today.isoformat()}"
    cached = cache.get_many([key, GENERATION_KEY])
    generation = cached.get(GENERATION_KEY) or 0
    if key in cached and cached[key][0] == generation:
        return mark_safe(cached[key][1])  # noqa: S308 - our own rendered template
    html = render_to_string(
        "audience/includes/sidebar_blocks.html",
        {
            "calendar": selectors.calendar_month(language=language, year=month.year, month=month.month, today=today),
            "most_read": selectors.most_read(language=language, period="24-hours", limit=SIDEBAR_MOST_READ),
            "most_read_url": "",
        },
        request=request,
    )
    cache.set(key, (generation, html), conf.sidebar_ttl())
    return mark_safe(html)  # noqa: S308 - our own rendered template
