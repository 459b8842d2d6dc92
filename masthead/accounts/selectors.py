"""Reads about accounts."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
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


NEW_REPLIES_SECONDS = 60  # how late the header may learn of a new reply; reading them clears it at once


def new_replies_key(user_id):
    return f"accounts:new-replies:{user_id}"


def new_reply_count(user):
    """Replies by others to the reader's comments since they last read them, kept in the cache for a minute: the
    header shows it on every page a signed-in reader opens."""
    from masthead.comments.selectors import replies_to

    key = new_replies_key(user.pk)
    count = cache.get(key)
    if count is None:
        profile = getattr(user, "reader_profile", None)
        seen = profile.replies_seen_at if profile else None
        replies = replies_to(reader=user)
        count = (replies.filter(created_at__gt=seen) if seen else replies).count()
        cache.set(key, count, NEW_REPLIES_SECONDS)
    return count


def replies_read(user):
    """The reader has just seen all their replies: none is new, which the page they read says at no cost."""
    cache.set(new_replies_key(user.pk), 0, NEW_REPLIES_SECONDS)
