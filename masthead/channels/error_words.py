"""A channel's error in the editor's language.

The worker stores a post's error as it wrote it, in English: the same words in the log, in every editor's list and
in a search for them. The admin shows it in the editor's language: our own sentences translated, and what came from
elsewhere (the service's description, the operating system's reason) kept as it came, after them. Text that fits no
pattern (an older version's, a new adapter's) is shown as stored.
"""

import re

from django.utils.translation import gettext as _


def unknown_address(match):
    return _("The service's address could not be found: no network here, or a wrong address.")


def refused(match):
    return _("The service refused the connection.")


def could_not_connect(match):
    return _("Could not connect: %(reason)s") % match.groupdict()


def no_answer(match):
    return _("No answer within %(seconds)s s") % match.groupdict()


def worker_stopped(match):
    return _("The worker stopped before the channel answered.")


def unpublished(match):
    return _("The article is no longer published.")


def no_json(match):
    return _("%(service)s answered HTTP %(status)s with no JSON") % match.groupdict()


def http_status(match):
    words = {
        **match.groupdict(),
        "service": _("The webhook") if match["service"] == "The webhook" else match["service"],
    }
    if match["detail"]:
        return _("%(service)s answered HTTP %(status)s: %(detail)s") % words
    return _("%(service)s answered HTTP %(status)s") % words


def service_error(match):
    return _("%(service)s error %(code)s: %(detail)s") % match.groupdict()


def gave_up(match):
    said = _("Gave up after %(attempts)s attempts.") % match.groupdict()
    return f"{said} {in_editors_words(match['rest'])}".strip()


PATTERNS = [
    (re.compile(r"Gave up after (?P<attempts>\d+) attempts\. ?(?P<rest>.*)", re.S), gave_up),
    # getaddrinfo's failures: no such name, no network to ask, a name without an address.
    (re.compile(r"Could not connect: \[Errno -[2358]\].*", re.S), unknown_address),
    (re.compile(r"Could not connect: .*Connection refused.*", re.S), refused),
    (re.compile(r"Could not connect: (?P<reason>.*)", re.S), could_not_connect),
    (re.compile(r"No answer within (?P<seconds>[\d.]+) s"), no_answer),
    (re.compile(r"The worker stopped before the channel answered\."), worker_stopped),
    (re.compile(r"The article is no longer published\."), unpublished),
    (re.compile(r"(?P<service>Telegram|VK) answered HTTP (?P<status>\d+) with no JSON"), no_json),
    (
        re.compile(
            r"(?P<service>Telegram|VK|Mastodon|The webhook) answered HTTP (?P<status>\d+)(?:: (?P<detail>.*))?", re.S
        ),
        http_status,
    ),
    (re.compile(r"(?P<service>Telegram|VK) error (?P<code>-?\d+): (?P<detail>.*)", re.S), service_error),
]


def in_editors_words(text):
    for pattern, words in PATTERNS:
        match = pattern.fullmatch(text or "")
        if match:
            return words(match)
    return text
