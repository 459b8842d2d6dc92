"""Polls in the admin: editors write the question and answers, then place the poll in an article's body."""

from django.db.models import Sum
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Poll


class ResultsColumn(Column):
    """The total votes, linked to the public results page."""

    def get_value(self, instance):
        url = reverse("polls:poll", args=[instance.pk]) + "?results=1"
        return format_html('<a href="{}">{}</a>', url, instance.total_votes or 0)


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Polls")
    menu_name = "polls"
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "polls"
    admin_url_namespace = "polls_admin"
    list_display = ["question", Column("closes_at", label=_("Closes")), ResultsColumn("total_votes", label=_("Votes"))]
    search_fields = ["question"]
    search_backend_name = None
    copy_view_enabled = False

    def get_queryset(self, request):
        return Poll.objects.annotate(total_votes=Sum("options__vote_count"))


register_snippet(PollViewSet)
