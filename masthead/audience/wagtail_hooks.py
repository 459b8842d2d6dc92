"""The audience app in the Wagtail admin: Reports → Audience, and a "Views" button on each article."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import admin_views

admin_urls = (
    [
        path("", admin_views.AudienceReportView.as_view(), name="report"),
        path("articles/<row_id:article_id>/", admin_views.ArticleStatsView.as_view(), name="article"),
    ],
    "audience_admin",
)


@hooks.register("register_admin_urls")
def register_audience_urls():
    return [path("audience/", include(admin_urls))]


class StatsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_reports_menu_item")
def register_audience_report():
    return StatsMenuItem(_("Audience"), reverse("audience_admin:report"), name="audience", icon_name="view", order=650)


class ArticleViewsButton(PageMenuItem):
    label = _("Views")
    icon_name = "view"
    priority = 60

    url_name = "audience_admin:article"

    def is_shown(self, user):
        return user.has_perm(admin_views.PERMISSION)


@hooks.register("register_page_header_buttons")
def article_views_button(page, user, view_name, next_url=None):
    from masthead.newsroom.models import ArticlePage

    if page.specific_class is ArticlePage and page.pk:
        yield ArticleViewsButton(page=page)


@hooks.register("construct_homepage_panels")
def add_most_read_panel(request, panels):
    from .admin_panels import MostReadPanel

    if request.user.has_perm(admin_views.PERMISSION):
        panels.append(MostReadPanel())
