"""The editors' queue of typo reports in the Wagtail admin. Every action calls a service; nothing is decided here."""

from django import forms
from django.contrib import messages
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminPageChooser

from masthead.newsroom.models import ArticlePage

from . import conf, services
from .models import Correction, TypoReport
from .selectors import editable_articles, open_reports_for_editor


def in_context(report):
    """The selection marked in its context, for the listing, the review page and the dashboard.

    The widget cuts the context at about 60 characters, then back to a whole word; a shorter context reached
    the start or end of its part of the article, so it gets no ellipsis."""
    cut = conf.CONTEXT_CHARS - 20
    return format_html(
        '<span class="typo-context">{}{}<mark>{}</mark>{}{}</span>',
        "…" if len(report.context_before) >= cut else "",
        report.context_before.lstrip(),
        report.selection,
        report.context_after.rstrip(),
        "…" if len(report.context_after) >= cut else "",
    )


# --- the queue ---------------------------------------------------------------------------------------------


def articles_with(model):
    """The filter's choices: the articles that have reports (or corrections) the editor may see, not every
    article of the archive, which as a drop-down made the list 17 MB and 20 seconds at 100,000 articles. Picked
    by id from the reports' own table: as a join, SQLite tested every article for reports (140 ms)."""

    def choices(request):
        if request is None:
            return ArticlePage.objects.none()
        articles = ArticlePage.objects.filter(pk__in=model.objects.values("article_id"))
        if not request.user.is_superuser:
            articles = articles.filter(pk__in=editable_articles(request.user).values("pk"))
        return articles.order_by("title").defer_streamfields()

    return choices


class TypoReportFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=gettext_lazy("Status"), choices=TypoReport.Status.choices)
    article = ModelChoiceFilter(label=gettext_lazy("Article"), queryset=articles_with(TypoReport))

    class Meta:
        model = TypoReport
        fields = ["status", "article"]


class ReportColumn(TitleColumn):
    def get_value(self, instance):
        return in_context(instance)


class ArticleColumn(Column):
    def get_value(self, instance):
        article = instance.article
        return format_html(
            '<a href="{}">{}</a>',
            reverse("wagtailadmin_pages:edit", args=[article.pk]),
            article.title,
        )


class ActionsColumn(Column):
    """One-click actions on an open report: apply its suggestion, mark it fixed, dismiss it."""

    cell_template_name = "typos/admin/actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context.update(
            {
                "report": instance,
                "action_url": reverse("typo_reports:edit", args=[instance.pk]),
                "next": request.get_full_path() if request else "",
                # The listing's context has no token for its cells (it rendered "None", and every press was refused).
                "csrf_token": get_token(request) if request else "",
            }
        )
        return context


