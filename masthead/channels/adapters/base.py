"""What every channel adapter shares: the story it posts, the answers it gives, the errors it raises."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LiveUpdate:
    """One update of a live story, posted on its own: its own headline (may be empty), text and address."""

    id: str
    headline: str
    text: str
    url: str
    time: str
    image_url: str = ""  # the update's own picture, absolute, or "" when it has none


@dataclass(frozen=True)
class Story:
    """An article as channels see it: plain values, absolute links, nothing that needs the database."""

    id: int
    headline: str
    lead: str
    url: str
    language: str
    published_at: str
    image_url: str = ""
    section: str = ""
    tags: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    # Set when the post is one update of a live story rather than the story itself.
    update: LiveUpdate | None = None


@dataclass(frozen=True)
class PostResult:
    """What the channel said: its id for the post (a message id) and a link to it where there is one."""

    external_id: str = ""
    external_url: str = ""


class ChannelError(Exception):
    def __init__(self, message, *, status=None):
        super().__init__(message)
        self.message, self.status = message, status


class TransientError(ChannelError):
    """Try again later: the channel is busy (429), broken for now (5xx) or did not answer in time.

    `retry_after` is the channel's own wish, in seconds, when it said one.
    """

    def __init__(self, message, *, status=None, retry_after=None):
        super().__init__(message, status=status)
        self.retry_after = retry_after


class PermanentError(ChannelError):
    """Trying again will not help (a wrong token, an unknown chat, a bad request) until someone fixes it."""


class ChannelAdapter:
    """Posts a story to one kind of outlet. Subclasses set the attributes and implement `post()`."""

    kind = None
    label = None
    # Used when a channel leaves its endpoint empty (e.g. Telegram's public Bot API).
    default_endpoint = ""
    needs_endpoint = False
    needs_destination = False
    needs_secret = True

    def check(self, *, endpoint, destination, secret):
        """Problems with a channel's configuration, by field, for the admin form."""
        from django.utils.translation import gettext as _

        problems = {}
        if self.needs_endpoint and not (endpoint or self.default_endpoint):
            problems["endpoint"] = _("This kind of channel needs an address.")
        if self.needs_destination and not destination:
            problems["destination"] = _("This kind of channel needs a destination.")
        if self.needs_secret and not secret:
            problems["secret"] = _("This kind of channel needs a token or secret.")
        return problems

    def post(self, *, channel, story, delivery_id):
        """Post the story; return a PostResult or raise TransientError / PermanentError."""
        raise NotImplementedError(f"{type(self).__name__} must post stories in post()")

    def verify(self, *, channel):
        """Ask the outlet whether this channel's settings work, posting nothing readers see where it can; return
        what was found, for the editor ("The bot @x may post to “Y”."), or raise TransientError / PermanentError."""
        raise NotImplementedError(f"{type(self).__name__} cannot check a channel's settings")
