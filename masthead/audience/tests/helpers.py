"""Builders for audience tests: beacons as browsers send them, articles filed on a given day."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from masthead.audience import services
from masthead.newsroom.tests import factories

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
_numbers = itertools.count(1)


def beacon(client, article, *, agent=BROWSER, address="198.51.100.7", **headers):
    """The article page's view beacon, as a browser sends it."""
    return client.post(f"/api/v1/articles/{article.pk}/views", HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **headers)


def article_on(moment, **fields):
    """A published article whose publication time is `moment`, filed in the archive as publishing would."""
    article = factories.article(published_at=moment, **fields)
    # The factory moves the publication time after publishing; file the article again at its new time.
    services.archive_entry_save(article=article)
    return article


def editor():
    user = get_user_model().objects.create_user(
        username=f"editor{next(_numbers)}", email="editor@example.org", password="correct horse"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def reader():
    return get_user_model().objects.create_user(
        username=f"reader{next(_numbers)}", email="reader@example.org", password="correct horse"
    )


def counted_total(article):
    article.refresh_from_db()
    return article.view_count
