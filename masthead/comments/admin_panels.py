"""The moderators' panel on the admin dashboard: how many comments wait, and the newest of them."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .selectors import moderation_queue, queue_counts
from .wagtail_hooks import queue_url


class WaitingCommentsPanel(Component):
    name = "waiting_comments"
    template_name = "comments/admin/dashboard_panel.html"
    order = 140
    shown = 5

    def get_context_data(self, parent_context):
        counts = queue_counts()
        newest = []
        if counts["held"] or counts["reported"]:
            newest = list(moderation_queue().select_related("article").order_by("-created_at")[: self.shown])
        return {
            **counts,
            "comments": newest,
            "queue_url": queue_url(),
            "bans_url": reverse("comments_moderation_bans:list"),
        }
