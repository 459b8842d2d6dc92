"""Reader tips in the admin: a queue newest first, each tip with its files to download, its status and a note.
Editors read and handle tips; only Moderators delete them (a source may ask that their tip be removed)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Tip, TipFile


class FilesPanel(Panel):
    """The tip's files, each a download link (never shown in the admin's own page: a file is whatever the sender
    made it)."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            files = self.instance.files.all() if self.instance.pk else []
            if not files:
                return format_html("<p>{}</p>", _("No files were sent."))
            items = format_html_join(
                "",
                '<li><a href="{}" download>{}</a> · {} · {}</li>',
                (
                    (reverse("tips_file", args=[f.pk]), f.original_name, f.content_type, filesizeformat(f.size))
                    for f in files
                ),
            )
            return format_html("<ul>{}</ul>", items)


class TipEditView(EditView):
    def save_instance(self):
        tip = super().save_instance()
        if "status" in self.form.changed_data:
            Tip.objects.filter(pk=tip.pk).update(assignee=self.request.user)
        return tip


class TipViewSet(ModelViewSet):
    model = Tip
    name = "tips_admin"
    url_prefix = "tips"
    icon = "mail"
    menu_label = _("Reader tips")
    menu_name = "tips"
    menu_order = 255
    add_to_admin_menu = True
    edit_view_class = TipEditView
    list_display = ["__str__", "status", "created_at", "language", "assignee"]
    list_filter = ["status", "language"]
    search_fields = ["text", "name", "contact"]
    list_per_page = 50
    copy_view_enabled = False
    add_to_reference_index = False
    panels = [
        FieldPanel("text", read_only=True),
        FilesPanel(heading=_("Files")),
        FieldPanel("name", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("created_at", read_only=True),
        FieldPanel("language", read_only=True),
        FieldPanel("status"),
        FieldPanel("editor_note"),
        FieldPanel("assignee", read_only=True, heading=_("Status last changed by")),
    ]


def download_tip_file(request, file_id):
    """A tip's file as an attachment of its sniffed type, never displayed inline: the browser must not run or show
    a file a stranger made in the admin's own origin."""
    if not request.user.has_perm("tips.view_tip"):
        return permission_denied(request)
    tip_file = get_object_or_404(TipFile, pk=file_id)
    try:
        handle = tip_file.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file is missing from storage.")) from error
    response = FileResponse(
        handle, as_attachment=True, filename=tip_file.original_name, content_type=tip_file.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class NewTipsPanel(Component):
    """On the dashboard of those who may read tips: the new ones, newest first."""

    name = "new_tips"
    template_name = "tips/admin/dashboard_panel.html"
    order = 160
    shown = 5

    def get_context_data(self, parent_context):
        new = Tip.objects.filter(status=Tip.Status.NEW).order_by("-created_at", "-id")
        latest = list(new[: self.shown])
        return {
            "tips": latest,
            "count": new.count() if len(latest) == self.shown else len(latest),
            "queue_url": reverse("tips_admin:index") + "?status=new",
        }


@hooks.register("construct_homepage_panels")
def add_new_tips_panel(request, panels):
    if request.user.has_perm("tips.view_tip"):
        panels.append(NewTipsPanel())


@hooks.register("register_admin_viewset")
def register_tip_viewset():
    return TipViewSet()


@hooks.register("register_admin_urls")
def register_tip_file_urls():
    return [path("tips/files/<int:file_id>/", download_tip_file, name="tips_file")]
