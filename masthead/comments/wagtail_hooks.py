"""The moderators' tools in the Wagtail admin. They decide nothing themselves: every action calls a service."""

from collections import Counter
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST
from django_filters import BooleanFilter, CharFilter, ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from masthead.admin_inspect import InspectView
from masthead.ids import row_id_from

from . import selectors, services, standing
from .models import Ban, Comment, CommentReport
from .moderation.pipeline import REASONS
from .policy import reason_labels

LOG_ACTIONS = {
    "comments.submit": (_("Comment posted"), _("Posted and judged by the pipeline")),
    "comments.edit": (_("Comment edited"), _("Edited by its author")),
    "comments.delete_own": (_("Comment deleted by its author"), _("Deleted by its author")),
    "comments.report": (_("Comment reported"), _("Reported by a reader")),
    "comments.approve": (_("Comment approved"), _("Approved by a moderator")),
    "comments.reject": (_("Comment rejected"), _("Rejected by a moderator")),
    "comments.delete": (_("Comment deleted"), _("Deleted by a moderator")),
    "comments.ban": (_("Reader banned"), _("Banned from commenting")),
    "comments.unban": (_("Ban lifted"), _("Ban lifted")),
    "comments.hide": (_("Comment hidden"), _("Hidden when its author was banned")),
    "comments.show_again": (_("Comment shown again"), _("Shown again when the ban that hid it was lifted")),
    "comments.feature": (_("Comment featured"), _("Featured above the discussion by a moderator")),
    "comments.unfeature": (_("Comment no longer featured"), _("Taken out of the featured comments by a moderator")),
    "comments.hold_reader": (_("Reader held for review"), _("Every comment held for a moderator")),
    "comments.release_reader": (_("Reader no longer held"), _("Comments judged by the policy again")),
}


def labelled(log):
    """The log's entries, each with the moderators' name of its action (`label_text`) for the audit log table."""
    for entry in log:
        entry.label_text = LOG_ACTIONS.get(entry.action, (entry.action,))[0]
    return log


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


# --- the queue ----------------------------------------------------------------------------------------------


def queue_url():
    """The comments list filtered to those that wait for a moderator (held or reported)."""
    return reverse("comments_moderation_snippets:list") + "?needs_attention=true"


class CommentFilterSet(WagtailFilterSet):
    needs_attention = BooleanFilter(label=_("Needs a moderator"), method="filter_needs_attention")
    status = ChoiceFilter(label=_("Status"), choices=Comment.Status.choices)
    reason = ChoiceFilter(
        label=_("Reason"), choices=lambda: [(code, reason_labels([code])) for code in REASONS], method="filter_reason"
    )
    # A word of the headline rather than a drop-down of every article: at 100,000 articles that drop-down made the
    # queue 17 MB and 20 seconds.
    headline = CharFilter(label=_("Article headline contains"), field_name="article__title", lookup_expr="icontains")
    featured = BooleanFilter(label=_("Featured"), field_name="featured_at", lookup_expr="isnull", exclude=True)
    sent_despite_warning = BooleanFilter(label=_("Sent despite the filter's warning"))

    class Meta:
        model = Comment
        fields = ["needs_attention", "status", "reason", "headline", "featured", "sent_despite_warning"]

    def filter_needs_attention(self, queryset, name, value):
        from .selectors import moderation_queue

        return queryset.filter(pk__in=moderation_queue().values("pk")) if value else queryset

    def filter_reason(self, queryset, name, value):
        # Reasons are a short JSON list; matching its text works on SQLite and PostgreSQL alike.
        return queryset.filter(reasons__icontains=f'"{value}"')


class ReasonsColumn(Column):
    def get_value(self, instance):
        return reason_labels(instance.reasons) or "—"


class ScoreColumn(Column):
    def get_value(self, instance):
        # Two places are what a moderator compares with the policy's thresholds (hold at 0.6, say); the model's
        # seventeen digits are noise. No score: the classifier is not among the site's checks.
        score = "—" if instance.score is None else floatformat(instance.score, 2)
        if instance.sent_despite_warning:
            # The writer was told what the filter thought, and sent it as it was.
            return f"{score} · {_('sent despite the warning')}"
        return score


class ReportsColumn(Column):
    """How many readers' reports wait, and what they say is wrong: "2 · Spam or advertising (2)"."""

    def get_value(self, instance):
        waiting = getattr(instance, "open_reports", [])
        if not waiting:
            return "—"
        counts = Counter(report.get_category_display() for report in waiting)
        return f"{len(waiting)} · " + ", ".join(f"{label} ({count})" for label, count in counts.most_common())


