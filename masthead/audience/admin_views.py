"""The editors' statistics in the Wagtail admin: top articles, totals by section and author, one article's
views per day as a chart, each exportable as CSV. The views only read through the selectors."""

import csv
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from masthead.site_time import site_today

from . import selectors
from .charts import daily_views_chart

PERMISSION = "audience.view_audience_stats"
DEFAULT_DAYS = 30
# A year and a bit: longer ranges are what the CSV export is for.
MAX_DAYS = 400


class RangeForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages")), *settings.LANGUAGES]

    def clean(self):
        data = super().clean()
        end = data.get("end") or site_today()
        start = data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The start comes after the end."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choose at most %(days)d days.") % {"days": MAX_DAYS})
        data.update(start=start, end=end, language=data.get("language") or "")
        return data


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


class StatsView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_range(self):
        form = RangeForm(self.request.GET or None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
        else:
            end = site_today()
            data = {"start": end - timedelta(days=DEFAULT_DAYS - 1), "end": end, "language": ""}
            if not form.is_bound:
                form = RangeForm(initial=data)
        return form, data


class AudienceReportView(StatsView):
    template_name = "audience/admin/report.html"
    page_title = gettext_lazy("Audience")
    EXPORTS = {"top", "sections", "authors"}

    def get(self, request, *args, **kwargs):
        form, period = self.get_range()
        export = request.GET.get("export")
        if export in self.EXPORTS:
            return self.export(export, period)
        context = self.get_context_data(
            form=form,
            period=period,
            top=selectors.top_articles(first=period["start"], last=period["end"], language=period["language"]),
            sections=selectors.totals_by_section(
                first=period["start"], last=period["end"], language=period["language"]
            ),
            authors=selectors.totals_by_author(first=period["start"], last=period["end"], language=period["language"]),
            query=request.GET.urlencode(),
        )
        context["total"] = sum(row["views"] for row in context["sections"])
        return self.render_to_response(context)

    def export(self, kind, period):
        first, last, language = period["start"], period["end"], period["language"]
        name = f"views-{kind}-{first}-{last}.csv"
        if kind == "top":
            rows = selectors.top_articles(first=first, last=last, language=language, limit=10_000)
            return csv_response(
                name,
                [_("Article ID"), _("Title"), _("Language"), _("Views")],
                [(r["article_id"], r["title"], r["language"], r["views"]) for r in rows],
            )
        if kind == "sections":
            rows = selectors.totals_by_section(first=first, last=last, language=language)
            return csv_response(name, [_("Section"), _("Views")], [(r["section"], r["views"]) for r in rows])
        rows = selectors.totals_by_author(first=first, last=last, language=language)
        return csv_response(name, [_("Author"), _("Views")], [(r["author"], r["views"]) for r in rows])

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Audience")}]


class ArticleStatsView(StatsView):
    template_name = "audience/admin/article.html"

    def get(self, request, article_id):
        from masthead.newsroom.models import ArticlePage

        self.article = get_object_or_404(ArticlePage, pk=article_id)
        form, period = self.get_range()
        points = selectors.article_daily_views(article_id=article_id, first=period["start"], last=period["end"])
        if request.GET.get("export") == "csv":
            return csv_response(
                f"views-article-{article_id}-{period['start']}-{period['end']}.csv",
                [_("Day"), _("Views")],
                [(day.isoformat(), views) for day, views in points],
            )
        label = _("Views per day of “%(title)s” from %(start)s to %(end)s") % {
            "title": self.article.title,
            "start": period["start"],
            "end": period["end"],
        }
        context = self.get_context_data(
            form=form,
            period=period,
            article=self.article,
            points=points,
            period_total=sum(views for _day, views in points),
            chart=daily_views_chart(points, label=label),
            query=request.GET.urlencode(),
        )
        return self.render_to_response(context)

    def get_page_title(self):
        return _("Views")

    def get_page_subtitle(self):
        return self.article.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("audience_admin:report"), "label": _("Audience")},
            {"url": "", "label": self.article.title},
        ]
