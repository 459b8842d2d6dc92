"""The article page shows every item of the reference page from real data."""

import json
from urllib.parse import quote, quote_plus

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    politics = factories.section(title="Policy", slug="policy")
    earlier = factories.article(
        parent=politics,
        title="Deputies propose a new tax",
        lead="Deputies of the regional assembly, who once promised to cut taxes, now apparently want to "
        "raise their own salaries before the elections.",
        published_at=factories.utc(2022, 3, 1, 9, 0),
    )
    anna = factories.author(name="Anna Petrova", job_title="City editor")
    picture = factories.image(title="Council chamber")
    factories.site_texts(
        channels=[
            {"kind": "telegram", "name": "Telegram", "url": "https://t.me/example"},
            {"kind": "vk", "name": "VK", "url": "https://vk.com/example"},
        ],
        comment_rules="<p>Links to third-party resources are prohibited.</p>",
    )
    body = [
        ("paragraph", RichText("<p>The vote took three hours.</p>")),
        ("related_story", {"article": earlier, "label": ""}),
        ("heading", {"text": "What happens next", "level": "h2"}),
        (
            "quote",
            {
                "text": "We will not raise taxes.",
                "attribution": "Mayor, official statement",
                "source_url": "https://example.org/statement",
            },
        ),
        ("image", {"image": picture, "caption": "The council chamber", "credit": "Dmitry Lebedev"}),
    ]
    page = factories.article(
        parent=politics,
        title="Council approves the winter budget",
        lead="The city council approved the winter budget after a three-hour debate.",
        body=body,
        authors=[anna],
        tags=[factories.tag("Budget"), factories.tag("Riverside", kind="place")],
        dateline="Moscow",
        image=picture,
        published_at=factories.utc(2022, 3, 5, 23, 45),
    )
    return {"page": page, "section": politics, "author": anna, "earlier": earlier}


def fetch(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_headline_is_the_only_h1(client, story):
    soup = fetch(client, story["page"])
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == ["Council approves the winter budget"]


def test_byline_links_to_the_author_page(client, story):
    soup = fetch(client, story["page"])
    link = soup.select_one(".byline a[rel=author]")
    assert link.get_text(strip=True) == "Anna Petrova"
    author_page = client.get(link["href"])
    assert author_page.status_code == 200
    assert "Council approves the winter budget" in author_page.content.decode()


def test_time_is_shown_in_the_site_zone_with_its_label_and_dateline(client, story):
    soup = fetch(client, story["page"])
    meta = " ".join(soup.select_one(".article__meta").get_text(" ", strip=True).split())
    # 23:45 UTC on the 5th is 02:45 on the 6th in Moscow.
    assert meta.startswith("06.03.2022 02:45 (Moscow time), Moscow")
    assert soup.select_one("time.article__time")["datetime"] == "2022-03-06T02:45+03:00"


def test_views_show_the_counted_number(client, story):
    page = story["page"]
    type(page).objects.filter(pk=page.pk).update(view_count=5753)
    soup = fetch(client, page)
    # Grouped by the page's language (the audience issue): "5,753" in English, "5 753" in Russian.
    assert soup.select_one(".article__views").get_text(" ", strip=True) == "Views: 5,753"


def test_rubric_strip_puts_the_section_first_then_working_tag_links(client, story):
    soup = fetch(client, story["page"])
    links = soup.select(".rubric-strip a")
    assert [a.get_text(strip=True) for a in links] == ["Policy", "Riverside", "Budget"]
    for link in links:
        assert client.get(link["href"]).status_code == 200


def test_tag_listing_shows_the_article(client, story):
    soup = fetch(client, story["page"])
    tag_link = soup.select(".rubric-strip a.tag")[-1]["href"]
    listing = client.get(tag_link).content.decode()
    assert "Council approves the winter budget" in listing


def test_lead_is_shown_once_below_the_header(client, story):
    soup = fetch(client, story["page"])
    assert soup.select_one(".article__lead").get_text(strip=True) == story["page"].lead


def test_related_story_teaser_links_the_other_article_and_cuts_its_lead_at_a_word(client, story):
    soup = fetch(client, story["page"])
    teaser = soup.select_one(".related-story")
    assert teaser.select_one("a")["href"] == story["earlier"].url
    lead = teaser.select_one(".related-story__lead").get_text()
    assert lead.endswith("…")
    cut = lead[:-1]
    assert story["earlier"].lead.startswith(cut)
    assert story["earlier"].lead[len(cut)] in " ,."  # the cut falls between words


def test_body_blocks_render_with_attribution_caption_and_credit(client, story):
    soup = fetch(client, story["page"])
    body = soup.select_one(".article__body")
    assert body.select_one("h2.block-heading").get_text(strip=True) == "What happens next"
    quote = body.select_one(".block-quote")
    assert quote.select_one("blockquote")["cite"] == "https://example.org/statement"
    assert "Mayor, official statement" in quote.select_one("figcaption").get_text()
    figure = body.select_one(".block-image")
    assert "The council chamber" in figure.get_text()
    assert "Dmitry Lebedev" in figure.get_text()
    img = figure.select_one("img")
    assert img["width"] and img["height"] and img["srcset"]


def test_subscribe_line_typo_hint_and_comment_rules_come_from_settings(client, story):
    soup = fetch(client, story["page"])
    channels = soup.select(".subscribe-line a")
    assert [(a.get_text(), a["href"]) for a in channels] == [
        ("Telegram", "https://t.me/example"),
        ("VK", "https://vk.com/example"),
    ]
    assert "Subscribe to Test City News news at" in soup.select_one(".subscribe-line").get_text()
    assert "select a piece of text and press Ctrl + Enter" in soup.select_one(".typo-hint").get_text()
    assert "Links to third-party resources are prohibited." in soup.select_one(".comment-rules").get_text()


def test_edited_typo_hint_replaces_the_default(client, story):
    factories.site_texts(typo_hint="Found a mistake? Select it and press Ctrl + Enter.")
    soup = fetch(client, story["page"])
    assert soup.select_one(".typo-hint").get_text(strip=True) == "Found a mistake? Select it and press Ctrl + Enter."


def test_tags_are_repeated_at_the_foot(client, story):
    soup = fetch(client, story["page"])
    assert [a.get_text() for a in soup.select(".article__footer .tag-list a")] == [
        "Riverside",
        "Budget",
    ]


def test_json_ld_describes_a_news_article(client, story):
    soup = fetch(client, story["page"])
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Council approves the winter budget"
    assert data["datePublished"] == "2022-03-06T02:45:00+03:00"
    assert data["dateModified"].endswith("+03:00")
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Anna Petrova",
            "url": "http://testserver" + story["author"].url,
        }
    ]
    assert data["publisher"]["name"] == "Test City News"
    assert data["image"][0].startswith("http://testserver/")
    assert data["articleSection"] == "Policy"
    assert data["keywords"] == ["Riverside", "Budget"]


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client, story):
    page = story["page"]
    page.title = "</script><script>alert(1)</script>"
    factories.publish(page)
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert json.loads(soup.select_one('script[type="application/ld+json"]').string)["headline"] == page.title


