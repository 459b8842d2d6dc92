"""The newsroom's own admin: sponsors, chosen on the stories they pay for or support, and series of stories."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
