"""The newsroom's own admin: sponsors, chosen on the stories they pay for or support, series of stories, and the
publishing schedule (Reports)."""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import PublishingScheduleView
from .models import Series, Sponsor


class SponsorViewSet(SnippetViewSet):
    model = Sponsor
    icon = "tag"
    menu_label = _("Sponsors")
    menu_name = "sponsors"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "newsroom/sponsors"
    admin_url_namespace = "newsroom_sponsors"
    list_display = ["name", Column("url", label=_("Website")), Column("article_count", label=_("Stories"))]
    search_fields = ["name"]
    search_backend_name = None  # a short list: the database's own matching is enough

    def get_queryset(self, request):
        return Sponsor.objects.annotate(article_count=Count("articles"))


register_snippet(SponsorViewSet)


class SeriesViewSet(SnippetViewSet):
    model = Series
    icon = "list-ol"
    menu_label = pgettext_lazy("admin menu", "Series")
    menu_name = "series"
    menu_order = 240
    add_to_admin_menu = True
    url_prefix = "newsroom/series"
    admin_url_namespace = "newsroom_series"
    list_display = ["title", Column("slug", label=_("Slug")), Column("part_count", label=_("Parts"))]
    search_fields = ["title"]
    search_backend_name = None

    def get_queryset(self, request):
        return Series.objects.annotate(part_count=Count("parts"))


register_snippet(SeriesViewSet)


@hooks.register("register_admin_urls")
def register_schedule_urls():
    return [path("schedule/", PublishingScheduleView.as_view(), name="newsroom_schedule")]


class ScheduleMenuItem(MenuItem):
    def is_shown(self, request):
        # Those who write or publish pages: the report lists only the pages each may edit, so a comment moderator
        # would only ever see it empty.
        return PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_reports_menu_item")
def register_schedule_report():
    return ScheduleMenuItem(
        _("Publishing schedule"), reverse("newsroom_schedule"), name="schedule", icon_name="time", order=640
    )
