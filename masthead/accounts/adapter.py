"""Masthead's rules for django-allauth's account forms."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The longest address mail can carry (RFC 5321 path limit), and the length of the user's email column.
EMAIL_MAX_LENGTH = 254


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        # Refused, not cut: allauth fits a value to its column, and a cut address would get a confirmation mail
        # nobody can receive while the reader is told to check their inbox.
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(_("An email address has at most %(limit)d characters.") % {"limit": EMAIL_MAX_LENGTH})
        return super().clean_email(email)
