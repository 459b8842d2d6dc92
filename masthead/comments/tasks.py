"""Background work for comments, run by `masthead worker` (or at once, in tests)."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def notify_moderators(*, comment_id):
    """Mail the moderators that a comment waits for them, with a link to the queue."""
    from django.conf import settings

    from .models import Comment

    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    user_model = get_user_model()
    moderators = (
        user_model.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="moderate_comment")
            | Q(user_permissions__codename="moderate_comment")
        )
        .exclude(email="")
        .distinct()
    )
    recipients = sorted({user.email for user in moderators})
    if not recipients:
        return 0
    queue_url = settings.BASE_URL + reverse("comments_moderation:list")
    send_mail(
        subject=_("A comment waits for moderation: %(article)s") % {"article": comment.article.title},
        message=_("%(text)s\n\nReasons: %(reasons)s\nQueue: %(url)s")
        % {"text": comment.text[:500], "reasons": ", ".join(comment.reasons), "url": queue_url},
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)
