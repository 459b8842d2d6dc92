"""Mails to a reader's account that they asked for and can stop in one click: each kind (accounts.tokens.MAIL_KINDS)
carries a signed link that stops it, in its text and in the RFC 8058 headers, so mail programs offer their own
"Unsubscribe" button."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from masthead.newsroom.addresses import site_sender

from .tokens import stop_mails_token


def stoppable_mail(*, reader, kind, language, site_root, template, context, from_email=None):
    """`<template>_subject.txt` and `<template>.txt` rendered in `language` with `stop_url` added to `context`, as a
    message to the reader; `site_root` is the address the links start with."""
    with translation.override(language):
        stop_url = site_root + reverse("accounts:stop_mails", args=[kind, stop_mails_token(reader, kind)])
        context = {**context, "stop_url": stop_url}
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),  # a name or a title cannot break the header onto a new line
        body=body,
        from_email=from_email or site_sender(),
        to=[reader.email],
        headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