class FeaturedColumn(Column):
    def get_value(self, instance):
        return _("Featured") if instance.featured_at else ""


class AuthorColumn(Column):
    def get_value(self, instance):
        profile = getattr(instance.author, "reader_profile", None)
        name = profile.display_name if profile else instance.author.get_username()
        record_url = reverse("comments_moderation:reader", args=[instance.author_id])
        ban_url = reverse("comments_moderation:ban", args=[instance.author_id])
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', record_url, name, ban_url, _("ban"))


class CommentInspectView(InspectView):
    """One comment as a moderator needs it: what it says and where, who wrote it (their record a click away), why it
    waits or was refused in words, and its own log: every decision on it with who made it and why."""

    template_name = "comments/admin/inspect.html"

    def get_reasons_display_value(self):
        return reason_labels(self.object.reasons) or "—"

    def get_score_display_value(self):
        return "—" if self.object.score is None else floatformat(self.object.score, 2)

    def get_author_display_value(self):
        return AuthorColumn("author").get_value(self.object)

    def get_article_display_value(self):
        article = self.object.article
        return format_html('<a href="{}">{}</a>', self.object.address_on(article.url or ""), article.title)

    def get_parent_display_value(self):
        parent = self.object.parent
        if parent is None:
            return "—"
        url = reverse("comments_moderation_snippets:inspect", args=[parent.pk])
        return format_html('<a href="{}">{}</a>', url, parent.text[:120])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["log"] = labelled(selectors.comment_log(self.object))
        return context

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    menu_name = "comments"
    url_prefix = "comments/queue"
    admin_url_namespace = "comments_moderation_snippets"
    filterset_class = CommentFilterSet
    search_fields = ["text"]
    list_per_page = 50
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_class = CommentInspectView
    # What a moderator reads; the address hash, the submission key and the thread's bookkeeping stay out of sight.
    inspect_view_fields = [
        "text",
        "article",
        "author",
        "parent",
        "status",
        "reasons",
        "score",
        "report_count",
        "like_count",
        "created_at",
        "edited_at",
        "moderated_at",
        "moderator_note",
        "featured_at",
    ]
    list_display = [
        "text",
        Column("article", label=_("Article")),
        AuthorColumn("author", label=_("Author")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        ReasonsColumn("reasons", label=_("Reasons")),
        ScoreColumn("score", label=_("Score")),
        ReportsColumn("report_count", label=pgettext_lazy("readers' reports of a comment", "Reports")),
        FeaturedColumn("featured_at", label=_("Featured")),
        Column("created_at", label=_("Posted")),
    ]

    def get_queryset(self, request):
        # The reports still waiting for a moderator, for the Reports column: one query for the whole page.
        waiting = Prefetch("reports", queryset=CommentReport.objects.filter(resolved=False), to_attr="open_reports")
        return Comment.objects.select_related("article", "author__reader_profile").prefetch_related(waiting)

    @property
    def menu_url(self):
        # The menu opens the queue (held and reported comments); the filters there lead to all the others.
        return queue_url()


class BanViewSet(SnippetViewSet):
    model = Ban
    icon = "lock"
    menu_label = _("Bans")
    menu_name = "bans"
    url_prefix = "comments/bans"
    admin_url_namespace = "comments_moderation_bans"
    list_display = ["user", "email", "reason", "until", "created_by", "created_at", "lifted_at"]
    inspect_view_enabled = True
    inspect_view_class = InspectView


class ModerationGroup(SnippetViewSetGroup):
    items = (CommentViewSet, BanViewSet)
    menu_icon = "comment"
    menu_label = _("Moderation")
    menu_name = "moderation"


register_snippet(ModerationGroup)


# --- bulk actions -------------------------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the log)"), required=False, max_length=300)


class RejectForm(ReasonForm):
    note = forms.CharField(
        label=_("Message to the author (they see it)"),
        required=False,
        max_length=services.MODERATOR_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown to the author alone, beside the rejected comment and in the mail about it if they asked for such "
            "mails. Plain text."
        ),
    )


