"""Mails to readers about their own comments: a reply to one is published, a moderator decided on one.

Each kind goes only to readers who asked for it on their account page (accounts.tokens.MAIL_KINDS), in the reader's
language (the one they signed up in, or chose there; else the article's), and carries a link and RFC 8058 headers
that stop that kind in one click.
"""

from masthead.accounts.mails import stoppable_mail
from masthead.accounts.tokens import MAIL_KINDS


def wants(reader, kind):
    profile = getattr(reader, "reader_profile", None)
    return reader.is_active and bool(reader.email) and bool(profile and getattr(profile, MAIL_KINDS[kind]))


def language_for(reader, article):
    profile = getattr(reader, "reader_profile", None)
    return (profile and profile.mail_language) or article.locale.language_code


def send(*, reader, kind, article, template, context):
    """Render the mail in the reader's language and send it; its links start at the article's own site."""
    stoppable_mail(
        reader=reader,
        kind=kind,
        language=language_for(reader, article),
        # The same host as the article's address: the site's own, not necessarily BASE_URL's.
        site_root=article.get_site().root_url,
        template=template,
        context={**context, "article_title": article.title},
    ).send()
