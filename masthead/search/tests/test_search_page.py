"""The search page: stemmed matches in the reader's language, ranked, highlighted, escaped and paginated."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from masthead.newsroom.tests import factories
from masthead.search.models import SearchDocument
from masthead.search.services import index_rebuild

pytestmark = pytest.mark.django_db


def paragraph(html):
    return [("paragraph", RichText(html))]


def russian_section():
    return factories.section(title="Город", parent=factories.home(language="ru"))


def search(client, query, *, prefix="", page=None):
    params = {"q": query} if page is None else {"q": query, "page": page}
    return client.get(f"{prefix}/search/", params)


def headlines(response):
    return [result.article.title for result in response.context["results"].object_list]


def test_a_plural_finds_the_singular_in_english(client):
    factories.article(title="The new bridge opens", lead="Traffic flows again.")
    assert headlines(search(client, "bridges")) == ["The new bridge opens"]


def test_a_plural_finds_the_singular_in_russian(client):
    factories.article(parent=russian_section(), title="Открыли новый мост", lead="Движение восстановлено.")
    assert headlines(search(client, "мосты", prefix="/ru")) == ["Открыли новый мост"]


def test_each_edition_searches_only_its_own_language(client):
    factories.article(title="Metro strike in Moscow", lead="Trains stop.")
    factories.article(parent=russian_section(), title="Забастовка в метро", lead="Поезда Metro стоят.")
    assert headlines(search(client, "metro")) == ["Metro strike in Moscow"]
    assert headlines(search(client, "metro", prefix="/ru")) == ["Забастовка в метро"]


def test_the_language_switch_asks_the_same_question_of_the_other_edition(client):
    from bs4 import BeautifulSoup

    factories.article(parent=russian_section(), title="Освещение улиц", lead="Фонари горят.")
    english = BeautifulSoup(search(client, "освещение", page=1).content, "html.parser")
    [switch] = english.select(".language-switcher a")
    assert (switch["href"], switch["hreflang"]) == (
        "/ru/search/?q=%D0%BE%D1%81%D0%B2%D0%B5%D1%89%D0%B5%D0%BD%D0%B8%D0%B5",
        "ru",
    )
    assert headlines(client.get(switch["href"])) == ["Освещение улиц"]


@pytest.mark.parametrize("path", ["/corrections/", "/fact-checks/", "/newsletter/subscribe/", "/newsletter/issues/"])
def test_lists_of_the_site_offer_the_other_edition(client, path):
    from bs4 import BeautifulSoup

    factories.home()
    response = client.get(path)
    assert response.status_code == 200, path
    links = [a["href"] for a in BeautifulSoup(response.content, "html.parser").select(".language-switcher a")]
    assert links == ["/ru" + path]


def test_lead_body_and_tags_are_searched(client):
    factories.article(title="One", lead="About the harbour.")
    factories.article(title="Two", body=paragraph("<p>The <b>harbour</b> froze.</p>"))
    factories.article(title="Three", tags=[factories.tag("Harbour")])
    assert sorted(headlines(search(client, "harbour"))) == ["One", "Three", "Two"]


def test_every_word_of_the_query_must_match(client):
    factories.article(title="Budget approved", lead="The council voted.")
    factories.article(title="Budget delayed", lead="The mayor waits.")
    assert headlines(search(client, "budget council")) == ["Budget approved"]


def test_a_headline_match_ranks_above_a_body_match(client):
    factories.article(title="Weather today", lead="Rain.", body=paragraph("<p>The ferry is late.</p>"))
    factories.article(title="Ferry service resumes", lead="Boats are back.")
    assert headlines(search(client, "ferry")) == ["Ferry service resumes", "Weather today"]


def test_matched_words_are_highlighted_in_headline_and_snippet(client):
    factories.article(title="Bridges of the city", lead="A new bridge was built.")
    html = search(client, "bridge").content.decode()
    assert "<mark>Bridges</mark> of the city" in html
    assert "A new <mark>bridge</mark> was built." in html


def test_markup_in_an_article_comes_out_escaped(client):
    factories.article(title="<img src=x onerror=alert(1)> bridge", lead="<script>alert('bridge')</script>")
    html = search(client, "bridge").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>bridge</mark>" in html
    assert "&lt;script&gt;alert(&#x27;<mark>bridge</mark>&#x27;)&lt;/script&gt;" in html


def test_markup_in_a_query_comes_out_escaped(client):
    factories.article(title="Bridge", lead="<b>bridge</b>")
    html = search(client, '"><script>alert(1)</script>').content.decode()
    assert "<script>alert(1)" not in html
    assert "No stories match “&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;”" in html


def test_results_come_twenty_a_page_and_keep_the_query_in_page_links(client):
    section = factories.section()
    for n in range(21):
        factories.article(parent=section, title=f"Tram line {n}", lead="Trams.")
    first = search(client, "tram")
    assert len(first.context["results"].object_list) == 20
    assert 'href="?q=tram&amp;page=2"' in first.content.decode()
    assert len(search(client, "tram", page=2).context["results"].object_list) == 1


@pytest.mark.parametrize("page", ["3", "x", "0"])
def test_a_bad_page_number_is_not_found(client, page):
    factories.article(title="Tram line", lead="Trams.")
    assert search(client, "tram", page=page).status_code == 404


def test_no_match_shows_the_empty_state(client):
    factories.home()
    response = search(client, "zeppelin")
    assert response.status_code == 200
    assert "No stories match “zeppelin”" in response.content.decode()


def test_an_empty_query_shows_a_hint(client):
    factories.home()
    response = search(client, "")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "Type one or more words" in response.content.decode()


def test_an_overlong_query_is_refused_with_a_message(client):
    factories.article(title="Tram line", lead="Trams.")
    response = search(client, "tram " * 50)
    assert response.context["results"] is None
    assert "That search is too long: please use at most 200 characters." in response.content.decode()


def test_the_russian_page_speaks_russian(client):
    russian_section()
    html = search(client, "дирижабль", prefix="/ru").content.decode()
    assert "Ни один материал не соответствует запросу «дирижабль»" in html


def test_an_unpublished_article_leaves_the_results(client):
    article = factories.article(title="Tram line", lead="Trams.")
    article.unpublish()
    assert headlines(search(client, "tram")) == []
    assert not SearchDocument.objects.filter(article_id=article.pk).exists()


def test_a_deleted_article_leaves_the_index():
    article = factories.article(title="Tram line", lead="Trams.")
    article.delete()
    assert not SearchDocument.objects.exists()


def test_an_edited_article_is_found_by_its_new_words(client):
    article = factories.article(title="Tram line", lead="Open again.")
    article.title = "Cable car line"
    factories.publish(article)
    assert headlines(search(client, "tram")) == []
    assert headlines(search(client, "cable")) == ["Cable car line"]


def test_a_draft_edit_does_not_change_the_results(client):
    article = factories.article(title="Tram line", lead="Trams.")
    article.title = "Cable car line"
    article.save_revision()
    assert headlines(search(client, "tram")) == ["Tram line"]


def test_rebuild_indexes_live_articles_only():
    live = factories.article(title="Tram line", lead="Trams.")
    gone = factories.article(title="Bus line", lead="Buses.")
    gone.unpublish()
    SearchDocument.objects.all().delete()
    assert index_rebuild(batch_size=1) == 1
    assert list(SearchDocument.objects.values_list("article_id", flat=True)) == [live.pk]


def test_results_page_query_count_does_not_grow_with_results(client):
    section = factories.section()
    factories.article(
        parent=section,
        title="Tram one",
        lead="Trams.",
        authors=[factories.author(name="Writer")],
        tags=[factories.tag("Transport")],
        image=factories.image(),
    )

    def queries():
        search(client, "tram")  # fills Wagtail's site cache
        with CaptureQueriesContext(connection) as captured:
            assert search(client, "tram").status_code == 200
        return len(captured)

    few = queries()
    for n in range(15):
        factories.article(
            parent=section,
            title=f"Tram {n}",
            lead="Trams.",
            authors=[factories.author(name=f"Writer {n}")],
            tags=[factories.tag(f"Topic {n}")],
            image=factories.image(),
        )
    assert queries() == few


def test_a_very_common_word_ranks_only_the_newest_matches_and_says_so(client, settings):
    settings.MASTHEAD_SEARCH_RANKING_WINDOW = 3
    section = factories.section()
    made = [factories.article(parent=section, title=f"Tram {n}", lead="Trams.") for n in range(5)]
    response = search(client, "tram")
    assert sorted(headlines(response)) == sorted(article.title for article in made[-3:])
    assert "More than 3 stories match “tram”" in response.content.decode()
    assert search(client, "tram", page=2).status_code == 404


@pytest.mark.parametrize("size", ["0", "-5"])
def test_a_rebuild_with_a_batch_size_below_one_is_refused_before_the_index_is_emptied(size):
    from django.core.management import CommandError, call_command

    factories.article(title="Tram line", lead="Trams.")
    with pytest.raises(CommandError, match="--batch-size must be 1 or more"):
        call_command("search", "rebuild", "--batch-size", size)
    assert SearchDocument.objects.count() == 1
