"""Signed links in mails: a confirmation link that expires, an unsubscribe link that never does.

Each token carries the subscriber's id and a short digest of the address, signed with the site's secret key and a
salt per purpose, so a confirmation token cannot be used to unsubscribe, and a link made for an address stops
working if the row is ever reused for another address. Nothing is stored: the signature is the proof.
"""

import hashlib

from django.core import signing

from . import conf

CONFIRM_SALT = "masthead.newsletter.confirm"
UNSUBSCRIBE_SALT = "masthead.newsletter.unsubscribe"


class BadToken(Exception):
    """A link that was altered, made for another purpose, or belongs to no subscriber."""


class ExpiredToken(BadToken):
    """A genuine confirmation link that is too old; `subscriber` is whom it was for."""

    def __init__(self, token, subscriber):
        super().__init__(token)
        self.subscriber = subscriber


def address_digest(email):
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:10]


def token_value(subscriber):
    return f"{subscriber.pk}.{address_digest(subscriber.email)}"


def confirmation_token(subscriber):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(token_value(subscriber))


def unsubscribe_token(subscriber):
    # A plain signer: an unsubscribe link must keep working for as long as the mail sits in an inbox.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(token_value(subscriber))


def read_token(token, *, salt, max_age=None):
    """The subscriber a token names, or BadToken / ExpiredToken."""
    from .models import Subscriber

    signer = signing.Signer(salt=salt) if max_age is None else signing.TimestampSigner(salt=salt)
    try:
        value = signer.unsign(token)  # the signature first, the age below, so an old link still names its reader
    except signing.BadSignature as error:
        raise BadToken(token) from error
    pk, _dot, digest = value.partition(".")
    subscriber = Subscriber.objects.filter(pk=pk).first() if pk.isdigit() else None
    if subscriber is None or address_digest(subscriber.email) != digest:
        raise BadToken(token)
    if max_age is not None:
        try:
            signer.unsign(token, max_age=max_age)
        except signing.SignatureExpired as error:
            raise ExpiredToken(token, subscriber) from error
    return subscriber


def subscriber_for_confirmation(token):
    return read_token(token, salt=CONFIRM_SALT, max_age=conf.confirm_max_age())


def subscriber_for_unsubscribe(token):
    return read_token(token, salt=UNSUBSCRIBE_SALT)
