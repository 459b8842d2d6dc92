"""Operator settings for typo reports, each read from Django settings with its default here.

Read at call time, so a deployment (or a test) can change them without reloading the app.
"""

from django.conf import settings

# Longest selection a reader may report, in characters (whitespace runs count as one space).
MAX_SELECTION = 300
# Context sent on either side of the selection; the widget sends about 60 characters, the cap leaves room.
MAX_CONTEXT = 200
MAX_SUGGESTION = 300
MAX_COMMENT = 1000
MAX_EMAIL = 254
# Anything larger than this is not a typo report: refused before the body is read.
MAX_BODY_BYTES = 16 * 1024
# Characters of context the widget shows and sends on either side of the selection.
CONTEXT_CHARS = 60


def rates():
    """Reports one reporter (an account, or an address when logged out) may send: django-ratelimit rates, each
    window checked on its own. The default lets a reader report every typo they find in a long read."""
    return getattr(settings, "MASTHEAD_TYPOS_RATES", ["10/m", "60/h"])


def corrections_cache_seconds():
    """How long an article's corrections stay cached; saving or deleting a correction forgets them at once."""
    return getattr(settings, "MASTHEAD_TYPOS_CORRECTIONS_CACHE", 24 * 3600)
