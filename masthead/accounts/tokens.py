"""The signed link in reply notices that stops them, for a reader who is not logged in where they read mail.

It names the account and a short digest of its address, signed with the site's secret key, so it cannot be made
for someone else, and it stops working if the account's address changes. It never expires: the link must work for
as long as the mail sits in an inbox.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.core import signing

STOP_REPLY_EMAILS_SALT = "masthead.accounts.stop-reply-emails"


class BadToken(Exception):
    """A link that was altered, made for another purpose, or names no account any more."""


def address_digest(email):
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:10]


def stop_reply_emails_token(user):
    return signing.Signer(salt=STOP_REPLY_EMAILS_SALT).sign(f"{user.pk}.{address_digest(user.email)}")


def user_for_stop_reply_emails(token):
    try:
        value = signing.Signer(salt=STOP_REPLY_EMAILS_SALT).unsign(token)
    except signing.BadSignature as error:
        raise BadToken(token) from error
    pk, _dot, digest = value.partition(".")
    user = get_user_model().objects.filter(pk=pk).first() if pk.isdigit() else None
    if user is None or address_digest(user.email) != digest:
        raise BadToken(token)
    return user
