"""A story published in two languages: each edition links to the other, for readers and for machines."""

import pytest
from bs4 import BeautifulSoup

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editions():
    section_en = factories.section(title="Policy", slug="policy")
    factories.translate(factories.home(), "ru", title="Городские новости")
    section_ru = factories.translate(section_en, "ru", title="Политика")
    english = factories.article(parent=section_en, title="Council approves the budget", slug="budget")
    russian = factories.translate(english, "ru", title="Совет утвердил бюджет", lead="Совет утвердил бюджет.")
    assert russian.get_parent().pk == section_ru.pk
    return english, russian


def soup_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_each_edition_names_the_other_in_hreflang_links(client, editions):
    english, russian = editions
    en = soup_of(client, english)
    ru = soup_of(client, russian)
    en_links = {link["hreflang"]: link["href"] for link in en.select('link[rel="alternate"][hreflang]')}
    ru_links = {link["hreflang"]: link["href"] for link in ru.select('link[rel="alternate"][hreflang]')}
    assert (
        en_links
        == ru_links
        == {
            "en": "http://testserver/policy/budget/",
            "ru": "http://testserver/ru/policy/budget/",
        }
    )


def test_language_switcher_links_both_ways(client, editions):
    english, russian = editions
    en_switch = soup_of(client, english).select_one(".language-switcher a")
    ru_switch = soup_of(client, russian).select_one(".language-switcher a")
    assert (en_switch["href"], en_switch["lang"]) == (russian.url, "ru")
    assert (ru_switch["href"], ru_switch["lang"]) == (english.url, "en")
    assert en_switch.get_text(strip=True) == "Русский"


def test_russian_edition_is_served_in_russian(client, editions):
    _english, russian = editions
    soup = soup_of(client, russian)
    assert soup.html["lang"] == "ru"
    assert "Просмотры" in soup.select_one(".article__views").get_text()


def test_article_without_translation_has_no_hreflang_or_switcher(client):
    page = factories.article()
    soup = soup_of(client, page)
    assert soup.select('link[rel="alternate"][hreflang]') == []
    assert soup.select_one(".language-switcher") is None


def byline(client, page):
    return [(a.get_text(strip=True), a["href"]) for a in soup_of(client, page).select(".byline__author")]


def test_a_translated_article_names_its_authors_in_the_editions_language(client):
    section_en = factories.section(title="Policy", slug="policy")
    factories.translate(factories.home(), "ru", title="Городские новости")
    factories.translate(section_en, "ru", title="Политика")
    anna = factories.author(name="Anna Petrova")
    ivan = factories.author(name="Ivan Sidorov")
    factories.translate(anna.get_parent(), "ru", title="Авторы")
    anna_ru = factories.translate(anna, "ru", title="Анна Петрова")
    english = factories.article(
        parent=section_en, title="Council approves the budget", slug="budget", authors=[anna, ivan]
    )
    russian = factories.translate(english, "ru", title="Совет утвердил бюджет")
    assert byline(client, english) == [("Anna Petrova", anna.url), ("Ivan Sidorov", ivan.url)]
    # Anna has a Russian page and is named by it; Ivan has none yet, so his English page stands in, in byline order.
    assert byline(client, russian) == [("Анна Петрова", anna_ru.url), ("Ivan Sidorov", ivan.url)]


def test_a_story_copied_into_the_other_edition_links_to_that_editions_series_and_stories():
    from wagtail.models import Locale
    from wagtail.rich_text import RichText

    from masthead.newsroom.models import Series

    section_en = factories.section(title="Policy", slug="policy")
    factories.translate(factories.home(), "ru", title="Городские новости")
    factories.translate(section_en, "ru", title="Политика")
    series = Series.objects.create(title="The budget", slug="budget", locale=Locale.objects.get(language_code="en"))
    series.copy_for_translation(Locale.objects.get(language_code="ru")).save()
    earlier = factories.article(parent=section_en, title="The first draft of the budget", slug="draft")
    earlier_ru = factories.translate(earlier, "ru", title="Первый проект бюджета")
    untranslated = factories.article(parent=section_en, title="Only in English", slug="only-english")
    body = [
        ("paragraph", RichText("<p>The council voted.</p>")),
        ("related_story", {"article": earlier, "label": ""}),
        ("related_story", {"article": untranslated, "label": ""}),
    ]
    story = factories.article(parent=section_en, title="Council approves the budget", body=body, series=series)

    copy = story.copy_for_translation(Locale.objects.get(language_code="ru"))
    draft = copy.get_latest_revision_as_object()
    assert draft.series.locale.language_code == "ru" and draft.series.translation_key == series.translation_key
    related = [block.value["article"].pk for block in draft.body if block.block_type == "related_story"]
    assert related == [earlier_ru.pk, untranslated.pk]  # no Russian edition of the second: left for the editor
    draft.full_clean()  # publishable as it is: the series no longer refuses it
