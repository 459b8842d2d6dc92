"""Background work for comments, run by `masthead worker` (or at once, in tests)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def notify_moderators(*, comment_id):
    """Mail the moderators that a comment waits for them, with a link to the queue."""
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


@task()
def mail_reply_notice(*, comment_id):
    """Tell the author of a comment that a reply to it is published, if they asked for such mails; at most once.

    The mail is in the article's language (the conversation's), links to the reply's thread, and carries a link
    and RFC 8058 headers that stop these mails in one click. Returns how many mails were sent (0 or 1).
    """
    from masthead.accounts.services import display_name_of
    from masthead.accounts.tokens import stop_reply_emails_token

    from .models import Comment

    reply = (
        Comment.objects.select_related("article__locale", "author__reader_profile", "parent__author__reader_profile")
        .filter(pk=comment_id, parent__isnull=False, reply_notice_sent_at__isnull=True)
        .first()
    )
    if reply is None or reply.status != Comment.Status.PUBLISHED or reply.parent.status != Comment.Status.PUBLISHED:
        return 0
    reader = reply.parent.author
    profile = getattr(reader, "reader_profile", None)
    if (
        reader.pk == reply.author_id
        or not reader.is_active
        or not reader.email
        or not (profile and profile.reply_emails)
    ):
        return 0
    with transaction.atomic():
        # Claim the notice first: a second run of this task (a retry, a second approval) finds it taken. Should
        # sending fail, the claim is rolled back with it and a later run may try again.
        if not Comment.objects.filter(pk=reply.pk, reply_notice_sent_at__isnull=True).update(
            reply_notice_sent_at=timezone.now()
        ):
            return 0
        with translation.override(reply.article.locale.language_code):
            # The same host as the article's address, which is the site's own, not necessarily BASE_URL's.
            site_root = reply.article.get_site().root_url
            stop_url = site_root + reverse("accounts:stop_reply_emails", args=[stop_reply_emails_token(reader)])
            context = {
                "reader_name": display_name_of(reader),
                "replier_name": display_name_of(reply.author),
                "article_title": reply.article.title,
                "your_text": reply.parent.text,
                "reply_text": reply.text,
                "thread_url": reply.address_on(reply.article.get_full_url()),
                "stop_url": stop_url,
            }
            subject = _("%(name)s replied to your comment on “%(article)s”") % {
                "name": context["replier_name"],
                "article": reply.article.title,
            }
            body = render_to_string("comments/mail/reply_notice.txt", context)
        EmailMessage(
            subject=" ".join(subject.split()),  # a name or title cannot break the header onto a new line
            body=body,
            to=[reader.email],
            headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        ).send()
    return 1
