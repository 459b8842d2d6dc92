"""Mastodon (and other servers speaking its API): a public post by the newsroom's account.

The post is the headline, the lead cut to fit and the link, in the story's language; Mastodon draws the link's card
from the page's Open Graph tags. A server takes 500 characters unless it says otherwise, counting any link as 23.
The account's access token (an application made in its Preferences → Development, with `write:statuses`) goes in
the Authorization header. Each try of one post sends the same `Idempotency-Key`, which Mastodon keeps for an hour,
so a try whose answer was lost does not post the story twice. 429 (with the time the limit resets) and 5xx are
tried again later; a wrong token or a refused text will not get better by trying again and are reported at once.
"""

import urllib.parse
from datetime import UTC, datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from masthead.newsroom.text import cut_at_word

from .. import conf
from . import http
from .base import ChannelAdapter, PermanentError, PostResult, TransientError

STATUS_LIMIT = 500
LINK_LENGTH = 23  # what Mastodon counts for any link, however long


class MastodonAdapter(ChannelAdapter):
    kind = "mastodon"
    label = gettext_lazy("Mastodon account")
    needs_endpoint = True

    def post(self, *, channel, story, delivery_id):
        with translation.override(story.language):
            status = self.text(story)
        answer = http.post_json(
            channel.endpoint.rstrip("/") + "/api/v1/statuses",
            {"status": status, "visibility": "public", "language": story.language},
            headers={
                "Authorization": f"Bearer {channel.secret}",
                "Idempotency-Key": f"masthead-{delivery_id}",
                "User-Agent": "Masthead",
            },
            timeout=conf.timeout(),
        )
        return self.result(answer)

    def verify(self, *, channel):
        """Which account the token posts as (posting nothing)."""
        answer = http.get(
            channel.endpoint.rstrip("/") + "/api/v1/accounts/verify_credentials",
            headers={"Authorization": f"Bearer {channel.secret}", "User-Agent": "Masthead"},
            timeout=conf.timeout(),
        )
        account = self.answered(answer)
        host = urllib.parse.urlsplit(channel.endpoint).hostname or channel.endpoint
        return _("The token posts as @%(account)s on %(server)s.") % {
            "account": account.get("acct", ""),
            "server": host,
        }

    def text(self, story):
        """Headline, lead and link; a live story's update: "LIVE · the story", the update's headline, text and link.
        Cut at words to fit the server's 500 characters, the link counted as Mastodon counts it."""
        if story.update is None:
            heading, subheading, body, link = story.headline, "", story.lead, story.url
        else:
            update = story.update
            heading, subheading, body, link = (
                f"{pgettext('live coverage', 'Live').upper()} · {story.headline}",
                update.headline,
                update.text,
                update.url,
            )
        heading = cut_at_word(heading, STATUS_LIMIT // 4)
        subheading = cut_at_word(subheading, STATUS_LIMIT // 4)
        parts = [heading, subheading]
        room = STATUS_LIMIT - LINK_LENGTH - sum(len(part) + 2 for part in parts if part) - 2
        if room > 1 and body:
            parts.append(cut_at_word(body, room))
        return "\n\n".join([*(part for part in parts if part), link])

    def result(self, answer):
        data = self.answered(answer)
        if not data.get("id"):
            raise PermanentError("Mastodon answered without the status's id", status=answer.status)
        return PostResult(external_id=str(data["id"]), external_url=str(data.get("url") or ""))

    def answered(self, answer):
        """The answer's JSON object, or the error its status means."""
        data = answer.json()
        if 200 <= answer.status < 300 and isinstance(data, dict):
            return data
        error = data.get("error") if isinstance(data, dict) else None
        message = f"Mastodon answered HTTP {answer.status}" + (f": {str(error)[:300]}" if error else "")
        if answer.status == 429:
            raise TransientError(message, status=429, retry_after=seconds_until_reset(answer.headers))
        if http.worth_retrying(answer.status):
            raise TransientError(message, status=answer.status, retry_after=http.retry_after_header(answer.headers))
        raise PermanentError(message, status=answer.status)


def seconds_until_reset(headers):
    """Mastodon says when its limit resets (`X-RateLimit-Reset`, an ISO 8601 time); None when it does not."""
    value = {key.lower(): item for key, item in headers.items()}.get("x-ratelimit-reset", "")
    try:
        reset = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return http.retry_after_header(headers)
    if reset.tzinfo is None:
        return None
    return max(int((reset - datetime.now(UTC)).total_seconds()) + 1, 1)
