"""A channel's error in the editor's language.

The worker stores a post's error as it wrote it, in English: the same words in the log, in every editor's list and
in a search for them. The admin shows it in the editor's language: our own sentences translated, and what came from
elsewhere (the service's description, the operating system's reason) kept as it came, inside them. Text that fits no
pattern (an older version's, a new adapter's) is shown as stored.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

SERVICE = r"(?P<service>Telegram|VK|Mastodon|The webhook)"

# The stored English, and the sentence shown for it (translated when shown), first match wins.
SENTENCES = [
    # getaddrinfo's failures: no such name, no network to ask, a name without an address.
    (
        r"Could not connect: \[Errno -[2358]\].*",
        gettext_noop("The service's address could not be found: no network here, or a wrong address."),
    ),
    (r"Could not connect: .*Connection refused.*", gettext_noop("The service refused the connection.")),
    (r"Could not connect: (?P<reason>.*)", gettext_noop("Could not connect: %(reason)s")),
    (r"No answer within (?P<seconds>[\d.]+) s", gettext_noop("No answer within %(seconds)s s")),
    (
        r"The worker stopped before the channel answered\.",
        gettext_noop("The worker stopped before the channel answered."),
    ),
    (r"The article is no longer published\.", gettext_noop("The article is no longer published.")),
    (
        rf"{SERVICE} answered HTTP (?P<status>\d+) with no JSON",
        gettext_noop("%(service)s answered HTTP %(status)s with no JSON"),
    ),
    (
        rf"{SERVICE} answered HTTP (?P<status>\d+): (?P<detail>.*)",
        gettext_noop("%(service)s answered HTTP %(status)s: %(detail)s"),
    ),
    (rf"{SERVICE} answered HTTP (?P<status>\d+)", gettext_noop("%(service)s answered HTTP %(status)s")),
    (rf"{SERVICE} error (?P<code>-?\d+): (?P<detail>.*)", gettext_noop("%(service)s error %(code)s: %(detail)s")),
]
PATTERNS = [(re.compile(pattern, re.S), sentence) for pattern, sentence in SENTENCES]
GAVE_UP = re.compile(r"Gave up after (?P<attempts>\d+) attempts\. ?(?P<rest>.*)", re.S)


def in_editors_words(text):
    text = text or ""
    gave_up = GAVE_UP.fullmatch(text)
    if gave_up:
        said = _("Gave up after %(attempts)s attempts.") % {"attempts": gave_up["attempts"]}
        return f"{said} {in_editors_words(gave_up['rest'])}".strip()
    for pattern, sentence in PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            words = match.groupdict()
            if words.get("service") == "The webhook":
                words["service"] = _("The webhook")
            return _(sentence) % words
    return text