class ModerateBulkAction(SnippetBulkAction):
    models = [Comment]
    form_class = ReasonForm
    template_name = "comments/admin/confirm_bulk_moderate.html"
    moderation_action = None

    def check_perm(self, obj):
        return self.request.user.has_perm("comments.moderate_comment")

    @classmethod
    def get_queryset(cls, model, object_ids):
        # The ids come from the address, and one no row can have ("abc", a number past 64 bits) names no comment:
        # it is left out rather than sent to the database, which refuses it with an error. None left is a 404, as
        # for ids of comments that do not exist. ("all" arrives here as a query of ids, already sound.)
        if isinstance(object_ids, list):
            object_ids = [number for number in map(row_id_from, object_ids) if number is not None]
        return super().get_queryset(model, object_ids)

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        return {**super().get_execution_context(), "reason": data.get("reason", ""), "note": data.get("note", "")}

    @classmethod
    def act(cls, comment, *, moderator, reason, note):
        services.comment_moderate(
            comment=comment, moderator=moderator, action=cls.moderation_action, reason=reason, note=note
        )

    @classmethod
    def execute_action(cls, objects, reason="", note="", user=None, **kwargs):
        action = kwargs["self"]
        done, action.unchanged, action.refusals = 0, Counter(), Counter()
        for comment in objects:
            try:
                cls.act(comment, moderator=action.request.user, reason=reason, note=note)
                done += 1
            except services.CommentUnchanged as unchanged:  # already so: neither done nor refused
                action.unchanged[unchanged.message] += 1
            except services.CommentRefused as refused:
                action.refusals[refused.message] += 1
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        # What was not done, and why, in the moderator's view; no green "0 done" when nothing was.
        for message, count in getattr(self, "unchanged", Counter()).items():
            messages.info(
                self.request,
                ngettext(
                    "%(count)d comment left as it was: %(why)s", "%(count)d comments left as they were: %(why)s", count
                )
                % {"count": count, "why": message},
            )
        for message, count in getattr(self, "refusals", Counter()).items():
            messages.warning(
                self.request,
                ngettext("%(count)d comment not done: %(why)s", "%(count)d comments not done: %(why)s", count)
                % {"count": count, "why": message},
            )
        if not num_parent_objects:
            return None
        return ngettext("%(count)d comment done.", "%(count)d comments done.", num_parent_objects) % {
            "count": num_parent_objects
        }


class ApproveBulkAction(ModerateBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    moderation_action = "approve"
    action_priority = 10


class RejectBulkAction(ModerateBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    moderation_action = "reject"
    action_priority = 20
    form_class = RejectForm


class RemoveBulkAction(ModerateBulkAction):
    display_name = _("Delete")
    action_type = "remove"
    aria_label = _("Delete the selected comments (they stay in the log)")
    moderation_action = "delete"
    action_priority = 25
    classes = {"serious"}


class FeatureBulkAction(ModerateBulkAction):
    display_name = _("Feature")
    action_type = "feature"
    aria_label = _("Feature the selected comments above the discussion")
    featured = True
    action_priority = 30

    @classmethod
    def act(cls, comment, *, moderator, reason, note):
        services.comment_feature(comment=comment, moderator=moderator, featured=cls.featured, reason=reason)


class UnfeatureBulkAction(FeatureBulkAction):
    display_name = _("Unfeature")
    action_type = "unfeature"
    aria_label = _("Take the selected comments out of the featured ones")
    featured = False
    action_priority = 35


for bulk_action in (ApproveBulkAction, RejectBulkAction, RemoveBulkAction, FeatureBulkAction, UnfeatureBulkAction):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_permissions")
def register_moderation_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="comments", codename="moderate_comment")


# --- banning an author from the queue -----------------------------------------------------------------------


class BanForm(forms.Form):
    DURATIONS = [("1", _("1 day")), ("7", _("7 days")), ("30", _("30 days")), ("365", _("1 year")), ("", _("For good"))]
    duration = forms.ChoiceField(label=_("Duration"), choices=DURATIONS, initial="7", required=False)
    reason = forms.CharField(label=_("Reason (the reader sees it)"), max_length=300)
    hide_comments = forms.BooleanField(
        label=_("Hide their published comments"),
        required=False,
        help_text=_("Lifting the ban can show them again. Their comments still waiting for a moderator are rejected."),
    )
    block_address = forms.BooleanField(
        label=_("Also block their network address"),
        required=False,
        help_text=_(
            "Catches a new account made from the same place, but also blocks everyone who shares the address: an "
            "office, a university, a mobile network. Their comments are quietly rejected."
        ),
    )


@permission_required("comments.moderate_comment", raise_exception=True)
def ban_view(request, user_id):
    reader = get_object_or_404(get_user_model(), pk=user_id)
    form = BanForm(request.POST or None)
    refusal = standing.ban_refusal(user=reader, moderator=request.user)
    if refusal is not None:  # said at once, instead of a form that could only be refused
        context = {"form": None, "reader": reader, "refusal": refusal.message}
        return TemplateResponse(request, "comments/admin/ban.html", context)
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["duration"]
        until = timezone.now() + timedelta(days=int(days)) if days else None
        # The address the reader last wrote from, read only when the moderator chose to block it.
        last = (
            form.cleaned_data["block_address"] and Comment.objects.filter(author=reader).order_by("-created_at").first()
        )
        try:
            standing.ban_create(
                user=reader,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
                until=until,
                hide_comments=form.cleaned_data["hide_comments"],
                ip_hash=last.ip_hash if last else "",
            )
        except services.CommentRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("The reader is banned."))
            return redirect(queue_url())
    return TemplateResponse(request, "comments/admin/ban.html", {"form": form, "reader": reader})


