"""Masthead's rules for django-allauth's account forms and mails."""

from email.utils import formataddr, parseaddr
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Site

from masthead.newsroom.selectors import request_site_name

# The longest address mail can carry (RFC 5321 path limit), and the length of the user's email column.
EMAIL_MAX_LENGTH = 254


def site_of(request):
    """The site as readers know it: its name (not the server's address) and host, for allauth's mails."""
    site = Site.find_for_request(request)  # None without a request; kept on the request, so read once
    return SimpleNamespace(name=request_site_name(request), domain=site.hostname if site else "")


def user_display(user):
    """How account pages and mails name a reader (ACCOUNT_USER_DISPLAY): the display name they chose, not the
    start of their address, which allauth showed ("signed in as aud.r1.30495")."""
    profile = getattr(user, "reader_profile", None)
    return (profile.display_name if profile else "") or user.get_full_name() or user.get_username()


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        # Refused, not cut: allauth fits a value to its column, and a cut address would get a confirmation mail
        # nobody can receive while the reader is told to check their inbox.
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(_("An email address has at most %(limit)d characters.") % {"limit": EMAIL_MAX_LENGTH})
        return super().clean_email(email)

    # Account mails (sign-up, password reset, a new address) named the server, "[127.0.0.1:8010]", where the
    # newsletter and the comment mails name the site; they now all name it, and come from it.
    def format_email_subject(self, subject):
        return f"[{site_of(context.request).name}] {subject}"

    def get_from_email(self):
        display, bare = parseaddr(settings.DEFAULT_FROM_EMAIL)
        return settings.DEFAULT_FROM_EMAIL if display else formataddr((site_of(context.request).name, bare))

    def send_mail(self, template_prefix, email, mail_context):
        super().send_mail(template_prefix, email, {**mail_context, "current_site": site_of(context.request)})

    def get_logout_redirect_url(self, request):
        # The front page of the edition the reader signed out from, not always the default language's.
        return reverse("wagtail_serve", args=[""])
