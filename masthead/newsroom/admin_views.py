"""Reports → Publishing schedule."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .schedule import AHEAD, by_day, publishing_schedule


class PublishingScheduleView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "newsroom/admin/publishing_schedule.html"
    page_title = _("Publishing schedule")
    header_icon = "time"

    def get_context_data(self, **kwargs):
        changes = publishing_schedule(user=self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "days": by_day([item for item in changes if not item.overdue]),
            "overdue": [item for item in changes if item.overdue],
            "ahead_days": AHEAD.days,
        }
