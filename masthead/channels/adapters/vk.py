"""VK communities: a post on the community's wall, written by the community, with the story's link attached.

VK draws the link's card itself (picture and title from the page's Open Graph tags), so the text is the headline
and the lead, plain (VK shows no markup). `wall.post` takes an access token of a community administrator with the
`wall` permission; it goes in the request's body, never in an address that could be logged. Each try of one post
sends the same `guid`, VK's own guard against the same post twice, so a try whose answer was lost does not post
the story again. VK answers HTTP 200 with `{"error": {"error_code": ...}}` for its refusals: "too many requests",
flood control and its own failures are tried again later; a wrong token, a missing permission or an unknown
community will not get better by trying again and are reported at once.
"""

import re
import urllib.parse

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from masthead.newsroom.text import cut_at_word

from .. import conf
from . import http
from .base import ChannelAdapter, PermanentError, PostResult, TransientError

API_VERSION = "5.199"
HEADLINE_LIMIT = 300
LEAD_LIMIT = 2000
# VK's codes for "not now": unknown error, too many requests per second, flood control, internal server error.
TRY_AGAIN_CODES = {1, 6, 9, 10}
COMMUNITY = re.compile(r"^(?:-|club|public)?(\d{1,19})$")


def community_id(destination):
    """A community's number from how editors write it: 123456, -123456, club123456 or public123456."""
    match = COMMUNITY.match((destination or "").strip())
    return match.group(1) if match else None


class VKAdapter(ChannelAdapter):
    kind = "vk"
    label = gettext_lazy("VK community")
    default_endpoint = "https://api.vk.com"
    needs_destination = True

    def check(self, *, endpoint, destination, secret):
        problems = super().check(endpoint=endpoint, destination=destination, secret=secret)
        if destination and community_id(destination) is None:
            problems["destination"] = _("A VK community's number, as in its address vk.com/club123456: 123456.")
        return problems

    def post(self, *, channel, story, delivery_id):
        group = self.community_of(channel)
        with translation.override(story.language):
            message, link = self.text(story), story.update.url if story.update else story.url
        fields = {
            "owner_id": f"-{group}",
            "from_group": "1",
            "message": message,
            "attachments": link,
            "guid": f"masthead-{delivery_id}",
            "v": API_VERSION,
            "access_token": channel.secret,
        }
        response = self.call(channel, "wall.post", fields)
        if not isinstance(response, dict) or not response.get("post_id"):
            raise PermanentError("VK answered without the post's id")
        post_id = str(response["post_id"])
        return PostResult(external_id=post_id, external_url=f"https://vk.com/wall-{group}_{post_id}")

    def verify(self, *, channel):
        """Which community the destination names, and whether the token's account administers it (posting nothing)."""
        group = self.community_of(channel)
        fields = {"group_id": group, "v": API_VERSION, "access_token": channel.secret}
        response = self.call(channel, "groups.getById", fields)
        # Since 5.194 the communities come under "groups"; before, the answer was the list itself.
        groups = response.get("groups") if isinstance(response, dict) else response
        found = groups[0] if isinstance(groups, list) and groups and isinstance(groups[0], dict) else {}
        name = found.get("name") or channel.destination
        if found.get("is_admin") != 1:
            raise PermanentError(
                _("The token's account is not an administrator of “%(name)s”, so it may not post there.")
                % {"name": name}
            )
        return _("The token may post on the wall of “%(name)s” as the community.") % {"name": name}

    def community_of(self, channel):
        group = community_id(channel.destination)
        if group is None:
            raise PermanentError(f"{channel.destination!r} is not a VK community's number")
        return group

    def call(self, channel, method, fields):
        """One API method, its fields in the body (the token with them); its `response`, or the error raised."""
        base = (channel.endpoint or self.default_endpoint).rstrip("/")
        answer = http.post(
            f"{base}/method/{method}",
            urllib.parse.urlencode(fields).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Masthead"},
            timeout=conf.timeout(),
        )
        return self.response(answer, secret=channel.secret)

    def text(self, story):
        """The headline and the lead; for a live story's update, "LIVE · the story", the update's headline and text."""
        if story.update is None:
            parts = [cut_at_word(story.headline, HEADLINE_LIMIT), cut_at_word(story.lead, LEAD_LIMIT)]
        else:
            heading = f"{pgettext('live coverage', 'Live').upper()} · {cut_at_word(story.headline, HEADLINE_LIMIT)}"
            update = story.update
            parts = [heading, cut_at_word(update.headline, HEADLINE_LIMIT), cut_at_word(update.text, LEAD_LIMIT)]
        return "\n\n".join(part for part in parts if part)

    def response(self, answer, *, secret):
        data = answer.json()
        if answer.status >= 500 or answer.status == 429:
            raise TransientError(f"VK answered HTTP {answer.status}", status=answer.status)
        if not isinstance(data, dict):
            raise PermanentError(f"VK answered HTTP {answer.status} with no JSON", status=answer.status)
        if "response" in data:
            return data["response"]
        error = data.get("error") if isinstance(data.get("error"), dict) else {}
        code = error.get("error_code")
        # VK repeats the request's parameters in its errors; make sure no error text ever repeats the token.
        description = str(error.get("error_msg", "no answer"))
        description = (description.replace(secret, "***") if secret else description)[:300]
        message = f"VK error {code}: {description}"
        if code in TRY_AGAIN_CODES:
            raise TransientError(message, status=answer.status)
        raise PermanentError(message, status=answer.status)
