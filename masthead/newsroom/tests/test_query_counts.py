"""Pages load with a fixed number of queries, however many tags, authors or related stories they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from . import factories

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # the first request fills Wagtail's site and rendition caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def story(*, tags, authors, related):
    section = factories.section()
    others = [factories.article(parent=section, title=f"Earlier {n}") for n in range(related)]
    body = [("paragraph", RichText("<p>Text.</p>"))]
    body += [("related_story", {"article": other, "label": ""}) for other in others]
    return factories.article(
        parent=section,
        body=body,
        tags=[factories.tag(f"Topic {n}") for n in range(tags)],
        authors=[factories.author(name=f"Writer {n}") for n in range(authors)],
        image=factories.image(),
    )


def test_article_query_count_does_not_grow_with_tags_authors_or_related_stories(client):
    small = story(tags=1, authors=1, related=1)
    large = story(tags=8, authors=4, related=5)
    assert count_queries(client, small.url) == count_queries(client, large.url)


# Measured: 14 for the article (site, locale, 4 for Wagtail's routing and view restrictions (home, then the
# section and the article each loaded as its own type in one query, the article with its language), chrome 2 (the
# home page and the section come from routing), settings with the logo, byline 1 (2 when an author has to be found
# in the edition's language), tags, lead image and renditions) and 3 for its comments (policy, top comments, their
# replies; the last is skipped while there are none). Once an article has published comments, two more: the
# moderators' featured picks, and which authors belong to the newsroom (their badge). A new query must be a
# deliberate choice.
ARTICLE_QUERY_BUDGET = 17


def test_article_page_stays_within_its_query_budget(client):
    page = story(tags=3, authors=2, related=2)
    assert count_queries(client, page.url) <= ARTICLE_QUERY_BUDGET


def test_listing_query_count_does_not_grow_with_the_number_of_teasers(client):
    section = factories.section()
    writer = factories.author()
    picture = factories.image()
    factories.article(parent=section, authors=[writer], image=picture)
    few = count_queries(client, section.url)
    for n in range(12):
        factories.article(parent=section, authors=[writer, factories.author(name=f"W{n}")], image=picture)
    assert count_queries(client, section.url) == few
