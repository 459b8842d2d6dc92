"""An article published again well after it first appeared says when ("Updated"); quick fixes do not count."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Site

from masthead.newsroom.models import ArticlePage, NewsroomSettings

from . import factories

pytestmark = pytest.mark.django_db


def published_again(article, *, minutes_later):
    ArticlePage.objects.filter(pk=article.pk).update(
        last_published_at=article.first_published_at + timedelta(minutes=minutes_later)
    )
    return ArticlePage.objects.get(pk=article.pk)


def meta_line(client, article):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    updated = soup.select_one(".article__updated time")
    modified = soup.select_one('meta[property="article:modified_time"]')
    return updated, modified


def test_an_article_published_again_an_hour_and_more_later_shows_when(client, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    story = published_again(factories.article(published_at=factories.utc(2026, 3, 5, 9, 0)), minutes_later=150)
    updated, modified = meta_line(client, story)
    assert updated.get_text() == "05.03.2026 14:30"  # 11:30 UTC in Moscow time
    assert updated["datetime"] == modified["content"] == "2026-03-05T14:30+03:00"


def test_a_fix_in_the_first_minutes_is_not_an_update(client):
    story = published_again(factories.article(published_at=factories.utc(2026, 3, 5, 9, 0)), minutes_later=20)
    assert meta_line(client, story) == (None, None)
    untouched = factories.article(published_at=timezone.now())
    assert meta_line(client, untouched) == (None, None)


def test_the_newsroom_sets_the_threshold_or_turns_it_off(client):
    story = published_again(factories.article(published_at=factories.utc(2026, 3, 5, 9, 0)), minutes_later=20)
    newsroom_settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom_settings.show_updated_after_minutes = 10
    newsroom_settings.save()
    assert meta_line(client, story)[0] is not None
    newsroom_settings.show_updated_after_minutes = None
    newsroom_settings.save()
    assert meta_line(client, story) == (None, None)


def test_updated_is_translated(client):
    factories.home(language="ru")
    section = factories.section(parent=factories.home(language="ru"), title="Политика", slug="politika")
    story = factories.article(parent=section, title="Сюжет", published_at=factories.utc(2026, 3, 5, 9, 0))
    story = published_again(story, minutes_later=180)
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    assert soup.select_one(".article__updated").get_text(" ", strip=True).startswith("· Обновлено")
