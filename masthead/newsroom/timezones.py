"""Human names for time zones, shown next to publication times: "02:45 (Moscow time)"."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .templatetags.newsroom_tags import publication_time

# Zones a newsroom is likely to run in; any other zone is named by its UTC offset.
ZONE_LABELS = {
    "Europe/Moscow": _("Moscow time"),
    "Europe/Kaliningrad": _("Kaliningrad time"),
    "Europe/Samara": _("Samara time"),
    "Asia/Yekaterinburg": _("Yekaterinburg time"),
    "Asia/Omsk": _("Omsk time"),
    "Asia/Novosibirsk": _("Novosibirsk time"),
    "Asia/Krasnoyarsk": _("Krasnoyarsk time"),
    "Asia/Irkutsk": _("Irkutsk time"),
    "Asia/Yakutsk": _("Yakutsk time"),
    "Asia/Vladivostok": _("Vladivostok time"),
    "Europe/London": _("London time"),
    "Europe/Berlin": _("Central European time"),
    "Europe/Kyiv": _("Kyiv time"),
    "Europe/Minsk": _("Minsk time"),
    "Asia/Almaty": _("Almaty time"),
    "Asia/Tashkent": _("Tashkent time"),
    "America/New_York": _("New York time"),
    "UTC": _("UTC"),
    "Etc/UTC": _("UTC"),
}


def time_zone_label(zone_name, *, at=None):
    """The translated name of a zone, or its offset from UTC ("UTC+05:00") where it has no name."""
    if zone_name in ZONE_LABELS:
        return ZONE_LABELS[zone_name]
    offset = (at or datetime.now(ZoneInfo(zone_name))).astimezone(ZoneInfo(zone_name)).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def labelled_site_time(moment):
    """A stored time as pages print times, in the site's zone and with the zone's name: "27.11.2026 18:00 (UTC)"."""
    return f"{publication_time(moment)} ({time_zone_label(settings.TIME_ZONE, at=moment)})"
