"""Reports → Round-up mails: how many readers ask for the daily round-up, what went out each day, and what failed.

The round-ups are the newsletter's kin, so those who may read the digests (editors) may read this."""

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from masthead.accounts.models import ReaderProfile
from masthead.accounts.services import display_name_of
from masthead.site_time import site_today

from .models import RoundUp

PERMISSION = "newsletter.view_digest"
DAYS = 30
FAILURES_SHOWN = 20


def days_summary(*, since):
    """Per day, newest first: the round-ups by status and the stories the sent ones carried (one query)."""
    by_status = {status: Count("pk", filter=Q(status=status)) for status in RoundUp.Status.values}
    return list(
        RoundUp.objects.filter(day__gte=since)
        .values("day")
        .annotate(**by_status, stories_sent=Sum("stories", filter=Q(status=RoundUp.Status.SENT)))
        .order_by("-day")
    )


def recent_failures():
    rows = (
        RoundUp.objects.filter(status__in=[RoundUp.Status.FAILED, RoundUp.Status.INTERRUPTED])
        .select_related("reader__reader_profile")
        .order_by("-day", "-pk")[:FAILURES_SHOWN]
    )
    return [{"round_up": row, "reader": display_name_of(row.reader)} for row in rows]


class RoundUpReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "following/admin/round_ups.html"
    page_title = _("Round-up mails")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        since = site_today() - timedelta(days=DAYS - 1)  # round-ups are filed under the site's days
        return {
            **super().get_context_data(**kwargs),
            "asking": ReaderProfile.objects.filter(following_emails=True, user__is_active=True).count(),
            "days": days_summary(since=since),
            "since": since,
            "failures": recent_failures(),
        }