class TypoReportIndexView(generic.IndexView):
    default_ordering = "-created_at"
    page_title = gettext_lazy("Typo reports")

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "change").select_related(
            "article"
        )

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        # The queue opens on what needs doing; "status=" (any) shows everything.
        if "status" not in self.request.GET:
            data = self.request.GET.copy()
            data["status"] = TypoReport.Status.NEW
            kwargs["data"] = data
        return kwargs

    @cached_property
    def columns(self):
        return [
            ReportColumn(
                "selection",
                label=_("Selection in its context"),
                get_url=lambda report: reverse("typo_reports:edit", args=[report.pk]),
            ),
            ArticleColumn("article", label=_("Article")),
            Column("suggestion", label=_("Suggestion")),
            NumberColumn("count", label=_("Readers"), sort_key="count"),
            DateColumn("created_at", label=_("Reported"), sort_key="created_at"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            ActionsColumn("actions", label=_("Actions")),
        ]


# --- one report ----------------------------------------------------------------------------------------------


class ResolveForm(forms.Form):
    replacement = forms.CharField(
        label=gettext_lazy("Replace the selection with"), required=False, max_length=conf.MAX_SUGGESTION
    )
    is_correction = forms.BooleanField(
        label=gettext_lazy("This was an error of fact: publish a correction under the article"), required=False
    )
    correction = forms.CharField(
        label=gettext_lazy("Correction readers will see"),
        required=False,
        max_length=conf.MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_correction") and not cleaned.get("correction", "").strip():
            self.add_error("correction", _("Write the correction readers will see."))
        return cleaned


ACTIONS = {"apply", "fixed", "dismiss"}


class TypoReportReviewView(PermissionCheckedMixin, generic.base.WagtailAdminTemplateMixin, TemplateView):
    """A report in full, with the three actions; the queue's buttons post here too."""

    model = TypoReport
    permission_required = "change"
    template_name = "typos/admin/review.html"
    index_url_name = None
    header_icon = "warning"
    page_title = gettext_lazy("Typo report")

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = pk

    @cached_property
    def report(self):
        reports = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return get_object_or_404(reports.select_related("article", "resolved_by"), pk=self.pk)

    def get_page_subtitle(self):
        return self.report.article.title

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(self.index_url_name), "label": _("Typo reports")},
            {"url": "", "label": f"“{self.report.selection[:40]}”"},
        ]

    def get_context_data(self, form=None, **kwargs):
        report, user = self.report, self.request.user
        article = report.article.specific_deferred
        permissions = article.permissions_for_user(user)
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "report": report,
                "in_context": in_context(report),
                "article": article,
                "remarks": [reader for reader in report.reporters.all() if reader.suggestion or reader.comment],
                "form": form or ResolveForm(initial={"replacement": report.suggestion}),
                "will_publish": permissions.can_publish() and not article.has_unpublished_changes,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[article.pk]),
                "history_url": reverse("typo_reports:history", args=[report.pk]),
                # From the queue's buttons on a refusal shown here again, else from the link that opened the page.
                "next": self.request.POST.get("next") or self.request.GET.get("next", ""),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        form = ResolveForm(request.POST)
        if action not in ACTIONS or not form.is_valid():
            messages.error(request, _("The report was not changed; please check the form."))
            return self.render_to_response(self.get_context_data(form=form))
        correction = form.cleaned_data["correction"] if form.cleaned_data["is_correction"] else ""
        try:
            message = self.act(action, form.cleaned_data, correction)
        except services.ReportRefused as refused:
            # Shown over the same form, as the editor filled it in: a correction they wrote is not lost.
            messages.error(request, refused.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, message)
        return redirect(self.next_url())

    def act(self, action, data, correction):
        report, editor = self.report, self.request.user
        if action == "dismiss":
            services.report_resolve(report=report, editor=editor, status=TypoReport.Status.DISMISSED)
            return _("Report dismissed.")
        if action == "fixed":
            services.report_resolve(report=report, editor=editor, status=TypoReport.Status.FIXED, correction=correction)
            return _("Report marked as fixed.")
        replacement = data["replacement"] if "replacement" in self.request.POST else None
        applied = services.report_apply_suggestion(
            report=report, editor=editor, replacement=replacement, correction=correction
        )
        if applied.published:
            return _("Fixed and published: “%(old)s” is now “%(new)s”.") % {
                "old": report.selection,
                "new": replacement if replacement is not None else report.suggestion,
            }
        return " ".join(
            [
                _("Fixed in a new draft. %(reason)s") % {"reason": applied.reason_not_published},
                _("The report closes, with its correction and the readers' mail, when the draft is published."),
            ]
        )

    def next_url(self):
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()}):
            return target
        return reverse(self.index_url_name)


# --- the dashboard -----------------------------------------------------------------------------------------------


class NewReportsPanel(Component):
    """New reports on the articles this editor can edit, newest first."""

    name = "typo_reports"
    template_name = "typos/admin/dashboard_panel.html"
    order = 150
    shown = 5

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        reports = open_reports_for_editor(self.user).select_related("article").order_by("-created_at")
        latest = list(reports[: self.shown])
        return {
            "reports": [(report, in_context(report)) for report in latest],
            "count": reports.count() if len(latest) == self.shown else len(latest),
            "queue_url": reverse("typo_reports:index"),
        }


# --- corrections ---------------------------------------------------------------------------------------------------


class CorrectionFilterSet(WagtailFilterSet):
    article = ModelChoiceFilter(label=gettext_lazy("Article"), queryset=articles_with(Correction))

    class Meta:
        model = Correction
        fields = ["article"]


class CorrectionForm(WagtailAdminModelForm):
    """Corrections written by hand: only on articles the editor may edit, picked in Wagtail's page chooser (a
    searchable, paginated list) rather than a drop-down of every article: at 100,000 articles that drop-down made
    the form 47 MB and took 40 seconds."""

    class Meta:
        model = Correction
        fields = ["article", "text", "published_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made per form, not once in Meta: the chooser's button words are fixed when it is built, and one built
        # as the module loads speaks the server's language to every editor.
        self.fields["article"].widget = AdminPageChooser(target_models=[ArticlePage])

    def clean_article(self):
        article = self.cleaned_data["article"]
        if article is not None and self.for_user and not article.permissions_for_user(self.for_user).can_edit():
            raise forms.ValidationError(_("You may not edit this article."))
        return article


# --- views of one object, limited to the editor's articles -----------------------------------------------------------


def editable_by(view):
    """Only reports and corrections on articles this editor can edit exist for them, whatever the address says."""
    return view.permission_policy.instances_user_has_permission_for(view.request.user, "change")


class CorrectionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return editable_by(self).select_related("article")


class CorrectionEditView(generic.EditView):
    def get_queryset(self):
        return editable_by(self)


class ScopedDeleteView(generic.DeleteView):
    def get_queryset(self):
        return editable_by(self)


class ScopedHistoryView(generic.HistoryView):
    def get_base_object_queryset(self):
        return editable_by(self)
