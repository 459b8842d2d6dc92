"""Who may do what to comments in the admin."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy


class ThroughModerationOnly(ModelPermissionPolicy):
    """Nobody, a superuser included, adds, edits or deletes comments or bans through the admin's generic forms.
    Readers write comments through the moderation pipeline; moderators change comments only through the
    moderation actions, and ban and lift bans through their own views. Those record who did what and why, keep
    the reader's earlier text, the article's comment count and the cached pages right, and hide a banned
    reader's comments when asked. A generic form would do none of that."""

    FORBIDDEN = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.FORBIDDEN and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.FORBIDDEN]
        return super().users_with_any_permission(allowed) if allowed else get_user_model().objects.none()
