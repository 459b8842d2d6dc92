"""A gallery block: a series of pictures with their captions and credits, wherever the article goes."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from masthead.feeds.content import render_full_text
from masthead.newsroom.models import ArticlePage
from masthead.search.text import body_text
from masthead.typos.places import PlaceRefused, locate, rendered_block_text, selection_in_article

from . import factories

pytestmark = pytest.mark.django_db


def gallery(pictures, caption="The flood, hour by hour"):
    items = [
        {"image": picture, "caption": f"Hour {number}", "credit": f"Photographer {number}"}
        for number, picture in enumerate(pictures, start=1)
    ]
    return ("gallery", {"images": items, "caption": caption})


def story_with(*galleries):
    body = [("paragraph", RichText("<p>The river rose overnight.</p>")), *galleries]
    return ArticlePage.objects.get(pk=factories.article(title="Flood", body=body).pk)


def pictures(count):
    return [factories.image(title=f"Flood {n}") for n in range(count)]


def test_the_article_shows_every_picture_with_its_caption_credit_and_the_series_caption(client):
    story = story_with(gallery(pictures(3)))
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    block = soup.select_one(".block-gallery")
    items = block.select(".block-gallery__item")
    assert len(items) == 3
    assert all(item.img.get("srcset") and item.img.get("loading") == "lazy" for item in items)
    assert [item.figcaption.get_text(" ", strip=True) for item in items][0] == "Hour 1 Photo: Photographer 1"
    assert block.select_one(".block-gallery__caption").get_text(strip=True) == "The flood, hour by hour"


def test_more_galleries_and_pictures_ask_no_more_queries(client):
    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    small = story_with(gallery(pictures(2)))
    large = story_with(gallery(pictures(4)), gallery(pictures(3), caption=""))
    assert queries(small.url) == queries(large.url)


def test_full_text_feeds_carry_the_pictures_and_captions():
    story = story_with(gallery(pictures(2)))
    html = render_full_text(article=story, body=story.body, root_url="https://news.example")
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("figure img")) == 2
    assert all(img["src"].startswith("https://news.example/") for img in soup.select("img"))
    assert "Photo: Photographer 2" in soup.get_text() and "The flood, hour by hour" in soup.get_text()


def test_search_reads_the_captions():
    story = story_with(gallery(pictures(2)))
    text = body_text(story.body.raw_data)
    assert "Hour 2" in text and "Photographer 1" in text and "The flood, hour by hour" in text


def test_a_typo_in_a_caption_is_taken_and_sent_to_the_editor_to_fix():
    story = story_with(gallery(pictures(2), caption="The flod, hour by hour"))
    block = story.body[1]
    assert selection_in_article(article=story, scope="body", block_id=block.id, selection="flod")
    seen = rendered_block_text(story, block)
    with pytest.raises(PlaceRefused) as refused:
        locate(story, scope="body", block_id=block.id, selection="flod", offset=seen.index("flod"))
    assert refused.value.code == "gallery"
