from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .models import Ban, Comment
        from .permissions import ThroughModerationOnly

        for model in (Comment, Ban):
            register_permission_policy(model, ThroughModerationOnly(model), exact_class=True)
