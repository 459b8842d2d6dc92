"""The editors' panel on the admin dashboard: each edition's most read stories of the last 24 hours."""

from django.conf import settings
from django.urls import reverse
from wagtail.admin.ui.components import Component

from . import selectors

SHOWN = 5


class MostReadPanel(Component):
    name = "most_read"
    template_name = "audience/admin/dashboard_panel.html"
    order = 160

    def get_context_data(self, parent_context):
        editions = []
        for language, name in settings.LANGUAGES:
            # The same list as the sidebar's, from the same cache entry while it lasts.
            articles = selectors.most_read(language=language, period="24-hours", limit=SHOWN)
            if articles:
                editions.append({"language": language, "name": name, "articles": articles})
        return {"editions": editions, "report_url": reverse("audience_admin:report")}
