"""Sponsored stories say who paid, wherever they appear; supported journalism says who funds it, and no more."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from wagtail.rich_text import RichText

from masthead.feeds.content import render_full_text
from masthead.newsroom.models import Sponsor
from masthead.typos.tests import helpers as people

from . import factories

pytestmark = pytest.mark.django_db

BODY = [
    (
        "paragraph",
        RichText(
            '<p>Visit <a href="https://shop.example/offer">the shop</a>, '
            '<a href="https://partner.example/" rel="nofollow">a partner</a> '
            'or <a href="/news/other/">our own story</a>.</p>'
        ),
    )
]


@pytest.fixture
def sponsor():
    return Sponsor.objects.create(
        name="Riverside Energy",
        url="https://energy.example/",
        logo=factories.image(title="Logo"),
        disclosure="Advertiser: Riverside Energy LLC.\nerid: 2VtzqxMdYpQ",
    )


def page_of(client, story):
    return BeautifulSoup(client.get(story.url).content, "html.parser")


def links(soup):
    return {a.get_text(strip=True): a.get("rel") for a in soup.select(".article__body a")}


def test_a_sponsored_story_says_so_over_the_headline_names_who_paid_and_discloses(client, sponsor):
    story = factories.article(title="Heat pumps explained", sponsor=sponsor, sponsorship="sponsored", body=BODY)
    soup = page_of(client, story)
    assert soup.select_one(".sponsored-label").get_text(strip=True) == "Sponsored"
    line = soup.select_one(".sponsor-line")
    assert " ".join(line.get_text(" ", strip=True).split()) == "Paid for by Riverside Energy"
    assert line.select_one("a")["href"] == "https://energy.example/"
    assert line.select_one("a")["rel"] == ["sponsored", "noopener"]
    assert line.select_one("img")["alt"] == ""
    disclosure = soup.select_one(".sponsor-disclosure")
    assert disclosure.select_one("h2").get_text(strip=True) == "Advertising"
    assert "This material was paid for by Riverside Energy." in disclosure.get_text()
    assert "erid: 2VtzqxMdYpQ" in disclosure.get_text()


def test_a_story_states_the_disclosure_in_its_own_language_in_place_of_the_sponsors(client, sponsor):
    story = factories.article(title="Тепловые насосы", sponsor=sponsor, sponsorship="sponsored")
    story.sponsor_disclosure = "Рекламодатель: ООО «Риверсайд Энерджи».\nerid: 2VtzqxMdYpR <b>"
    story.save_revision().publish()
    legal = page_of(client, story).select_one(".sponsor-disclosure__legal")
    assert legal.get_text("\n") == "Рекламодатель: ООО «Риверсайд Энерджи».\nerid: 2VtzqxMdYpR <b>"  # as text
    assert "Advertiser: Riverside Energy LLC." not in legal.get_text()


def test_off_site_links_in_a_sponsored_body_are_marked_paid_and_no_others(client, sponsor):
    sponsored = factories.article(sponsor=sponsor, sponsorship="sponsored", body=BODY)
    assert links(page_of(client, sponsored)) == {
        "the shop": ["sponsored", "noopener"],
        "a partner": ["nofollow"],  # an editor's own choice is left alone
        "our own story": None,
    }
    ordinary = factories.article(body=BODY)
    assert links(page_of(client, ordinary))["the shop"] is None


def test_supported_journalism_names_its_supporter_and_is_not_advertising(client, sponsor):
    story = factories.article(sponsor=sponsor, sponsorship="supported", body=BODY)
    soup = page_of(client, story)
    assert soup.select_one(".sponsored-label") is None
    line = " ".join(soup.select_one(".sponsor-line").get_text(" ", strip=True).split())
    assert line == "Supported by Riverside Energy"
    assert "The newsroom alone decided what it says." in soup.select_one(".sponsor-disclosure").get_text()
    assert soup.select_one(".sponsor-disclosure__legal") is None  # the advertiser's details belong to ads only
    assert links(soup)["the shop"] is None


def test_the_newsrooms_own_story_has_no_sponsor_parts(client):
    soup = page_of(client, factories.article())
    assert soup.select_one(".sponsor-line, .sponsor-disclosure, .sponsored-label") is None
    assert "sponsor" not in json.loads(soup.select_one('script[type="application/ld+json"]').string)


def test_structured_data_names_the_sponsor(client, sponsor):
    story = factories.article(sponsor=sponsor, sponsorship="sponsored")
    data = json.loads(page_of(client, story).select_one('script[type="application/ld+json"]').string)
    assert data["sponsor"] == {"@type": "Organization", "name": "Riverside Energy", "url": "https://energy.example/"}


def test_listings_mark_sponsored_stories_only(client, sponsor):
    section = factories.section(title="Energy")
    factories.article(parent=section, title="Paid", sponsor=sponsor, sponsorship="sponsored")
    factories.article(parent=section, title="Funded", sponsor=sponsor, sponsorship="supported")
    factories.article(parent=section, title="Ours")
    soup = page_of(client, section)
    marked = {
        teaser.select_one(".teaser__headline a").get_text(strip=True): teaser.select_one(".teaser__sponsored")
        for teaser in soup.select(".teaser")
    }
    assert marked["Paid"].get_text(strip=True) == "Sponsored"
    assert marked["Funded"] is None and marked["Ours"] is None


def test_sponsored_stories_stay_out_of_the_news_sitemap_but_not_supported_ones(client, sponsor):
    recent = timezone.now() - timedelta(hours=1)
    factories.article(title="Paid", sponsor=sponsor, sponsorship="sponsored", published_at=recent)
    factories.article(title="Funded", sponsor=sponsor, sponsorship="supported", published_at=recent)
    factories.article(title="Ours", published_at=recent)
    document = etree.fromstring(client.get("/sitemaps/news.xml").content)
    titles = {element.text for element in document.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")}
    assert titles == {"Funded", "Ours"}


def test_other_stories_do_not_recommend_sponsored_ones(client, sponsor):
    topic = factories.tag("Energy")
    factories.article(title="Paid", tags=[topic], sponsor=sponsor, published_at=factories.utc(2026, 3, 1, 9, 0))
    factories.article(title="Earlier news", tags=[topic], published_at=factories.utc(2026, 3, 2, 9, 0))
    story = factories.article(title="Today", tags=[topic], published_at=factories.utc(2026, 3, 3, 9, 0))
    block = page_of(client, story).select_one(".more-on-topic")
    assert [a.get_text(strip=True) for a in block.select("a")] == ["Earlier news"]


def test_feeds_say_who_paid_and_mark_the_paid_links(sponsor):
    story = factories.article(sponsor=sponsor, sponsorship="sponsored", body=BODY)
    html = render_full_text(article=story, body=story.body, root_url="https://news.example", sponsor=sponsor)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("p em").get_text() == "Advertising. Paid for by Riverside Energy."
    assert soup.find("a", string="the shop")["rel"] == ["sponsored", "noopener"]


def test_a_sponsor_with_stories_cannot_be_deleted(sponsor):
    factories.article(sponsor=sponsor)
    with pytest.raises(ProtectedError):
        sponsor.delete()


def test_renaming_a_sponsor_reaches_readers_of_stored_pages_at_once(client, settings, sponsor):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    story = factories.article(sponsor=sponsor)
    client.get(story.url)
    assert client.get(story.url).headers["X-Page-Cache"] == "hit"
    sponsor.name = "Riverside Power"
    sponsor.save()
    line = page_of(client, story).select_one(".sponsor-line").get_text()
    assert " ".join(line.split()) == "Paid for by Riverside Power"


def test_a_sponsored_story_costs_at_most_two_queries_more_than_the_newsrooms_own(client, sponsor):
    def queries(story):
        client.get(story.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(story.url)
        return len(captured)

    assert queries(factories.article(sponsor=sponsor)) - queries(factories.article()) <= 2


def test_editors_name_sponsors_and_only_moderators_remove_them(client):
    editors, moderators = Group.objects.get(name="Editors"), Group.objects.get(name="Moderators")
    editor_may = set(editors.permissions.filter(codename__endswith="_sponsor").values_list("codename", flat=True))
    assert editor_may == {"add_sponsor", "change_sponsor", "view_sponsor"}
    assert moderators.permissions.filter(codename="delete_sponsor").exists()
    client.force_login(people.editor())
    assert client.get("/admin/newsroom/sponsors/").status_code == 200


def test_the_russian_edition_marks_advertising_in_russian(client, sponsor):
    russian = factories.section(title="Город", parent=factories.home(language="ru"))
    soup = page_of(client, factories.article(parent=russian, sponsor=sponsor))
    assert soup.select_one(".sponsored-label").get_text(strip=True) == "Реклама"
