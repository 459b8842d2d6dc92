"""Background work for comments, run by `masthead worker` (or at once, in tests)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from . import reader_mails


@task()
def notify_moderators(*, comment_id):
    """Mail each moderator that a comment waits for them: one mail each (no one sees the others' addresses), in
    the language of their admin, with the reasons in words and links to the comment and to the queue."""
    from wagtail.users.models import UserProfile

    from masthead.newsroom.addresses import site_sender

    from .models import Comment
    from .policy import reason_labels

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
        .order_by("pk")
    )
    base = settings.BASE_URL.rstrip("/")
    links = {
        "comment_url": base + reverse("comments_moderation_snippets:inspect", args=[comment.pk]),
        "queue_url": base + reverse("comments_moderation:list"),
    }
    sender, sent = site_sender(), 0
    for moderator in moderators:
        language = UserProfile.get_for_user(moderator).get_preferred_language() or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = _("A comment waits for moderation: %(article)s") % {"article": comment.article.title}
            body = _(
                "%(text)s\n\nWhy it waits: %(reasons)s\nThe comment: %(comment_url)s\nThe queue: %(queue_url)s"
            ) % {
                "text": comment.text[:500],
                "reasons": reason_labels(comment.reasons),
                **links,
            }
        send_mail(subject=subject, message=body, from_email=sender, recipient_list=[moderator.email])
        sent += 1
    return sent


@task()
def mail_reply_notice(*, comment_id):
    """Tell the author of a comment that a reply to it is published, if they asked for such mails; at most once.

    Returns how many mails were sent (0 or 1).
    """
    from masthead.accounts.services import display_name_of

    from .models import Comment

    reply = (
        Comment.objects.select_related("article__locale", "author__reader_profile", "parent__author__reader_profile")
        .filter(pk=comment_id, parent__isnull=False, reply_notice_sent_at__isnull=True)
        .first()
    )
    if reply is None or reply.status != Comment.Status.PUBLISHED or reply.parent.status != Comment.Status.PUBLISHED:
        return 0
    reader = reply.parent.author
    if reader.pk == reply.author_id or not reader_mails.wants(reader, "replies"):
        return 0
    with transaction.atomic():
        # Claim the notice first: a second run of this task (a retry, a second approval) finds it taken. Should
        # sending fail, the claim is rolled back with it and a later run may try again.
        if not Comment.objects.filter(pk=reply.pk, reply_notice_sent_at__isnull=True).update(
            reply_notice_sent_at=timezone.now()
        ):
            return 0
        reader_mails.send(
            reader=reader,
            kind="replies",
            article=reply.article,
            template="comments/mail/reply_notice",
            context={
                "replier_name": display_name_of(reply.author),
                "your_text": reply.parent.text,
                "reply_text": reply.text,
                "thread_url": reply.address_on(reply.article.get_full_url()),
            },
        )
    return 1


@task()
def mail_decision_notice(*, comment_id, decision):
    """Tell a comment's author that a moderator published ("approve"), rejected ("reject") or featured
    ("feature") it, if they asked.

    Skipped if the decision no longer stands when the task runs (a moderator changed their mind meanwhile). A
    rejection says which rules the comment broke, as the page does, unless the site's policy keeps that to itself.
    """
    from .models import Comment
    from .moderation.pipeline import broken_rules
    from .services import policy_for

    outcome = {
        "approve": Comment.Status.PUBLISHED,
        "reject": Comment.Status.REJECTED,
        "feature": Comment.Status.PUBLISHED,
    }[decision]
    comment = Comment.objects.select_related("article__locale", "author__reader_profile").filter(pk=comment_id).first()
    if comment is None or comment.status != outcome or not reader_mails.wants(comment.author, "decisions"):
        return 0
    if decision == "feature" and comment.featured_at is None:
        return 0
    reasons = []
    if decision == "reject" and policy_for(comment.article).tell_rejected_reason:
        # Translated as the mail is rendered, in the reader's language. Why it waited for a moderator (a new
        # account, a pre-moderated story) is no rule it broke, and is left out.
        reasons = broken_rules(comment.reasons)
    reader_mails.send(
        reader=comment.author,
        kind="decisions",
        article=comment.article,
        template=f"comments/mail/{decision}_notice",
        context={
            "text": comment.text,
            "reasons": reasons,
            "note": comment.moderator_note if decision == "reject" else "",
            "thread_url": comment.address_on(comment.article.get_full_url()),
            "rules_url": comment.article.get_full_url() + "#comments",
        },
    )
    return 1
