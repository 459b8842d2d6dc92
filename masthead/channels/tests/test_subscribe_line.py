"""The subscribe line under the lead lists the site's channels from settings, each a link with its icon."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db

CHANNELS = [
    {"kind": "telegram", "name": "Telegram", "url": "https://t.me/testcity"},
    {"kind": "vk", "name": "VK", "url": "https://vk.com/testcity"},
    {"kind": "youtube", "name": "YouTube", "url": "https://youtube.com/@testcity"},
]


def subscribe_line(client, article):
    return BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".subscribe-line")


def test_subscribe_line_lists_the_channels_in_order_with_icons_and_links(client):
    factories.home()
    factories.site_texts(channels=CHANNELS, subscribe_intro="Subscribe to Test City News at")
    line = subscribe_line(client, factories.article())
    assert line.get_text(" ", strip=True) == "Subscribe to Test City News at Telegram , VK , YouTube"
    links = line.select("a")
    assert [(a["href"], a.get_text(strip=True)) for a in links] == [(c["url"], c["name"]) for c in CHANNELS]
    for link, channel in zip(links, CHANNELS, strict=True):
        icon = link.select_one("svg")
        assert icon["aria-hidden"] == "true"
        assert icon.select_one("use")["href"].endswith(f"channels/icons.svg#{channel['kind']}")


def test_every_kind_editors_can_choose_has_an_icon():
    from pathlib import Path

    from masthead.newsroom.models.site_settings import ChannelBlock

    sprite = (Path(__file__).resolve().parents[1] / "static" / "channels" / "icons.svg").read_text()
    assert all(f'id="{kind}"' in sprite for kind, _label in ChannelBlock.KINDS)


def test_no_channels_no_subscribe_line(client):
    factories.home()
    assert subscribe_line(client, factories.article()) is None


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_the_subscribe_line_costs_no_query(client):
    factories.home()
    article = factories.article()
    without = count_queries(client, article.url)
    factories.site_texts(channels=CHANNELS)
    assert count_queries(client, article.url) == without
