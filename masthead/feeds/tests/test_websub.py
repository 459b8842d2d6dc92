"""Publishing a story pings the WebSub hub for every feed it appears in; a failing hub never blocks publishing."""

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from masthead.newsroom.tests import factories

from .helpers import feed_settings, story

pytestmark = pytest.mark.django_db


class Hub:
    """A WebSub hub on 127.0.0.1 that records each publish ping and answers with the next planned status."""

    def __init__(self, statuses=()):
        self.pings = []
        self.statuses = list(statuses)
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                hub.pings.append({key: values[0] for key, values in form.items()})
                self.send_response(hub.statuses.pop(0) if hub.statuses else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def topics(self):
        return [ping["hub.url"] for ping in self.pings]


@pytest.fixture
def hub():
    with Hub() as running:
        yield running


def publish_story(django_capture_on_commit_callbacks, **fields):
    section = fields.pop("parent", None) or factories.section(slug="policy")
    with django_capture_on_commit_callbacks(execute=True):
        return story(parent=section, **fields)


def test_publishing_pings_the_hub_for_every_feed_the_story_is_in(hub, django_capture_on_commit_callbacks):
    feed_settings(websub_hub=hub.url)
    writer = factories.author(name="Anna")
    topic = factories.tag("Budget")
    publish_story(django_capture_on_commit_callbacks, authors=[writer], tags=[topic])
    assert all(ping["hub.mode"] == "publish" for ping in hub.pings)
    expected = [
        f"http://testserver/feeds/{path}.{feed_format}"
        for path in ("latest", "sections/policy", f"tags/{topic.slug}", f"authors/{writer.slug}")
        for feed_format in ("rss", "atom", "json")
    ]
    assert sorted(hub.topics()) == sorted(expected)


def test_each_pinged_feed_exists_and_names_the_hub(client, hub, django_capture_on_commit_callbacks):
    feed_settings(websub_hub=hub.url)
    publish_story(django_capture_on_commit_callbacks, tags=[factories.tag("Budget")])
    for topic in hub.topics():
        response = client.get(topic.removeprefix("http://testserver"))
        assert response.status_code == 200, topic
        assert hub.url.encode() in response.content


def test_a_russian_story_pings_the_russian_feeds(hub, django_capture_on_commit_callbacks):
    feed_settings(websub_hub=hub.url)
    factories.home(language="ru", title="Новости")
    section = factories.section(slug="policy")
    factories.translate(section, "ru")
    english = story(parent=section)
    with django_capture_on_commit_callbacks(execute=True):
        factories.translate(english, "ru", title="Бюджет")
    assert "http://testserver/ru/feeds/latest.rss" in hub.topics()
    assert "http://testserver/ru/feeds/sections/policy.atom" in hub.topics()


def test_the_environment_hub_is_pinged_when_the_site_sets_none(hub, settings, django_capture_on_commit_callbacks):
    settings.MASTHEAD_WEBSUB_HUB = hub.url
    publish_story(django_capture_on_commit_callbacks)
    assert "http://testserver/feeds/latest.rss" in hub.topics()


def test_nothing_is_pinged_without_a_hub(hub, django_capture_on_commit_callbacks):
    publish_story(django_capture_on_commit_callbacks)
    assert hub.pings == []


def test_pings_the_hub_refused_are_retried(django_capture_on_commit_callbacks, caplog):
    # The hub fails the first three pings; each failed feed is tried again and then accepted.
    with Hub(statuses=[503, 500, 503]) as hub:
        feed_settings(websub_hub=hub.url)
        publish_story(django_capture_on_commit_callbacks)
    topics = hub.topics()
    assert len(topics) == 6 + 3  # latest and section in three formats, then the three refused ones again
    assert sorted(topics[6:]) == sorted(topics[:3])
    assert "retry 1 is queued" in caplog.text


def test_an_unreachable_hub_never_blocks_publishing(django_capture_on_commit_callbacks, caplog):
    with Hub() as hub:
        closed = hub.url  # nothing listens there once the server has stopped
    feed_settings(websub_hub=closed)
    article = publish_story(django_capture_on_commit_callbacks, title="Still published")
    article.refresh_from_db()
    assert article.live and article.title == "Still published"
    assert "after 4 attempts" in caplog.text
