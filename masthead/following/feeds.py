"""A reader's "Your news" as a feed (RSS, Atom or JSON Feed) for their feed reader, at their private address.

The same stories as the page (`selectors.stories_for`: public, live, of the edition in the address, of the last
YOUR_NEWS_DAYS days), through the site's own feed code, so the entries are those of every other feed.
"""

from datetime import timedelta

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.feeds.models import FeedSettings
from masthead.feeds.selectors import FeedSource, site_and_home, site_name
from masthead.newsroom.models import ArticlePage

from .models import PrivateFeed
from .selectors import follows_of, stories_for

YOUR_NEWS_DAYS = 30


def reader_of(token):
    """The reader whose feed this address is, or 404: an address renewed or stopped finds nothing."""
    feed = PrivateFeed.objects.select_related("reader").filter(token=token).first()
    if feed is None or not feed.reader.is_active:
        raise Http404(_("There is no feed at this address."))
    return feed.reader


def private_feed_source(request, *, kind, slug):
    reader = reader_of(slug)
    site, home = site_and_home(request)
    since = timezone.now() - timedelta(days=YOUR_NEWS_DAYS)
    stories = stories_for(follows_of(reader), locale=home.locale_id, since=since)
    return FeedSource(
        kind=kind,
        title=f"{_('Your news')} — {site_name(site)}",
        description=_("New stories on the topics and by the authors you follow."),
        link=request.build_absolute_uri(reverse("following:news")),
        articles=ArticlePage.objects.none() if stories is None else stories,
        home=home,
        site=site,
        settings=FeedSettings.for_site(site),
        slug=slug,
    )


def feed_addresses(request, token):
    """The feed's absolute address in each format, in the edition being read."""
    return {
        feed_format: request.build_absolute_uri(reverse("following:feed", args=[token, feed_format]))
        for feed_format in ("rss", "atom", "json")
    }
