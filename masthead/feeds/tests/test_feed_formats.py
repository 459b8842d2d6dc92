"""RSS, Atom and JSON Feed read back by a real consumer, plus the rules feedparser forgives."""

import json
from datetime import timedelta
from email.utils import parsedate_to_datetime

import feedparser
import jsonschema
import pytest
from django.utils import timezone
from lxml import etree
from wagtail.rich_text import RichText

from masthead.newsroom.tests import factories

from .helpers import RFC822, RFC3339, feed_settings, shared_testdata, story

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def newsroom():
    """Three stories by two authors in one section, one with a lead image and an awkward headline."""
    section = factories.section(title="Policy", slug="policy")
    anna = factories.author(name="Anna Petrova")
    ivan = factories.author(name="Ivan Sokolov")
    budget = factories.tag("Budget")
    now = timezone.now().replace(microsecond=0)
    stories = [
        story(
            parent=section,
            title="Rates & taxes <rise>",
            authors=[anna, ivan],
            tags=[budget],
            image=factories.image(),
            published_at=now - timedelta(hours=1),
        ),
        story(parent=section, title="Tram line reopens", authors=[ivan], published_at=now - timedelta(hours=5)),
        story(parent=section, title="Library extends hours", authors=[], published_at=now - timedelta(days=3)),
    ]
    return {"section": section, "stories": stories, "authors": {anna.pk: anna, ivan.pk: ivan}}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("feed_format", ["rss", "atom", "json"])
def test_feedparser_reads_back_title_link_date_and_author_of_every_entry(client, newsroom, feed_format):
    response = fetch(client, f"/feeds/latest.{feed_format}")
    if feed_format == "json":
        # feedparser has no JSON reader; the JSON feed is read back with the standard library instead.
        items = json.loads(response.content)["items"]
        entries = [
            {
                "title": item["title"],
                "link": item["url"],
                "published": item["date_published"],
                "authors": [a["name"] for a in item.get("authors", [])],
            }
            for item in items
        ]
    else:
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        entries = [
            {
                "title": entry.title,
                "link": entry.link,
                "published": entry.published_parsed,
                "authors": [a.get("name") for a in entry.get("authors", [])],
            }
            for entry in parsed.entries
        ]
    expected = newsroom["stories"]
    assert [e["title"] for e in entries] == [s.title for s in expected]
    assert [e["link"] for e in entries] == [s.full_url for s in expected]
    for entry, article in zip(entries, expected, strict=True):
        if feed_format == "json":
            assert entry["published"] == article.first_published_at.isoformat()
        else:
            assert entry["published"] == article.first_published_at.utctimetuple()
        assert entry["authors"] == [row.author.title for row in article.article_authors.all()]


def test_rss_uses_rfc822_dates_a_guid_per_item_absolute_links_and_a_self_link(client, newsroom):
    channel = etree.fromstring(fetch(client, "/feeds/latest.rss").content).find("channel")
    self_links = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == ["http://testserver/feeds/latest.rss"]
    assert RFC822.fullmatch(channel.findtext("lastBuildDate"))
    items = channel.findall("item")
    assert len(items) == 3
    guids = [item.findtext("guid") for item in items]
    assert all(guids) and len(set(guids)) == 3
    for item, article in zip(items, newsroom["stories"], strict=True):
        assert RFC822.fullmatch(item.findtext("pubDate"))
        assert parsedate_to_datetime(item.findtext("pubDate")) == article.first_published_at
        assert item.findtext("link").startswith("http://testserver/")


def test_atom_uses_rfc3339_dates_unique_ids_absolute_links_and_a_self_link(client, newsroom):
    feed = etree.fromstring(fetch(client, "/feeds/latest.atom").content)
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver/feeds/latest.atom"
    assert RFC3339.fullmatch(feed.findtext(f"{ATOM}updated"))
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert all(ids) and len(set(ids)) == len(entries) == 3
    for entry in entries:
        assert RFC3339.fullmatch(entry.findtext(f"{ATOM}published"))
        assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http://testserver/")


def test_json_feed_is_valid_against_the_json_feed_1_1_schema_with_dates_checked(client, newsroom):
    schema = json.loads(shared_testdata("jsonfeed", "schema-v1.1.json").read_text())
    document = json.loads(fetch(client, "/feeds/latest.json").content)
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    assert "date-time" in checker.checkers, "rfc3339-validator must be installed so dates are checked"
    jsonschema.validate(document, schema, format_checker=checker)
    assert document["feed_url"] == "http://testserver/feeds/latest.json"
    assert len({item["id"] for item in document["items"]}) == 3


