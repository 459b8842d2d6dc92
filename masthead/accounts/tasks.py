"""Background work for reader accounts, run by `masthead worker` (or at once, in tests)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from masthead.newsroom.addresses import site_sender
from masthead.newsroom.timezones import labelled_site_time


@task()
def mail_deletion_scheduled(*, user_id):
    """Tell a reader when their account will be deleted and how to keep it, in their language: the request was
    made with their password, but a mail reaches the owner even if someone else had it. Returns mails sent."""
    user = get_user_model().objects.select_related("reader_profile").filter(pk=user_id).first()
    profile = getattr(user, "reader_profile", None) if user else None
    if profile is None or profile.deletion_due_at is None or not user.email:
        return 0
    with translation.override(profile.mail_language or settings.LANGUAGE_CODE):
        context = {
            "when": labelled_site_time(profile.deletion_due_at),
            "account_url": settings.BASE_URL.rstrip("/") + reverse("accounts:profile"),
        }
        subject = render_to_string("accounts/mail/deletion_scheduled_subject.txt", context)
        body = render_to_string("accounts/mail/deletion_scheduled.txt", context)
    send_mail(" ".join(subject.split()), body, site_sender(), [user.email])
    return 1
