"""Telegram channels through the Bot API: a photo with a caption when the story has a lead image, else a message.

The bot must be an administrator of the channel. Text goes in Telegram's HTML mode, escaped; the Bot API answers
`{"ok": false, "error_code": 429, "parameters": {"retry_after": N}}` when it wants us to slow down, and the next
try waits at least those N seconds. Other 4xx answers (a wrong token, an unknown chat, a bot thrown out) will
not get better by trying again and are reported at once.
"""

from html import escape

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from masthead.newsroom.text import cut_at_word

from .. import conf
from . import http
from .base import ChannelAdapter, PermanentError, PostResult, TransientError

CAPTION_LIMIT = 1024  # characters a photo's caption may have, after Telegram reads the HTML
MESSAGE_LIMIT = 4096


class TelegramAdapter(ChannelAdapter):
    kind = "telegram"
    label = "Telegram"
    default_endpoint = "https://api.telegram.org"
    needs_destination = True

    def post(self, *, channel, story, delivery_id):
        base = (channel.endpoint or self.default_endpoint).rstrip("/")
        method_url = f"{base}/bot{channel.secret}/"
        with translation.override(story.language):
            if story.update is not None:  # one update of a live story: its picture if it has one, else a message
                if story.update.image_url:
                    posted = self.photo(
                        method_url,
                        channel,
                        photo=story.update.image_url,
                        caption=self.update_text(story, limit=CAPTION_LIMIT),
                    )
                    if posted is not None:
                        return posted
                return self.call(
                    method_url + "sendMessage",
                    {
                        "chat_id": channel.destination,
                        "text": self.update_text(story, limit=MESSAGE_LIMIT),
                        "parse_mode": "HTML",
                        "link_preview_options": {"is_disabled": True},
                    },
                    secret=channel.secret,
                    destination=channel.destination,
                )
            if story.image_url:
                posted = self.photo(
                    method_url, channel, photo=story.image_url, caption=self.text(story, limit=CAPTION_LIMIT)
                )
                if posted is not None:
                    return posted
            return self.call(
                method_url + "sendMessage",
                {
                    "chat_id": channel.destination,
                    "text": self.text(story, limit=MESSAGE_LIMIT),
                    "parse_mode": "HTML",
                    "link_preview_options": {"url": story.url, "prefer_large_media": True},
                },
                secret=channel.secret,
                destination=channel.destination,
            )

    def photo(self, method_url, channel, *, photo, caption):
        """A picture with its caption; None when Telegram could not take the picture, so the caller sends a message.

        That is usually Telegram failing to fetch it (a private address, an odd format). A wrong chat or token fails
        again on the message and is reported there."""
        try:
            return self.call(
                method_url + "sendPhoto",
                {"chat_id": channel.destination, "photo": photo, "caption": caption, "parse_mode": "HTML"},
                secret=channel.secret,
                destination=channel.destination,
            )
        except PermanentError as error:
            if error.status != 400:
                raise
            return None

    def text(self, story, *, limit):
        """Headline in bold, the lead cut to fit, and the link; everything escaped for Telegram's HTML mode.

        Telegram counts the limit after reading the HTML, so the visible characters are what is measured.
        """
        more = _("Read more")
        headline = cut_at_word(story.headline, limit // 4)  # headlines are short; an absurd one must not crowd out
        room = limit - len(headline) - len(more) - len("\n\n") * 2 - 1  # the ellipsis a cut lead ends with
        parts = [f"<b>{escape(headline)}</b>"]
        if room > 0 and story.lead:
            parts.append(escape(cut_at_word(story.lead, room)))
        parts.append(f'<a href="{escape(story.url)}">{escape(more)}</a>')
        return "\n\n".join(parts)

    def update_text(self, story, *, limit):
        """ "LIVE · the story's headline" in bold, the update's own headline in bold, its text cut to fit, the link to
        the update; escaped for Telegram's HTML mode and measured, like `text`, in visible characters."""
        update, more, live = story.update, _("Read more"), pgettext("live coverage", "Live").upper()
        heading = f"{live} · {cut_at_word(story.headline, limit // 4)}"
        parts = [f"<b>{escape(heading)}</b>"]
        visible = len(heading) + len(more)
        if update.headline:
            headline = cut_at_word(update.headline, limit // 4)
            parts.append(f"<b>{escape(headline)}</b>")
            visible += len(headline)
        room = limit - visible - len("\n\n") * (len(parts) + 1) - 1  # the separators and a cut text's ellipsis
        if room > 0 and update.text:
            parts.append(escape(cut_at_word(update.text, room)))
        parts.append(f'<a href="{escape(update.url)}">{escape(more)}</a>')
        return "\n\n".join(parts)

    def verify(self, *, channel):
        """Who the bot is, which chat the destination names, and whether the bot may post there (posting nothing)."""
        method_url = f"{(channel.endpoint or self.default_endpoint).rstrip('/')}/bot{channel.secret}/"
        bot = self.request(method_url + "getMe", {}, secret=channel.secret)
        chat = self.request(method_url + "getChat", {"chat_id": channel.destination}, secret=channel.secret)
        member = self.request(
            method_url + "getChatMember",
            {"chat_id": channel.destination, "user_id": bot.get("id")},
            secret=channel.secret,
        )
        names = {
            "bot": bot.get("username", ""),
            "chat": chat.get("title") or chat.get("username") or channel.destination,
        }
        if member.get("status") not in {"administrator", "creator"} or member.get("can_post_messages") is False:
            raise PermanentError(
                _("The bot @%(bot)s may not post to “%(chat)s”: make it an administrator that may post messages.")
                % names
            )
        return _("The bot @%(bot)s may post to “%(chat)s”.") % names

    def call(self, url, payload, *, secret, destination):
        result = self.request(url, payload, secret=secret)
        message_id = str(result.get("message_id", ""))
        return PostResult(external_id=message_id, external_url=public_link(destination, message_id))

    def request(self, url, payload, *, secret):
        """One Bot API method; its `result`, or TransientError / PermanentError from its answer."""
        answer = http.post_json(url, payload, timeout=conf.timeout())
        data = answer.json()
        if not isinstance(data, dict):
            message = f"Telegram answered HTTP {answer.status} with no JSON"
            if answer.status >= 500 or answer.status == 429:
                raise TransientError(message, status=answer.status)
            raise PermanentError(message, status=answer.status)
        if data.get("ok"):
            return data.get("result") or {}
        code = data.get("error_code") or answer.status
        # The token is part of the address; make sure no error text ever repeats it.
        description = str(data.get("description", "")).replace(secret, "***")[:300]
        message = f"Telegram error {code}: {description}"
        if code == 429:
            retry_after = (data.get("parameters") or {}).get("retry_after")
            raise TransientError(message, status=code, retry_after=int(retry_after) if retry_after else None)
        if code >= 500:
            raise TransientError(message, status=code)
        raise PermanentError(message, status=code)


def public_link(destination, message_id):
    """t.me/<channel>/<id> for a public channel named by @username; private chats have no public link."""
    if message_id and destination.startswith("@"):
        return f"https://t.me/{destination[1:]}/{message_id}"
    return ""
