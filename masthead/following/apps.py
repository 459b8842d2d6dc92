from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    """Topics and authors readers follow: their own front page of those stories, and a daily mail of new ones."""

    name = "masthead.following"
    label = "following"
    verbose_name = _("Following")
    default_auto_field = "django.db.models.BigAutoField"