def test_social_card_canonical_and_description(client, story):
    soup = fetch(client, story["page"])
    assert soup.select_one('link[rel="canonical"]')["href"] == "http://testserver" + story["page"].url
    assert soup.select_one('meta[property="og:title"]')["content"] == "Council approves the winter budget"
    assert soup.select_one('meta[property="og:type"]')["content"] == "article"
    assert soup.select_one('meta[property="og:locale"]')["content"] == "en_US"  # language_TERRITORY, not "en"
    assert soup.select_one('meta[property="og:image"]')["content"].startswith("http://testserver/")
    assert soup.select_one('meta[name="description"]')["content"] == story["page"].lead


def test_article_without_image_tags_or_author_still_renders(client):
    page = factories.article(title="A bare wire story", lead="Just one sentence.", body=[])
    soup = fetch(client, page)
    assert soup.h1.get_text() == "A bare wire story"
    assert soup.select_one(".byline") is None
    assert soup.select_one(".article__footer") is None
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["author"] == [] and "image" not in data


def test_an_unpublished_article_and_paths_below_an_article_are_not_found(client, story):
    article = story["page"]
    assert client.get(article.url + "more/").status_code == 404
    url = article.url
    article.unpublish()
    assert client.get(url).status_code == 404


def test_unknown_slug_gives_the_styled_404(client, story):
    response = client.get(story["section"].url + "no-such-story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "masthead/css/site.css" in html


def test_reading_time_counts_the_lead_and_every_text_block_at_the_languages_reading_speed(client):
    factories.home()
    words = " ".join(["word"] * 350)
    body = [
        ("paragraph", RichText(f"<p>{words} <b>{words}</b></p>")),  # 700 words, markup not counted
        ("heading", {"text": "Three more words", "level": "h2"}),
        ("quote", {"text": " ".join(["said"] * 20), "attribution": "Mayor", "source_url": ""}),
    ]
    lead = "Ten words in the lead of this story about budgets."  # 10 words
    english = factories.article(lead=lead, body=body)
    soup = fetch(client, english)
    assert soup.select_one(".article__reading-time").get_text(strip=True) == "3 min read"  # 733 words at 238 a minute
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert (data["wordCount"], data["timeRequired"]) == (733, "PT3M")

    factories.home(language="ru")
    factories.translate(english.get_parent().specific, "ru")
    russian = factories.translate(english, "ru")
    reading = fetch(client, russian).select_one(".article__reading-time").get_text(strip=True)
    assert reading == "4 мин чтения"  # the same 733 words at 180 a minute

    short = factories.article(lead="Brief.", body=[])
    assert fetch(client, short).select_one(".article__reading-time").get_text(strip=True) == "1 min read"


def test_share_links_carry_the_articles_address_and_headline_and_follow_the_settings(client):
    from masthead.newsroom.models import NewsroomSettings

    factories.home()
    story = factories.article(title='Bridge & tunnel: "closed" till May')
    address = f"http://testserver{story.url}"
    links = {a["class"][1]: a["href"] for a in fetch(client, story).select(".share-line a")}
    assert list(links) == [
        f"share-line__link--{kind}" for kind in ("telegram", "vk", "x", "facebook", "whatsapp", "email")
    ]
    encoded_url, encoded_title = quote_plus(address), quote_plus(story.title)
    assert links["share-line__link--telegram"] == f"https://t.me/share/url?url={encoded_url}&text={encoded_title}"
    assert links["share-line__link--email"] == f"mailto:?subject={quote(story.title)}&body={quote(address, safe='')}"
    copy = fetch(client, story).select_one("[data-copy-address]")
    assert copy["data-copy-address"] == address and copy.find_parent(attrs={"data-copy-link": True}).has_attr("hidden")

    site_settings = NewsroomSettings.objects.get()
    site_settings.share_links = [("share", {"kind": "linkedin"})]
    site_settings.save()
    assert [a.get_text() for a in fetch(client, story).select(".share-line a")] == ["LinkedIn"]
    site_settings.share_links = []
    site_settings.save()
    assert fetch(client, story).select_one(".share-line") is None  # a site that wants none shows none


def social_card_image(client, article):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    card = soup.select_one('meta[property="og:image"]')
    structured = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    return (card["content"] if card else None), structured.get("image")


def test_without_a_lead_image_the_social_card_shows_the_bodys_first_picture(client):
    in_body = factories.image(title="In the body")
    body = [("paragraph", RichText("<p>Text.</p>")), ("image", {"image": in_body, "caption": "", "credit": ""})]
    story = factories.article(title="Told in pictures", body=body)
    card, structured = social_card_image(client, story)
    rendition = in_body.get_rendition("fill-1200x675")
    assert card == f"http://testserver{rendition.url}"
    assert structured == [card]


def test_the_lead_image_comes_first_and_a_story_without_pictures_has_no_card_image(client):
    lead, in_body = factories.image(title="Lead"), factories.image(title="In the body")
    body = [("image", {"image": in_body, "caption": "", "credit": ""})]
    led = factories.article(title="With a lead picture", body=body, image=lead)
    assert social_card_image(client, led)[0] == f"http://testserver{lead.get_rendition('fill-1200x675').url}"
    plain = factories.article(title="Words only")
    assert social_card_image(client, plain) == (None, None)


def test_the_canonical_address_is_the_sites_own_whatever_host_the_request_named(client, story, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    soup = BeautifulSoup(client.get(story["page"].url, HTTP_HOST="mirror.example").content, "html.parser")
    assert soup.select_one('link[rel="canonical"]')["href"] == "http://testserver" + story["page"].url
    assert soup.select_one('meta[property="og:image"]')["content"].startswith("http://testserver/")
    archive = BeautifulSoup(client.get("/archive/", HTTP_HOST="mirror.example", follow=True).content, "html.parser")
    assert archive.select_one('link[rel="canonical"]')["href"].startswith("http://testserver/archive/")


def test_open_graph_names_a_locale_with_its_territory():
    from masthead.newsroom.templatetags.newsroom_tags import open_graph_locale

    assert [open_graph_locale(code) for code in ["ru", "en", "en-gb", "pt-BR"]] == ["ru_RU", "en_US", "en_GB", "pt_BR"]


def test_the_header_meets_the_keyboard_in_the_order_it_is_shown(client, story):
    """The sections menu is shown on a row of its own under the name, search, languages and account links: it comes
    after them in the page too, so that Tab does not jump down to it and back up."""
    soup = fetch(client, story["page"])
    header = soup.select_one("header.masthead .masthead__inner")
    order = [child.get("class", [""])[0] for child in header.find_all(recursive=False)]
    assert order[0] == "masthead__name" and order[-1] == "sections-nav"


def test_each_story_may_describe_its_pictures_in_its_own_language(client):
    """A picture's description is written once, in one language; a Russian story says what it shows in Russian."""
    picture = factories.image(title="Depot")
    picture.description = "The tram depot at dawn"
    picture.save()
    body = [
        ("image", {"image": picture, "alt": "Трамвайное депо на рассвете", "caption": "", "credit": ""}),
        ("image", {"image": picture, "alt": "", "caption": "", "credit": ""}),
    ]
    story = factories.article(title="Депо", body=body, image=picture)
    story.image_alt = "Трамвайное депо"
    story.save_revision().publish()
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    assert soup.select_one(".article__image img")["alt"] == "Трамвайное депо"
    alts = [img["alt"] for img in soup.select(".article__body img")]
    assert alts == ["Трамвайное депо на рассвете", "The tram depot at dawn"]  # empty: the library's description