@require_POST
@permission_required("comments.moderate_comment", raise_exception=True)
def lift_ban_view(request, ban_id):
    ban = get_object_or_404(Ban, pk=ban_id)
    if ban.is_active():
        shown = standing.ban_lift(
            ban=ban, moderator=request.user, show_hidden_comments=bool(request.POST.get("show_hidden_comments"))
        )
        messages.success(request, _("The ban is lifted: the reader can comment again."))
        if shown:
            messages.success(
                request,
                ngettext(
                    "%(count)d comment the ban hid is shown again.",
                    "%(count)d comments the ban hid are shown again.",
                    shown,
                )
                % {"count": shown},
            )
    else:
        messages.warning(request, _("This ban had already ended."))
    if ban.user_id:
        return redirect(reverse("comments_moderation:reader", args=[ban.user_id]))
    return redirect(reverse("comments_moderation_bans:list"))


# --- holding a reader's comments for review ---------------------------------------------------------------------


class HoldForm(forms.Form):
    duration = forms.ChoiceField(label=_("Duration"), choices=BanForm.DURATIONS, initial="30", required=False)
    reason = forms.CharField(label=_("Reason (kept in the log)"), max_length=300, required=False)


@require_POST
@permission_required("comments.moderate_comment", raise_exception=True)
def hold_reader_view(request, user_id):
    reader = get_object_or_404(get_user_model(), pk=user_id)
    form = HoldForm(request.POST)
    if form.is_valid():
        days = form.cleaned_data["duration"]
        until = timezone.now() + timedelta(days=int(days)) if days else None
        try:
            standing.reader_hold(user=reader, moderator=request.user, reason=form.cleaned_data["reason"], until=until)
        except services.CommentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Every comment of this reader now waits for a moderator."))
    else:
        messages.error(request, _("The reader is not held: choose a duration from the list."))
    return redirect(reverse("comments_moderation:reader", args=[reader.pk]))


@require_POST
@permission_required("comments.moderate_comment", raise_exception=True)
def release_reader_view(request, user_id):
    reader = get_object_or_404(get_user_model(), pk=user_id)
    if standing.reader_release(user=reader, moderator=request.user):
        messages.success(request, _("The reader's comments are judged by the comment policy again."))
    return redirect(reverse("comments_moderation:reader", args=[reader.pk]))


# --- one reader's record -------------------------------------------------------------------------------------


@permission_required("comments.moderate_comment", raise_exception=True)
def reader_record_view(request, user_id):
    """Everything moderation knows about one account: its comments, its bans, and every logged action on either."""
    from .selectors import reader_record

    reader = get_object_or_404(get_user_model(), pk=user_id)
    record = reader_record(user=reader)
    labelled(record["log"])
    refusal = standing.hold_refusal(user=reader, moderator=request.user)
    context = {
        "reader": reader,
        "hold_form": HoldForm(),
        "hold_refusal": refusal.message if refusal else "",  # said at once, instead of a form that would be refused
        **record,
    }
    return TemplateResponse(request, "comments/admin/reader.html", context)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path(
            "comments/",
            (
                [
                    path("ban/<row_id:user_id>/", ban_view, name="ban"),
                    path("bans/<row_id:ban_id>/lift/", lift_ban_view, name="lift_ban"),
                    path("readers/<row_id:user_id>/", reader_record_view, name="reader"),
                    path("readers/<row_id:user_id>/hold/", hold_reader_view, name="hold_reader"),
                    path("readers/<row_id:user_id>/release/", release_reader_view, name="release_reader"),
                    path(
                        "",
                        lambda request: redirect(queue_url()),
                        name="list",
                    ),
                ],
                "comments_moderation",
                "comments_moderation",
            ),
        )
    ]


@hooks.register("construct_homepage_panels")
def add_waiting_comments_panel(request, panels):
    from .admin_panels import WaitingCommentsPanel

    if request.user.has_perm("comments.moderate_comment"):
        panels.append(WaitingCommentsPanel())
