"""A reader's "Your news" in their feed reader: at an address only they know, which they can renew or stop."""

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from masthead.following import services
from masthead.following.models import PrivateFeed
from masthead.newsroom.tests import factories

from .test_following import signed_in

pytestmark = pytest.mark.django_db


def feed_address(client, feed_format="rss"):
    page = BeautifulSoup(client.get("/accounts/following/").content, "html.parser")
    field = page.select_one(f"#private-feed-{feed_format}")
    return field["value"] if field else None


def entries(address, **params):
    answer = Client().get(address.removeprefix("http://testserver"), params)  # a feed reader: no session
    assert answer.status_code == 200, answer.content[:200]
    if address.endswith(".json"):
        return [item["title"] for item in answer.json()["items"]]
    return [entry.title for entry in feedparser.parse(answer.content).entries]


def test_a_reader_makes_a_feed_address_and_their_feed_reader_gets_their_news_without_signing_in(client):
    maria = signed_in(client)
    floods = factories.tag("Floods")
    factories.article(title="River rises", tags=[floods])
    factories.article(title="Council meets")
    services.follow(reader=maria, tag=floods)
    assert feed_address(client) is None
    made = client.post("/accounts/following/feed/", {"action": "renew"})
    assert made["Location"] == "/accounts/following/#private-feed"
    address = feed_address(client)
    assert address.startswith("http://testserver/feeds/following/") and address.endswith(".rss")
    assert entries(address) == ["River rises"]
    assert entries(feed_address(client, "atom")) == ["River rises"]
    assert entries(feed_address(client, "json")) == ["River rises"]
    answer = Client().get(address.removeprefix("http://testserver"))
    assert answer["Cache-Control"] == "private, max-age=0" and answer["X-Robots-Tag"] == "noindex"
    # It follows what the reader follows.
    services.unfollow(reader=maria, tag=floods)
    assert entries(address) == []


def test_a_new_address_retires_the_old_one_and_stopping_retires_it_too(client):
    factories.home()
    signed_in(client)
    client.post("/accounts/following/feed/", {"action": "renew"})
    first = feed_address(client)
    client.post("/accounts/following/feed/", {"action": "renew"})
    second = feed_address(client)
    assert second != first
    assert Client().get(first.removeprefix("http://testserver")).status_code == 404
    assert entries(second) == []
    client.post("/accounts/following/feed/", {"action": "stop"})
    assert feed_address(client) is None and not PrivateFeed.objects.exists()
    assert Client().get(second.removeprefix("http://testserver")).status_code == 404


def test_the_feed_lists_the_edition_its_address_names(client):
    maria = signed_in(client)
    anna = factories.author(name="Anna Petrova")
    factories.article(title="Anna on the budget", authors=[anna])
    ru_section = factories.section(title="Город", parent=factories.home(language="ru"))
    factories.translate(anna.get_parent(), "ru")
    anna_ru = factories.translate(anna, "ru")
    factories.article(title="Анна о бюджете", authors=[anna_ru], parent=ru_section)
    services.follow(reader=maria, author=anna)
    token = services.private_feed_renew(reader=maria)
    assert entries(f"/feeds/following/{token}.rss") == ["Anna on the budget"]
    assert entries(f"/ru/feeds/following/{token}.atom") == ["Анна о бюджете"]


@pytest.mark.parametrize(
    "address", ["/feeds/following/made-up-token.rss", "/feeds/following/.rss", "/feeds/following/x.xml"]
)
def test_an_address_no_reader_was_given_finds_nothing(client, address):
    assert client.get(address).status_code == 404


def test_a_page_number_that_is_not_one_is_refused(client):
    token = services.private_feed_renew(reader=signed_in(client))
    assert Client().get(f"/feeds/following/{token}.rss", {"page": "two"}).status_code == 400


def test_making_addresses_only_by_post_from_a_signed_in_reader(client):
    assert client.post("/accounts/following/feed/", {"action": "renew"})["Location"].startswith("/accounts/login/")
    signed_in(client)
    assert client.get("/accounts/following/feed/").status_code == 405
    assert not PrivateFeed.objects.exists()


def test_the_feed_costs_the_same_queries_however_many_stories(client):
    maria = signed_in(client)
    floods = factories.tag("Floods")
    factories.article(title="River rises", tags=[floods])
    services.follow(reader=maria, tag=floods)
    address = f"/feeds/following/{services.private_feed_renew(reader=maria)}.rss"

    def queries():
        Client().get(address)
        with CaptureQueriesContext(connection) as captured:
            Client().get(address)
        return len(captured)

    few = queries()
    for number in range(6):
        factories.article(title=f"More {number}", tags=[floods], authors=[factories.author(name=f"W{number}")])
    assert queries() == few
