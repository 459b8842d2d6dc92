"""Reads about accounts."""

from django.contrib.auth import get_user_model
from django.db.models import Q

# Who belongs to the newsroom: whoever may open the admin, through a group, their own permissions or as superuser.
ADMIN_ACCESS = (
    Q(is_superuser=True)
    | Q(groups__permissions__codename="access_admin", groups__permissions__content_type__app_label="wagtailadmin")
    | Q(user_permissions__codename="access_admin", user_permissions__content_type__app_label="wagtailadmin")
)


def is_newsroom_staff(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def newsroom_staff_ids(user_ids):
    """Which of these accounts belong to the newsroom, in one query (for the badge beside their comments)."""
    if not user_ids:
        return set()
    found = get_user_model().objects.filter(pk__in=set(user_ids), is_active=True).filter(ADMIN_ACCESS)
    return set(found.values_list("pk", flat=True).distinct())
