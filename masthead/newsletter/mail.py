"""The mails the newsletter sends: the confirmation mail and each recipient's copy of a digest.

Every mail carries a one-click unsubscribe link in its body and in the RFC 8058 headers, so mail programs can offer
their own "Unsubscribe" button: `List-Unsubscribe` names an HTTPS address that unsubscribes on a POST with the body
`List-Unsubscribe=One-Click`, and `List-Unsubscribe-Post` says so. (RFC 8058 also wants a DKIM signature covering
both headers; the sending mail server adds it.)
"""

import functools
import re
from email.utils import formatdate, make_msgid, parseaddr
from html import escape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from masthead.newsroom.addresses import site_sender

from . import conf, tokens
from .digests import UNSUBSCRIBE_PLACEHOLDER, site_name


def absolute(path):
    return conf.base_url() + path


TOKEN_STAND_IN = "masthead-token-7f3a9c"


@functools.lru_cache(maxsize=16)
def unsubscribe_address(language, base_url):
    """The unsubscribe address of a language with a stand-in token: resolved once, not once per recipient."""
    with translation.override(language):
        return base_url + reverse("newsletter:unsubscribe", args=[TOKEN_STAND_IN])


def unsubscribe_url(subscriber):
    # Signed tokens are URL-safe (base64, ":" and "."), so they go into the address as they are.
    address = unsubscribe_address(subscriber.language, conf.base_url())
    return address.replace(TOKEN_STAND_IN, tokens.unsubscribe_token(subscriber))


def confirmation_url(subscriber):
    with translation.override(subscriber.language):
        return absolute(reverse("newsletter:confirm", args=[tokens.confirmation_token(subscriber)]))


def sender(name):
    """The From address, named after the site unless the setting already names it."""
    return site_sender(conf.from_email(), name)


def list_headers(*, unsubscribe, list_id, name):
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{name} <{list_id}>",
        # Mailing-list mail: no out-of-office replies, please (RFC 3834).
        "Auto-Submitted": "auto-generated",
        "Precedence": "bulk",
    }


def confirmation_message(subscriber, *, connection=None):
    """The double opt-in mail: a link that confirms, valid for a limited time."""
    name = site_name()
    link = unsubscribe_url(subscriber)
    with translation.override(subscriber.language):
        days = max(conf.confirm_max_age().days, 1)
        context = {
            "site_name": name,
            "confirm_url": confirmation_url(subscriber),
            "unsubscribe_url": link,
            "days": days,
            "email": subscriber.email,
        }
        message = EmailMultiAlternatives(
            subject=_("Confirm your subscription to %(site)s news") % {"site": name},
            body=render_to_string("newsletter/mail/confirm.txt", context),
            from_email=sender(name),
            to=[subscriber.email],
            headers=list_headers(unsubscribe=link, list_id=f"confirm.newsletter.{conf.list_host()}", name=name),
            connection=connection,
        )
        message.attach_alternative(render_to_string("newsletter/mail/confirm.html", context), "text/html")
    return message


def digest_message(rendered, *, address, unsubscribe, name, connection=None, headers=None):
    """One recipient's copy of a rendered digest: the same text with their own unsubscribe link."""
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe),
        from_email=sender(name),
        to=[address],
        headers={**list_headers(unsubscribe=unsubscribe, list_id=rendered.list_id, name=name), **(headers or {})},
        connection=connection,
    )
    message.attach_alternative(rendered.html.replace(UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe)), "text/html")
    return message


def subscriber_digest_message(rendered, subscriber, *, name, connection=None):
    return digest_message(
        rendered, address=subscriber.email, unsubscribe=unsubscribe_url(subscriber), name=name, connection=connection
    )


# What may be put into the bytes as it is: a dot-atom address with an ASCII domain, a link needing no escaping.
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")
PLAIN_LINK = re.compile(r"https?://[A-Za-z0-9._~:/?=%-]+")

# Stand-ins for what differs between two recipients' copies; none can occur in a real mail.
ADDRESS_STAND_IN = "masthead-recipient-7f3a9c@recipient.invalid"
DATE_STAND_IN = "Thu, 01 Jan 1970 00:00:00 -0000 (masthead-date)"
MESSAGE_ID_STAND_IN = "<masthead-message-id-7f3a9c@recipient.invalid>"


class PreparedDigest:
    """A digest's mail built once as SMTP-ready bytes; each recipient's copy is a few byte substitutions.

    Building a MIME message through Django for every recipient costs more than handing it to the mail server, so
    one copy is built with stand-ins for the address, the unsubscribe link, the date and the Message-ID, and each
    recipient gets those bytes with their own values put in. This only works because every stand-in survives
    MIME encoding unchanged (ASCII, no folding, 8-bit bodies); the constructor checks that, and `bytes_for()`
    answers None where it cannot vouch for the result (e.g. an address with non-ASCII letters), in which case
    the caller builds the message the ordinary way.
    """

    def __init__(self, rendered, *, name):
        self.rendered, self.name = rendered, name
        template = digest_message(
            rendered,
            address=ADDRESS_STAND_IN,
            unsubscribe=UNSUBSCRIBE_PLACEHOLDER,
            name=name,
            headers={"Date": DATE_STAND_IN, "Message-ID": MESSAGE_ID_STAND_IN},
        )
        self.sender = parseaddr(template.from_email)[1]
        self.template = template.message().as_bytes(linesep="\r\n")
        placeholder = UNSUBSCRIBE_PLACEHOLDER.encode()
        links = 1 + rendered.text.count(UNSUBSCRIBE_PLACEHOLDER) + rendered.html.count(UNSUBSCRIBE_PLACEHOLDER)
        self.usable = (
            self.template.count(placeholder) == links
            and self.template.count(ADDRESS_STAND_IN.encode()) == 1
            and self.template.count(DATE_STAND_IN.encode()) == 1
            and self.template.count(MESSAGE_ID_STAND_IN.encode()) == 1
        )

    def bytes_for(self, *, address, unsubscribe):
        if not (self.usable and PLAIN_ADDRESS.fullmatch(address) and PLAIN_LINK.fullmatch(unsubscribe)):
            return None
        return (
            self.template.replace(ADDRESS_STAND_IN.encode(), address.encode())
            .replace(UNSUBSCRIBE_PLACEHOLDER.encode(), unsubscribe.encode())
            .replace(DATE_STAND_IN.encode(), formatdate(localtime=settings.EMAIL_USE_LOCALTIME).encode())
            .replace(MESSAGE_ID_STAND_IN.encode(), make_msgid(domain=DNS_NAME).encode())
        )
