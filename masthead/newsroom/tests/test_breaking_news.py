"""Breaking news: a story the editors choose per language is announced above every page until its time is over."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from masthead.newsroom.models import NewsroomSettings, SiteTexts

from . import factories

pytestmark = pytest.mark.django_db


def announce(story, *, language="en", until=None):
    newsroom_settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    texts, _created = SiteTexts.objects.update_or_create(
        site_settings=newsroom_settings, language=language, defaults={"breaking_story": story, "breaking_until": until}
    )
    return texts


def banner(client, url):
    found = BeautifulSoup(client.get(url).content, "html.parser").select_one(".breaking")
    if found is None:
        return None
    link = found.select_one("a")
    return link.get_text(" ", strip=True), link["href"], found["aria-label"]


@pytest.fixture
def story():
    return factories.article(title="The bridge has collapsed")


def test_every_page_announces_the_story_until_its_time_is_over(client, story):
    texts = announce(story, until=timezone.now() + timedelta(hours=2))
    other = factories.article(title="Weather")
    expected = ("Breaking The bridge has collapsed", story.url, "Breaking news")
    for url in (factories.home().url, other.url, story.get_parent().url, "/search/?q=bridge", "/accounts/login/"):
        assert banner(client, url) == expected, url
    texts.breaking_until = timezone.now() - timedelta(minutes=1)
    texts.save()
    assert banner(client, other.url) is None


def test_without_a_time_it_stays_until_removed(client, story):
    texts = announce(story)
    assert banner(client, "/") is not None
    texts.breaking_story = None
    texts.save()
    assert banner(client, "/") is None


def test_a_story_taken_down_or_renamed_changes_the_banner_at_once(client, settings, story):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    announce(story)
    other = factories.article(title="Weather")
    assert banner(client, other.url)[0] == "Breaking The bridge has collapsed"
    assert client.get(other.url).headers["X-Page-Cache"] == "hit"
    story.title = "The bridge has partly collapsed"
    factories.publish(story)
    assert banner(client, other.url)[0] == "Breaking The bridge has partly collapsed"
    story.unpublish()
    assert banner(client, other.url) is None


def test_each_edition_announces_its_own_story_in_its_language(client, story):
    announce(story)
    ru_home = factories.home(language="ru")
    ru_section = factories.section(parent=ru_home, title="Новости", slug="novosti")
    ru_story = factories.article(parent=ru_section, title="Мост обрушился")
    assert banner(client, ru_home.url) is None
    announce(ru_story, language="ru")
    assert banner(client, ru_home.url) == ("Срочно Мост обрушился", ru_story.url, "Срочные новости")
    assert banner(client, factories.home().url)[0] == "Breaking The bridge has collapsed"


def test_a_story_of_another_language_is_not_announced(client, story):
    factories.home(language="ru")
    announce(story, language="ru")
    assert banner(client, factories.home(language="ru").url) is None


def test_a_second_page_asks_no_query_for_the_banner(client, story):
    announce(story)
    other = factories.article(title="Weather")
    client.get(other.url)
    with CaptureQueriesContext(connection) as queries:
        assert banner(client, other.url) is not None
    assert not [q for q in queries if "newsroom_sitetexts" in q["sql"] and "breaking_story_id" in q["sql"]]


def test_a_story_of_the_other_edition_is_refused_where_it_would_never_show(story):
    from django.core.exceptions import ValidationError

    texts = SiteTexts(
        site_settings=NewsroomSettings.for_site(Site.objects.get(is_default_site=True)),
        language="ru",
        breaking_story=story,
    )
    with pytest.raises(ValidationError) as refused:
        texts.full_clean()
    assert refused.value.message_dict["breaking_story"] == ["Choose a story of this edition's language (Russian)."]
    texts.language = "en"
    texts.full_clean()  # its own edition's: taken
