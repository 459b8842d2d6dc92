"""The channels' settings, each read here with its default (override any in the Django settings)."""

from datetime import timedelta

from django.conf import settings


def setting(name, default):
    return getattr(settings, f"MASTHEAD_CHANNELS_{name}", default)


def adapters():
    """Channel kinds and the classes that post to them; add an entry to support another outlet."""
    return setting(
        "ADAPTERS",
        {
            "telegram": "masthead.channels.adapters.telegram.TelegramAdapter",
            "vk": "masthead.channels.adapters.vk.VKAdapter",
            "mastodon": "masthead.channels.adapters.mastodon.MastodonAdapter",
            "webhook": "masthead.channels.adapters.webhook.WebhookAdapter",
        },
    )


def timeout():
    """Seconds to wait for a channel's answer; a channel that takes longer is tried again later."""
    return setting("TIMEOUT", 10)


def max_attempts():
    return setting("MAX_ATTEMPTS", 8)


def retry_delay(attempts):
    """30 s, 1, 2, 4 ... minutes after each failed try, at most an hour."""
    base = setting("RETRY_BASE_SECONDS", 30)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), setting("RETRY_MAX_SECONDS", 3600)))


def live_update_window():
    """How recent an update must be to be posted when its story is published: older ones (an old live story set
    live again, a channel added later) are not sent out as news."""
    return timedelta(seconds=setting("LIVE_UPDATE_WINDOW_SECONDS", 3600))


def made_public_window():
    """How recently a story must have been first published, while private, to be posted when it is made public:
    a section's archive opened to everyone is not news."""
    return timedelta(seconds=setting("MADE_PUBLIC_WINDOW_SECONDS", 24 * 3600))


def lease():
    """How long a queued or running post may stay silent before the schedule hands it out again."""
    return timedelta(seconds=setting("LEASE_SECONDS", 10 * 60))


def base_url():
    return settings.BASE_URL.rstrip("/")
