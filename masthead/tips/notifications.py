from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from masthead.newsletter import conf as mail_conf

from .models import Tip


def tip_notice_send(*, tip_id):
    tip = Tip.objects.filter(pk=tip_id).prefetch_related("files").first()
    if tip is None:  # deleted before the worker came to it
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "tip": tip,
            "files": len(tip.files.all()),
            "url": mail_conf.base_url() + reverse("tips_admin:edit", args=[tip.pk]),
        }
        subject = render_to_string("tips/mail/new_tip_subject.txt", context)
        body = render_to_string("tips/mail/new_tip.txt", context)
    return send_mail(" ".join(subject.split()), body, None, settings.MASTHEAD_TIPS_NOTIFY)
