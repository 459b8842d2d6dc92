"""The newsroom's own clock: days begin at midnight in the site's time zone (settings.TIME_ZONE).

Not Django's *current* time zone: the admin switches that to each editor's own zone, and a day's view counts,
digests and figures must not change with who is looking.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def site_zone():
    return ZoneInfo(settings.TIME_ZONE)


def site_date(moment):
    """The day `moment` falls on in the site's time zone."""
    return timezone.localdate(moment, site_zone())


def site_today():
    return site_date(timezone.now())


def local_midnight(day):
    """The moment `day` begins in the site's time zone."""
    return datetime.combine(day, time.min, tzinfo=site_zone())
