"""Fact checks: a claim, who made it, and the verdict, in the body, in feeds, and as ClaimReview for search engines."""

import json

import pytest
from bs4 import BeautifulSoup

from masthead.feeds.content import render_full_text
from masthead.newsroom.reading_time import word_count
from masthead.typos.places import PlaceRefused, locate, rendered_block_text

from . import factories

pytestmark = pytest.mark.django_db


def fact_check(claim, *, rating, claimant="", source_url="", summary=""):
    return (
        "fact_check",
        {"claim": claim, "claimant": claimant, "source_url": source_url, "rating": rating, "summary": summary},
    )


def checked_story(*checks, **fields):
    return factories.article(body=list(checks), **fields)


def page_of(client, story):
    return BeautifulSoup(client.get(story.url).content, "html.parser")


def structured(soup):
    return [json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')]


def test_a_fact_check_shows_the_claim_who_made_it_and_the_verdict_in_words(client):
    story = checked_story(
        fact_check(
            "The new tram line cost twice its budget.",
            rating="mostly_false",
            claimant="Councillor Ivanov",
            source_url="https://example.org/speech",
            summary="It cost 18% more, not 100%.",
        )
    )
    box = page_of(client, story).select_one("aside.fact-check")
    assert box["aria-label"] == "Fact check"
    assert "fact-check--mostly_false" in box["class"]
    assert box["id"] == f"fact-check-{story.body[0].id}"
    assert box.select_one("blockquote").get_text(strip=True) == "The new tram line cost twice its budget."
    assert box.select_one("blockquote")["cite"] == "https://example.org/speech"
    assert box.select_one(".fact-check__claimant a")["href"] == "https://example.org/speech"
    assert box.select_one(".fact-check__verdict").get_text(" ", strip=True) == "Verdict: Mostly false"
    assert box.select_one(".fact-check__summary").get_text(strip=True) == "It cost 18% more, not 100%."


def test_search_engines_get_one_claim_review_per_check_beside_the_news_article(client):
    story = checked_story(
        fact_check("Crime doubled this year.", rating="false", claimant="A campaign leaflet"),
        fact_check("The river is cleaner than in 2010.", rating="true", source_url="https://example.org/report"),
        fact_check("The mayor never met the builders.", rating="unproven"),
    )
    news_article, reviews = structured(page_of(client, story))
    assert news_article["@type"] == "NewsArticle"
    assert [review["@type"] for review in reviews] == ["ClaimReview"] * 3
    first, second, third = reviews
    assert first["claimReviewed"] == "Crime doubled this year."
    assert first["url"] == f"http://testserver{story.url}#fact-check-{story.body[0].id}"
    assert first["itemReviewed"]["author"]["name"] == "A campaign leaflet"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert first["author"]["name"] == news_article["publisher"]["name"]
    assert first["datePublished"] == news_article["datePublished"]
    assert second["reviewRating"]["ratingValue"] == 5
    assert second["itemReviewed"]["appearance"]["url"] == "https://example.org/report"
    # A claim that could not be checked says so, with no place on the true-false scale.
    assert third["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_a_story_without_fact_checks_has_only_its_news_article(client):
    assert len(structured(page_of(client, factories.article()))) == 1


def test_a_claim_cannot_close_the_structured_data_script(client):
    story = checked_story(fact_check("</script><script>alert(1)</script>", rating="false"))
    soup = page_of(client, story)
    assert soup.find("script", string=lambda text: text and "alert(1)" in text and "ClaimReview" not in text) is None
    assert structured(soup)[1][0]["claimReviewed"] == "</script><script>alert(1)</script>"


def test_feeds_carry_the_claim_and_the_verdict_and_reading_time_counts_them():
    story = checked_story(
        fact_check("Crime doubled this year.", rating="false", claimant="A leaflet", summary="It fell by 4%.")
    )
    html = render_full_text(article=story, body=story.body, root_url="http://testserver")
    assert "Fact check: Crime doubled this year." in html
    assert "Verdict: False" in html and "It fell by 4%." in html and "— A leaflet" in html
    assert word_count(story) == word_count(factories.article(body=[])) + 4 + 4  # the claim and the summary


def test_the_russian_edition_gives_the_verdict_in_russian(client):
    ru = factories.section(title="Город", parent=factories.home(language="ru"))
    story = checked_story(fact_check("Преступность удвоилась.", rating="false"), parent=ru)
    soup = page_of(client, story)
    assert soup.select_one(".fact-check__verdict").get_text(" ", strip=True) == "Вердикт: Неправда"
    assert structured(soup)[1][0]["reviewRating"]["alternateName"] == "Неправда"
    html = render_full_text(article=story, body=story.body, root_url="http://testserver")
    assert "Проверка фактов: Преступность удвоилась." in html and "Вердикт: Неправда" in html


def test_a_typo_in_a_fact_check_s_summary_is_found_where_the_editor_can_fix_it():
    story = checked_story(fact_check("Crime doubled.", rating="false", summary="It fell by four procent."))
    block = story.body[0]
    text = rendered_block_text(story, block)
    place = locate(story, scope="body", block_id=block.id, selection="procent", offset=text.index("procent"))
    assert (place.block_field, place.start, place.end) == ("summary", 16, 23)
    # The verdict's word is the site's own, not the story's: nothing there to fix in the story.
    with pytest.raises(PlaceRefused):
        locate(story, scope="body", block_id=block.id, selection="False", offset=text.index("False"))
