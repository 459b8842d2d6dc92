"""Tags as editors type them: one topic, and one topic page, whatever the case it is typed in."""

import pytest
from bs4 import BeautifulSoup

from masthead.newsroom.models import ArticlePage, NewsTag

from . import factories

pytestmark = pytest.mark.django_db


def test_a_tag_typed_in_another_case_is_the_existing_tag_and_its_page_lists_both_stories(client):
    home = factories.home()
    factories.article(title="Buses will run all night", tags=["Transport"])
    tram = factories.article(title="A new tram line opens")
    draft = ArticlePage.objects.get(pk=tram.pk)
    draft.tags.add("transport")
    draft.save_revision().publish()
    # Not a second tag "transport" at /tags/transport_1/, with the topic's stories split between two pages.
    tag = NewsTag.objects.get()
    assert (tag.name, tag.slug) == ("Transport", "transport")
    page = BeautifulSoup(client.get(home.url + home.reverse_subpage("tag", args=[tag.slug])).content, "html.parser")
    assert [h.get_text(strip=True) for h in page.select(".teaser__headline")] == [
        "A new tram line opens",
        "Buses will run all night",
    ]