def test_a_malformed_date_would_fail_the_json_feed_schema(client, newsroom):
    """The schema check has teeth: the same document with one date mangled is refused."""
    schema = json.loads(shared_testdata("jsonfeed", "schema-v1.1.json").read_text())
    document = json.loads(fetch(client, "/feeds/latest.json").content)
    document["items"][0]["date_published"] = "25 Nov 2026"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_lead_image_is_the_enclosure_and_the_attachment(client, newsroom):
    rss = etree.fromstring(fetch(client, "/feeds/latest.rss").content)
    enclosure = rss.find("channel/item/enclosure")
    assert enclosure.get("url").startswith("http://testserver/media/images/")
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0
    atom = etree.fromstring(fetch(client, "/feeds/latest.atom").content)
    assert atom.find(f"{ATOM}entry/{ATOM}link[@rel='enclosure']").get("href") == enclosure.get("url")
    item = json.loads(fetch(client, "/feeds/latest.json").content)["items"][0]
    assert item["image"] == enclosure.get("url")
    assert item["attachments"] == [
        {"url": enclosure.get("url"), "mime_type": "image/jpeg", "size_in_bytes": int(enclosure.get("length"))}
    ]
    # Stories without a lead image have no enclosure at all.
    assert len(rss.findall("channel/item/enclosure")) == 1


def test_headline_with_markup_characters_reads_back_as_written(client, newsroom):
    for feed_format in ("rss", "atom"):
        parsed = feedparser.parse(fetch(client, f"/feeds/latest.{feed_format}").content)
        assert parsed.entries[0].title == "Rates & taxes <rise>"


def test_summary_feeds_carry_the_lead_only(client, newsroom):
    parsed = feedparser.parse(fetch(client, "/feeds/latest.atom").content)
    assert parsed.entries[0].summary == newsroom["stories"][0].lead
    assert "content" not in parsed.entries[0]
    item = json.loads(fetch(client, "/feeds/latest.json").content)["items"][0]
    assert item["content_text"] == newsroom["stories"][0].lead
    assert "content_html" not in item


def test_full_text_feeds_carry_the_rendered_body_with_absolute_addresses(client, newsroom):
    feed_settings(content="full")
    picture = factories.image()
    linked = newsroom["stories"][1]
    body = [
        ("paragraph", RichText(f'<p>See <a linktype="page" id="{linked.pk}">the tram story</a>.</p>')),
        ("image", {"image": picture, "caption": "The mayor's square", "credit": "AP & Reuters"}),
        ("quote", {"text": "We will build it.", "attribution": "The mayor", "source_url": ""}),
    ]
    story(parent=newsroom["section"], title="Full story", body=body)
    atom = etree.fromstring(fetch(client, "/feeds/latest.atom").content)
    html = atom.find(f"{ATOM}entry/{ATOM}content").text
    assert f'href="{linked.full_url}"' in html
    assert 'src="http://testserver/media/images/' in html
    assert "We will build it." in html and "The mayor" in html
    # Escaped once, as HTML: a reader sees the quote as a paragraph and the caption as written, not markup.
    assert "<blockquote><p>We will build it.</p>" in html and "&lt;p&gt;" not in html
    assert "<figcaption>The mayor&#x27;s square Photo: AP &amp; Reuters</figcaption>" in html
    assert 'href="/' not in html and 'src="/' not in html
    rss = etree.fromstring(fetch(client, "/feeds/latest.rss").content)
    assert rss.find("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded").text == html
    # A real reader sees the same story: feedparser finds the link in the full text it sanitises.
    assert linked.full_url in feedparser.parse(fetch(client, "/feeds/latest.rss").content).entries[0].content[0].value
    item = json.loads(fetch(client, "/feeds/latest.json").content)["items"][0]
    assert item["content_html"] == html and item["summary"] == newsroom["stories"][0].lead


def test_websub_hub_is_linked_from_every_format_when_configured(client, newsroom):
    assert b'rel="hub"' not in fetch(client, "/feeds/latest.rss").content
    feed_settings(websub_hub="https://hub.example.org/")
    rss = etree.fromstring(fetch(client, "/feeds/latest.rss").content)
    assert [link.get("href") for link in rss.findall(f"channel/{ATOM}link[@rel='hub']")] == ["https://hub.example.org/"]
    atom = etree.fromstring(fetch(client, "/feeds/latest.atom").content)
    assert atom.find(f"{ATOM}link[@rel='hub']").get("href") == "https://hub.example.org/"
    document = json.loads(fetch(client, "/feeds/latest.json").content)
    assert document["hubs"] == [{"type": "WebSub", "url": "https://hub.example.org/"}]


def test_hub_from_the_environment_applies_when_the_site_sets_none(client, newsroom, settings):
    settings.MASTHEAD_WEBSUB_HUB = "https://env-hub.example.org/"
    document = json.loads(fetch(client, "/feeds/latest.json").content)
    assert document["hubs"] == [{"type": "WebSub", "url": "https://env-hub.example.org/"}]


def test_characters_xml_cannot_hold_are_dropped_rather_than_breaking_the_feed(client):
    # A vertical tab pasted from a word processor is legal in a Django field and illegal in XML 1.0.
    story(title="Budget\x0b passes", lead="The council\x0c agreed.", published_at=timezone.now())
    for feed_format in ("rss", "atom"):
        parsed = feedparser.parse(fetch(client, f"/feeds/latest.{feed_format}").content)
        assert not parsed.bozo and parsed.entries[0].title == "Budget passes"
    sitemap = etree.fromstring(fetch(client, "/sitemaps/news.xml").content)
    assert sitemap.findtext(".//{http://www.google.com/schemas/sitemap-news/0.9}title") == "Budget passes"
