"""Who may see and act on typo reports: the editors of the articles they are about.

No separate permission to hand out: a report follows its article's page permissions, so a section's editors see
their section's reports, and nobody can create reports in the admin (they come from readers).
"""

from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from .selectors import editable_articles, reports_for_editor


class TypoReportPermissionPolicy(BasePermissionPolicy):
    pages = PagePermissionPolicy()

    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        if action in {"view", "change"}:
            return self.pages.user_has_permission(user, "change")
        if action == "delete":
            return user.is_superuser
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if set(actions) & {"view", "change"}:
            return self.pages.users_with_permission("change")
        return self.pages.users_with_permission("change").filter(is_superuser=True)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in {"view", "change"}:
            return user.is_active and instance.article.permissions_for_user(user).can_edit()
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return reports_for_editor(user)


class CorrectionPermissionPolicy(TypoReportPermissionPolicy):
    """Corrections follow their article too; any editor may write one (on an article they can edit)."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return user.is_active and self.pages.user_has_permission(user, "change")
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return self.pages.users_with_permission("change")

    def user_has_permission_for_instance(self, user, action, instance):
        if action in {"view", "change", "delete"}:
            return user.is_active and instance.article.permissions_for_user(user).can_edit()
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        corrections = self.model._default_manager.all()
        if user.is_superuser:
            return corrections
        return corrections.filter(article_id__in=editable_articles(user).values("pk"))
