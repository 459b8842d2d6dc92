"""The digest formats: which period each covers, what it is called and which templates render it.

A format is a class with attributes and two small hooks, like Django's syndication feeds: adding a monthly digest
is a subclass and an entry in `DIGESTS`. Rendering happens once per digest; each recipient's mail differs only by
its unsubscribe link, which is put in by replacing a placeholder (see `mail.py`).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from masthead.newsroom.addresses import default_site_name as site_name  # the name digests and their callers use
from masthead.site_time import local_midnight, site_zone

from . import conf, selectors
from .models import Frequency

# Stands in for each recipient's own unsubscribe address in the rendered digest.
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/masthead-recipient-link"


def day_in_title(day):
    """A whole date as a mail's title names it: "26 November 2026"; Russian adds "г." ("26 ноября 2026 г.")."""
    return formats.date_format(day, pgettext("date format in a mail's title", "j E Y"))


def days_in_title(first, last):
    """A span of days, the month and year said once where they are shared: "16–22 November 2026"; one day is
    said as day_in_title says it."""
    if first.date() == last.date():
        return day_in_title(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{day_in_title(last)}"
    start = formats.date_format(first, "j E") if first.year == last.year else day_in_title(first)
    return f"{start} – {day_in_title(last)}"


class DigestFormat:
    kind = None
    label = None
    html_template = "newsletter/mail/digest.html"
    text_template = "newsletter/mail/digest.txt"
    subject_text = None

    def period(self, *, now):
        """The last whole period whose digest may go out at `now` (site time), as (start, end)."""
        raise NotImplementedError(f"{type(self).__name__} must say which period it covers in period()")

    def subject(self, *, site_name, start, end):
        return str(self.subject_text) % {
            "site": site_name,
            "date": day_in_title(start),
            "period": days_in_title(start, end - timedelta(days=1)),
        }


class DailyDigest(DigestFormat):
    kind = Frequency.DAILY
    label = _("Daily digest")
    subject_text = _("%(site)s: the news of %(date)s")

    def period(self, *, now):
        local = timezone.localtime(now, site_zone())
        end_day = local.date() if local.hour >= conf.send_hour() else local.date() - timedelta(days=1)
        return local_midnight(end_day - timedelta(days=1)), local_midnight(end_day)


class WeeklyDigest(DigestFormat):
    kind = Frequency.WEEKLY
    label = _("Weekly digest")
    subject_text = _("%(site)s: the week's news, %(period)s")

    def period(self, *, now):
        local = timezone.localtime(now, site_zone())
        monday = local.date() - timedelta(days=local.weekday())
        if monday == local.date() and local.hour < conf.send_hour():
            monday -= timedelta(days=7)
        return local_midnight(monday - timedelta(days=7)), local_midnight(monday)


DIGESTS = {digest.kind: digest for digest in (DailyDigest(), WeeklyDigest())}


@dataclass(frozen=True)
class RenderedDigest:
    subject: str
    html: str
    text: str
    language: str
    list_id: str


def choose_stories(*, language, start, end):
    """The ids for a digest: the most read of the period, then the newest of the rest."""
    most_read = selectors.most_read_for_digest(since=start, until=end, limit=conf.most_read_limit(), language=language)
    new = selectors.new_for_digest(
        since=start, until=end, language=language, limit=conf.new_stories_limit(), exclude=most_read
    )
    return new, most_read


def subject_for(*, kind, language, start, end):
    with translation.override(language):
        return DIGESTS[kind].subject(
            site_name=site_name(),
            start=timezone.localtime(start, site_zone()),
            end=timezone.localtime(end, site_zone()),
        )[:200]


def period_dates(start, end):
    """The first day of a digest's period and its last, in the site's time zone, as its mail and page say them."""
    local_start, local_end = timezone.localtime(start, site_zone()), timezone.localtime(end, site_zone())
    last_day = local_end - timedelta(days=1)
    # "26 November 2026", or "16–22 November 2026" for a week: as the subject says it (in the active language).
    return {"start": local_start, "last_day": last_day, "period": days_in_title(local_start, last_day)}


def digest_dates(digest):
    return period_dates(digest.period_start, digest.period_end)


def issue_url(*, language, digest_id):
    """The issue's page on the site, for "View in your browser"."""
    with translation.override(language):
        return conf.base_url() + reverse("newsletter:issue", args=[digest_id])


def render(*, kind, language, start, end, new_story_ids, most_read_ids, subject=None, unsubscribe_url=None, web_url=""):
    """The digest's subject, HTML and text in its language, with the unsubscribe placeholder (or a given link), and
    the link to its page on the site when it has one (a preview has none)."""
    digest_format = DIGESTS[kind]
    with translation.override(language):
        name = site_name()
        local_start, local_end = timezone.localtime(start, site_zone()), timezone.localtime(end, site_zone())
        context = {
            "site_name": name,
            "digest_label": digest_format.label,
            "kind": kind,
            **period_dates(start, end),
            "web_url": web_url,
            "most_read": selectors.stories_in_order(most_read_ids),
            "new_stories": selectors.stories_in_order(new_story_ids),
            "unsubscribe_url": unsubscribe_url or UNSUBSCRIBE_PLACEHOLDER,
            "home_url": conf.base_url() + ("/" if language == settings.LANGUAGE_CODE else f"/{language}/"),
        }
        return RenderedDigest(
            subject=subject or digest_format.subject(site_name=name, start=local_start, end=local_end),
            html=render_to_string(digest_format.html_template, context),
            text=render_to_string(digest_format.text_template, context),
            language=language,
            list_id=f"{kind}.newsletter.{conf.list_host()}",
        )


def render_digest(digest, *, unsubscribe_url=None):
    return render(
        kind=digest.kind,
        language=digest.language,
        start=digest.period_start,
        end=digest.period_end,
        new_story_ids=digest.new_story_ids,
        most_read_ids=digest.most_read_ids,
        subject=digest.subject,
        unsubscribe_url=unsubscribe_url,
        web_url=issue_url(language=digest.language, digest_id=digest.pk),
    )
