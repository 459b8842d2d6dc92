"""The bulk demo: articles inserted without Wagtail's page API must still be whole Wagtail pages."""

import io

import pytest
from django.utils.html import escape
from wagtail.models import Locale, Page

from masthead.newsroom.demo.builder import DemoBuilder
from masthead.newsroom.demo.bulk import add_bulk_articles, from_step, to_step
from masthead.newsroom.models import ArticleAuthor, ArticlePage, SectionPage, TaggedArticle

TOTAL = 500


@pytest.fixture
def bulk_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    DemoBuilder(stdout=io.StringIO(), articles=12).build()
    added = add_bulk_articles(total=TOTAL, stdout=io.StringIO())
    return {"added": added, "english": Locale.objects.get(language_code="en")}


def live_english(locale):
    return ArticlePage.objects.live().filter(locale=locale)


def problems():
    return [rows for rows in Page.find_problems() if rows]


def test_tree_steps_round_trip():
    assert to_step(0) == "0000"
    assert to_step(35) == "000Z"
    assert to_step(36) == "0010"
    assert from_step("0010") == 36
    assert all(from_step(to_step(n)) == n for n in (1, 999, 36**4 - 1))


@pytest.mark.django_db
def test_bulk_tops_up_english_articles_and_keeps_the_tree_whole(bulk_site):
    english = bulk_site["english"]
    assert live_english(english).count() == TOTAL
    assert bulk_site["added"] > 0
    assert problems() == []
    bulk = live_english(english).filter(slug="story-301").get()
    assert bulk.numchild == 0
    assert bulk.url_path == bulk.get_parent().url_path + "story-301/"
    assert ArticleAuthor.objects.filter(article=bulk).exists()
    assert TaggedArticle.objects.filter(content_object=bulk).exists()
    assert [block.block_type for block in bulk.body][:2] == ["paragraph", "quote"]
    # Two in five bulk stories have a Russian edition sharing the translation key.
    russian = ArticlePage.objects.filter(translation_key=bulk.translation_key).exclude(pk=bulk.pk)
    assert not russian.exists()
    translated = live_english(english).get(slug="story-303")
    edition = ArticlePage.objects.get(translation_key=translated.translation_key, locale__language_code="ru")
    assert edition.get_parent().specific.translation_key == translated.get_parent().specific.translation_key


@pytest.mark.django_db
def test_bulk_articles_are_served_listed_and_editable(bulk_site, client, django_user_model):
    english = bulk_site["english"]
    bulk = live_english(english).get(slug="story-320")
    response = client.get(bulk.url)
    assert response.status_code == 200
    assert escape(bulk.title) in response.content.decode()

    translated = live_english(english).get(slug="story-303")
    edition = translated.get_translation(Locale.objects.get(language_code="ru"))
    assert client.get(edition.url).status_code == 200

    section = SectionPage.objects.get(locale=english, slug="news")
    newest = list(live_english(english).child_of(section).order_by("-first_published_at", "-pk")[:21])
    listing = client.get(section.url).content.decode()
    for article in newest[:20]:
        assert f'href="{article.url}"' in listing
    assert f'href="{newest[20].url}"' not in listing
    assert any(article.slug == "story-301" for article in newest[:20])

    admin = django_user_model.objects.create_superuser("editor", "editor@example.com", "secret")
    client.force_login(admin)
    assert client.get(f"/admin/pages/{bulk.pk}/edit/").status_code == 200
    # An editor's first publish creates the page's first revision; the tree stays whole.
    bulk.title = "Edited in the admin"
    bulk.save_revision().publish()
    assert client.get(bulk.url).content.decode().count("Edited in the admin") >= 1
    assert problems() == []


@pytest.mark.django_db
def test_running_again_adds_nothing_and_a_larger_total_adds_the_difference(bulk_site):
    english = bulk_site["english"]
    pages = Page.objects.count()
    assert add_bulk_articles(total=TOTAL, stdout=io.StringIO()) == 0
    assert Page.objects.count() == pages
    assert add_bulk_articles(total=TOTAL + 30, stdout=io.StringIO()) == 30
    assert live_english(english).count() == TOTAL + 30
    assert problems() == []
    # The new stories carry on the archive: older than every earlier one, slugs continuing.
    newest_added = live_english(english).get(slug=f"story-{300 + bulk_site['added'] + 1}")
    oldest_before = live_english(english).get(slug=f"story-{300 + bulk_site['added']}")
    assert newest_added.first_published_at < oldest_before.first_published_at
