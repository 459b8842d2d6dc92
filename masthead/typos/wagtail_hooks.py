"""Typo reports in the Wagtail admin: the editors' queue, corrections, the dashboard panel and the log actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin_views import (
    CorrectionEditView,
    CorrectionFilterSet,
    CorrectionForm,
    CorrectionIndexView,
    NewReportsPanel,
    ScopedDeleteView,
    ScopedHistoryView,
    TypoReportFilterSet,
    TypoReportIndexView,
    TypoReportReviewView,
)
from .models import Correction, TypoReport
from .permissions import CorrectionPermissionPolicy, TypoReportPermissionPolicy

register_permission_policy(TypoReport, TypoReportPermissionPolicy(TypoReport))
register_permission_policy(Correction, CorrectionPermissionPolicy(Correction))

LOG_ACTIONS = {
    "typos.fixed": (_("Typo report fixed"), _("Marked as fixed")),
    "typos.dismissed": (_("Typo report dismissed"), _("Dismissed")),
    "typos.apply_suggestion": (_("Typo fixed from a report"), _("A reader's suggested correction applied")),
    "typos.correction": (_("Correction published"), _("A correction was added under the article")),
}


@hooks.register("register_log_actions")
def register_typo_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


class TypoReportViewSet(ModelViewSet):
    """The queue: readers create reports, editors review, fix or dismiss them (the edit view is the review)."""

    model = TypoReport
    name = "typo_reports"
    url_prefix = "typos/reports"
    icon = "warning"
    menu_label = _("Typo reports")
    index_view_class = TypoReportIndexView
    edit_view_class = TypoReportReviewView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    filterset_class = TypoReportFilterSet
    list_per_page = 50
    copy_view_enabled = False
    # Reports link nothing an editor would look up "usages" of; indexing them would cost a reader's request.
    add_to_reference_index = False
    # Satisfies ModelViewSet; the add view is never reachable (the permission policy allows no one to add).
    form_fields = ["status"]

    def get_edit_view_kwargs(self, **kwargs):
        return {"index_url_name": self.get_url_name("index"), **kwargs}


class CorrectionViewSet(ModelViewSet):
    model = Correction
    name = "typo_corrections"
    url_prefix = "typos/corrections"
    icon = "edit"
    menu_label = _("Corrections")
    list_display = ["text", "article", "published_at"]
    filterset_class = CorrectionFilterSet
    add_to_reference_index = False
    index_view_class = CorrectionIndexView
    edit_view_class = CorrectionEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return CorrectionForm


class TyposGroup(ViewSetGroup):
    items = (TypoReportViewSet, CorrectionViewSet)
    menu_icon = "warning"
    menu_label = _("Typos")
    menu_name = "typos"
    menu_order = 250


@hooks.register("register_admin_viewset")
def register_typo_viewsets():
    return TyposGroup()


@hooks.register("construct_homepage_panels")
def add_new_reports_panel(request, panels):
    panels.append(NewReportsPanel(request.user))
