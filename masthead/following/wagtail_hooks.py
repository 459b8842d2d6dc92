"""The following app in the Wagtail admin: Reports → Round-up mails."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_round_up_urls():
    return [path("round-ups/", admin_views.RoundUpReportView.as_view(), name="following_round_ups")]


class RoundUpsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_reports_menu_item")
def register_round_up_report():
    return RoundUpsMenuItem(
        _("Round-up mails"), reverse("following_round_ups"), name="round_ups", icon_name="mail", order=660
    )
