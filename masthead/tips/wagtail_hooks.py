"""Reader tips in the admin: a queue newest first, each tip with its files to download, its status and a note.
Editors read and handle tips; only Moderators delete them (a source may ask that their tip be removed)."""

from django import forms
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from masthead.comments.services import clean_text

from . import services
from .forms import MESSAGE_MAX_LENGTH
from .models import Tip, TipFile


def file_links(files):
    """Each file a download link (never shown in the admin's own page: a file is whatever the sender made it)."""
    items = format_html_join(
        "",
        '<li><a href="{}" download>{}</a> · {} · {}</li>',
        ((reverse("tips_file", args=[f.pk]), f.original_name, f.content_type, filesizeformat(f.size)) for f in files),
    )
    return format_html("<ul>{}</ul>", items)


class FilesPanel(Panel):
    """The files sent with the tip itself (those sent later are under their messages, in the conversation)."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            files = self.instance.own_files() if self.instance.pk else []
            if not files:
                return format_html("<p>{}</p>", _("No files were sent."))
            return file_links(files)


class ConversationPanel(Panel):
    """The messages exchanged with the sender since the tip, oldest first, each with the files sent with it."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            conversation = (
                self.instance.messages.select_related("author").prefetch_related("files") if self.instance.pk else []
            )
            if not conversation:
                return format_html("<p>{}</p>", _("No messages yet."))
            items = format_html_join(
                "",
                "<li><p><strong>{}</strong> · {}</p><p>{}</p>{}</li>",
                (
                    (
                        (message.author or _("an editor no longer here")) if message.from_newsroom else _("The sender"),
                        date_format(localtime(message.created_at), "DATETIME_FORMAT"),
                        linebreaksbr(message.text),
                        file_links(message.files.all()) if message.files.all() else "",
                    )
                    for message in conversation
                ),
            )
            return format_html("<ol>{}</ol>", items)


class TipAdminForm(WagtailAdminModelForm):
    answer = forms.CharField(
        label=_("Answer the sender"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown to the sender on their tip's private page, under the newsroom's name; a sender who was signed in "
            "gets a mail saying an answer waits (not the answer)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not (self.instance.reply_key_hash or self.instance.reader_id):
            self.fields["answer"].disabled = True
            self.fields["answer"].help_text = _(
                "This tip came before senders had a private page for it: they could not read an answer."
            )

    def clean_answer(self):
        return clean_text(self.cleaned_data["answer"])


class TipEditView(EditView):
    def save_instance(self):
        tip = super().save_instance()
        if "status" in self.form.changed_data:
            Tip.objects.filter(pk=tip.pk).update(assignee=self.request.user)
        if self.form.cleaned_data.get("answer"):
            services.answer_sender(tip=tip, text=self.form.cleaned_data["answer"], user=self.request.user)
        return tip


class TipIndexView(IndexView):
    def get_base_queryset(self):
        # What each tip brought and how far the conversation went, for triage: counted in the list's one query.
        return (
            super()
            .get_base_queryset()
            .annotate(
                file_count=Count("files", distinct=True),
                sender_messages=Count("messages", filter=Q(messages__from_newsroom=False), distinct=True),
            )
        )


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
    index_view_class = TipIndexView
    list_display = [
        "__str__",
        "status",
        "awaiting_answer",
        Column("file_count", label=_("Files")),
        Column("sender_messages", label=_("Messages from the sender")),
        "created_at",
        "language",
        "assignee",
    ]
    list_filter = ["status", "awaiting_answer", "language"]
    search_fields = ["text", "name", "contact"]
    list_per_page = 50
    copy_view_enabled = False
    add_to_reference_index = False
    edit_handler = ObjectList(
        [
            FieldPanel("text", read_only=True),
            FilesPanel(heading=_("Files")),
            FieldPanel("name", read_only=True),
            FieldPanel("contact", read_only=True),
            FieldPanel("created_at", read_only=True),
            FieldPanel("language", read_only=True),
            FieldPanel("status"),
            FieldPanel("editor_note"),
            FieldPanel("assignee", read_only=True, heading=_("Status last changed by")),
            ConversationPanel(heading=_("Conversation with the sender")),
            FieldPanel("answer"),
        ],
        base_form_class=TipAdminForm,
    )


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
    """On the dashboard of those who may read tips: the new ones, newest first, and how many senders wait for an
    answer."""

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
            "waiting": Tip.objects.filter(awaiting_answer=True).count(),
            "waiting_url": reverse("tips_admin:index") + "?awaiting_answer=true",
        }


@hooks.register("construct_homepage_panels")
def add_new_tips_panel(request, panels):
    if request.user.has_perm("tips.view_tip"):
        panels.append(NewTipsPanel())


@hooks.register("register_log_actions")
def register_tip_log_actions(actions):
    actions.register_action("tips.answer", _("Answered the sender"), _("Answered the tip's sender"))


@hooks.register("register_admin_viewset")
def register_tip_viewset():
    return TipViewSet()


@hooks.register("register_admin_urls")
def register_tip_file_urls():
    return [path("tips/files/<int:file_id>/", download_tip_file, name="tips_file")]
