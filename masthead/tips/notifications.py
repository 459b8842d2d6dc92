from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from masthead.newsletter import conf as mail_conf
from masthead.newsroom.addresses import site_sender

from .models import Tip, TipMessage


def tip_notice_send(*, tip_id, again=False, files=0):
    """Editors learn that a tip came in, or that its sender wrote again (with `files` files)."""
    tip = Tip.objects.filter(pk=tip_id).prefetch_related("files").first()
    if tip is None:  # deleted before the worker came to it
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "tip": tip,
            "again": again,
            "files": files if again else len(tip.files.all()),
            "url": mail_conf.base_url() + reverse("tips_admin:edit", args=[tip.pk]),
        }
        subject = render_to_string("tips/mail/new_tip_subject.txt", context)
        body = render_to_string("tips/mail/new_tip.txt", context)
    return send_mail(" ".join(subject.split()), body, None, settings.MASTHEAD_TIPS_NOTIFY)


def answer_notice_send(*, message_id):
    """A sender who was signed in learns that the newsroom answered, with the link to their conversation; the answer
    stays on the site, as a source's tip stays off mail servers."""
    message = TipMessage.objects.filter(pk=message_id).select_related("tip__reader__reader_profile").first()
    reader = message and message.tip.reader
    if reader is None or not reader.is_active or not reader.email:
        return 0
    profile = getattr(reader, "reader_profile", None)
    with translation.override((profile and profile.mail_language) or message.tip.language):
        context = {
            "tip": message.tip,
            "url": mail_conf.base_url() + reverse("tips:yours", args=[message.tip.pk]),
        }
        subject = render_to_string("tips/mail/answered_subject.txt", context)
        body = render_to_string("tips/mail/answered.txt", context)
    return send_mail(" ".join(subject.split()), body, site_sender(), [reader.email])
