"""The signed link in mails about a reader's comments that stops that kind of mail, for a reader who is not logged
in where they read mail.

It names the account and a short digest of its address, signed with the site's secret key and a salt per kind of
mail, so it cannot be made for someone else nor stop another kind, and it stops working if the account's address
changes. It never expires: the link must work for as long as the mail sits in an inbox.
"""

from django.contrib.auth import get_user_model
from django.core import signing

# The same short digest of an address as the newsletter's links carry.
from masthead.newsletter.tokens import address_digest

# The kinds of mail a reader can ask for, by the profile field that holds their choice.
MAIL_KINDS = {"replies": "reply_emails", "decisions": "decision_emails", "following": "following_emails"}


class BadToken(Exception):
    """A link that was altered, made for another purpose, or names no account any more."""


def signer(kind):
    return signing.Signer(salt=f"masthead.accounts.stop-mails.{kind}")


def stop_mails_token(user, kind):
    return signer(kind).sign(f"{user.pk}.{address_digest(user.email)}")


def user_for_stop_mails(token, kind):
    if kind not in MAIL_KINDS:
        raise BadToken(token)
    try:
        value = signer(kind).unsign(token)
    except signing.BadSignature as error:
        raise BadToken(token) from error
    pk, _dot, digest = value.partition(".")
    user = get_user_model().objects.filter(pk=pk).first() if pk.isdigit() else None
    if user is None or address_digest(user.email) != digest:
        raise BadToken(token)
    return user
