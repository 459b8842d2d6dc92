"""Mails to readers about their own comments: a reply to one is published, a moderator decided on one.

Each kind goes only to readers who asked for it on their account page (accounts.tokens.MAIL_KINDS), in the reader's
language (the one they signed up in, or chose there; else the article's), and carries a link and RFC 8058 headers
that stop that kind in one click.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from masthead.accounts.tokens import MAIL_KINDS, stop_mails_token


def wants(reader, kind):
    profile = getattr(reader, "reader_profile", None)
    return reader.is_active and bool(reader.email) and bool(profile and getattr(profile, MAIL_KINDS[kind]))


def language_for(reader, article):
    profile = getattr(reader, "reader_profile", None)
    return (profile and profile.mail_language) or article.locale.language_code


def send(*, reader, kind, article, template, context):
    """Render `<template>_subject.txt` and `<template>.txt` in the reader's language and mail them to the reader."""
    with translation.override(language_for(reader, article)):
        # The same host as the article's address: the site's own, not necessarily BASE_URL's.
        site_root = article.get_site().root_url
        stop_url = site_root + reverse("accounts:stop_mails", args=[kind, stop_mails_token(reader, kind)])
        context = {**context, "article_title": article.title, "stop_url": stop_url}
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),  # a name or a title cannot break the header onto a new line
        body=body,
        to=[reader.email],
        headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    ).send()
