"""Sponsored stories: what marks them as paid for, wherever the story appears.

Two kinds, as newsrooms (and advertising law) tell them apart: *sponsored* content is paid for by the sponsor and
is advertising, so it says so over the headline and in lists, its links carry `rel="sponsored"`, and it is kept out
of the news sitemap and of other stories' "More on the topic"; *supported* journalism is funded by a sponsor but
decided by the newsroom alone, and only says who supports it.
"""

import re

from django.db.models import Q

SPONSORED = "sponsored"
SUPPORTED = "supported"

# An off-site link (an absolute http(s) address) that does not already say what it is.
_OFF_SITE_LINK = re.compile(r'<a (?![^>]*\brel=)([^>]*\bhref="https?://)', re.IGNORECASE)


def is_sponsored(article):
    return bool(article.sponsor_id) and article.sponsorship == SPONSORED


def sponsored_q():
    """A filter matching sponsored stories (`~` of it: the newsroom's own and supported ones)."""
    return Q(sponsor__isnull=False, sponsorship=SPONSORED)


def mark_paid_links(html):
    """The HTML with every off-site link marked `rel="sponsored"`, as search engines ask of paid links."""
    return _OFF_SITE_LINK.sub(r'<a rel="sponsored noopener" \1', str(html))
