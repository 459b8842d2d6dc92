"""Views counted from the caching proxy's log: once per reader, robots and prefetches left out, no beacon needed."""

import json
import time

import pytest
from django.test import Client

from masthead.audience import proxy_log, services
from masthead.newsroom.tests import factories

from .helpers import BROWSER, beacon, counted_total, reader

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def line(path, *, address="198.51.100.7", agent=BROWSER, purpose="   ", moment=None):
    """A line as nginx writes it with the shipped `masthead_views` format (fields escaped as in JSON)."""
    fields = [json.dumps(value)[1:-1] for value in (address, path, agent, purpose)]
    return "\t".join([f"{moment or time.time():.3f}", *fields]) + "\n"


@pytest.fixture
def log(tmp_path, settings):
    settings.MASTHEAD_AUDIENCE_PROXY_LOG = str(tmp_path / "views.log")
    return tmp_path / "views.log"


def test_each_reader_counts_once_and_robots_prefetches_and_other_pages_do_not(log, buffer_kind):
    story, home = factories.article(), factories.home()
    log.write_text(
        line(story.url)
        + line(story.url + "?utm_source=newsletter")  # the same reader again
        + line(story.url, agent=FIREFOX)
        + line(story.url, address="203.0.113.9")
        + line(story.url, agent=GOOGLEBOT)
        + line(story.url, purpose="prefetch   ")
        + line(home.url)
    )
    counted, skipped = proxy_log.ingest(str(log))
    assert counted == 3
    assert skipped == {"robot": 1, "prefetch": 1, "not_an_article": 1}
    services.flush_view_counts()
    assert counted_total(story) == 3


def test_each_line_is_counted_once_however_often_the_log_is_read(log, buffer_kind):
    story = factories.article()
    log.write_text(line(story.url))
    assert proxy_log.ingest(str(log))[0] == 1
    assert proxy_log.ingest(str(log)) == (0, {})
    with log.open("a") as more:
        more.write(line(story.url, address="203.0.113.9") + line(story.url, address="203.0.113.10")[:20])
    assert proxy_log.ingest(str(log))[0] == 1  # the half-written last line waits for the next read
    services.flush_view_counts()
    assert counted_total(story) == 2


def test_a_rotated_log_is_read_from_its_start(log, buffer_kind):
    story = factories.article()
    log.write_text(line(story.url) + line(story.url, address="203.0.113.1"))
    proxy_log.ingest(str(log))
    log.unlink()
    log.write_text(line(story.url, address="203.0.113.2"))  # a new file, shorter than the offset
    assert proxy_log.ingest(str(log))[0] == 1


def test_russian_edition_paths_are_counted_for_the_russian_article(log, buffer_kind):
    factories.home(language="ru")
    story = factories.article()
    russian = factories.translate(story.get_parent(), "ru") and factories.translate(story, "ru")
    log.write_text(line(russian.url))
    proxy_log.ingest(str(log))
    services.flush_view_counts()
    assert (counted_total(russian), counted_total(story)) == (1, 0)


def test_lines_that_are_not_ours_are_skipped_and_the_rest_still_count(log, buffer_kind):
    story = factories.article()
    log.write_text("garbage\n" + "1.0\ta\tb\n" + "x\t1\t2\t3\t4\n" + line(story.url))
    assert proxy_log.ingest(str(log))[0] == 1


def test_a_reader_counted_in_the_log_is_the_same_reader_for_the_beacon(client, log, buffer_kind):
    story = factories.article()
    log.write_text(line(story.url, address="198.51.100.7", agent=BROWSER))
    proxy_log.ingest(str(log))
    assert beacon(client, story, address="198.51.100.7", agent=BROWSER).json()["reason"] == "repeat"


def test_with_the_proxy_counting_anonymous_pages_carry_no_beacon_and_readers_with_a_session_do(client, log):
    story = factories.article()
    assert "audience/beacon.js" not in client.get(story.url).content.decode()
    signed_in = Client()
    signed_in.force_login(reader())
    assert "audience/beacon.js" in signed_in.get(story.url).content.decode()


def test_without_the_proxy_log_every_page_counts_by_beacon(client):
    story = factories.article()
    assert "audience/beacon.js" in client.get(story.url).content.decode()
