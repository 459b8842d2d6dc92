"""WebSub (https://www.w3.org/TR/websub/): tell the hub which feeds changed, so subscribers hear at once.

Publishers announce a change with a form POST of `hub.mode=publish` and `hub.url=<the feed>`; the hub then
fetches the feed itself. A story appears in several feeds (the site's, its section's, each tag's and each
author's, in three formats), and each one is announced.
"""

import logging
import urllib.error
import urllib.parse
import urllib.request

from . import conf
from .selectors import FEED_FORMATS, feed_path

logger = logging.getLogger(__name__)


def feeds_of_article(article):
    """The absolute addresses of every feed a story appears in, in its language's edition."""
    from masthead.newsroom import selectors as newsroom

    root_url = article.get_site().root_url
    language = article.locale.language_code
    section = article.get_parent()
    sources = [("latest", None), ("section", section.slug)]
    sources += [("tag", tag.slug) for tag in article.tags.all()]
    sources += [("author", author.slug) for author in newsroom.localized_authors(article=article)]
    return [
        root_url + feed_path(kind, feed_format, slug, language=language)
        for kind, slug in sources
        for feed_format in FEED_FORMATS
    ]


def hub_url_for(site):
    from .models import FeedSettings

    return FeedSettings.for_site(site).hub_url


def ping(*, hub_url, feed_url, timeout=None):
    """Announce one changed feed; True when the hub accepted it (any 2xx answer)."""
    data = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode()
    request = urllib.request.Request(
        hub_url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Masthead WebSub publisher"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout or conf.websub_timeout()) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError, ValueError) as error:
        logger.warning("WebSub hub %s did not take %s: %s", hub_url, feed_url, error)
        return False
