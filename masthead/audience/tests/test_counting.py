"""A view counts once per reader and window; robots, prefetches, editors and other sites' pages do not count;
flushing moves buffered views into the article's total and its day, in the site's time zone."""

import time
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.utils import timezone

from masthead.audience import services
from masthead.audience.models import DailyViews
from masthead.newsroom.tests import factories
from masthead.site_time import site_today

from .helpers import BROWSER, beacon, counted_total, editor, reader

pytestmark = pytest.mark.django_db


def test_a_readers_repeat_views_within_the_window_count_once(client, buffer_kind):
    article = factories.article()
    first = beacon(client, article)
    again = beacon(client, article)
    assert first.status_code == 202 and first.json() == {"counted": True, "reason": ""}
    assert again.json() == {"counted": False, "reason": "repeat"}
    services.flush_view_counts()
    assert counted_total(article) == 1


def test_different_readers_each_count(client, buffer_kind):
    article = factories.article()
    beacon(client, article, address="198.51.100.1")
    beacon(client, article, address="198.51.100.2")
    beacon(client, article, address="198.51.100.2", agent=BROWSER.replace("131", "130"))
    services.flush_view_counts()
    assert counted_total(article) == 3


def test_a_view_counts_again_once_the_window_has_passed(client, settings, buffer_kind):
    settings.MASTHEAD_AUDIENCE_DEDUP_WINDOW = 1
    article = factories.article()
    beacon(client, article)
    time.sleep(1.1)
    assert beacon(client, article).json()["counted"] is True
    services.flush_view_counts()
    assert counted_total(article) == 2


def test_the_window_is_per_article(client, buffer_kind):
    one, other = factories.article(), factories.article()
    assert beacon(client, one).json()["counted"] is True
    assert beacon(client, other).json()["counted"] is True


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "TelegramBot (like TwitterBot)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "WhatsApp/2.23.20.0",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
        "python-requests/2.32.3",
        "",
    ],
)
def test_robots_crawlers_and_link_previews_are_not_counted(client, agent):
    article = factories.article()
    assert beacon(client, article, agent=agent).json() == {"counted": False, "reason": "robot"}
    services.flush_view_counts()
    assert counted_total(article) == 0


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
        {"HTTP_X_PURPOSE": "preview"},
    ],
)
def test_prefetch_and_prerender_requests_are_not_counted(client, header):
    article = factories.article()
    assert beacon(client, article, **header).json() == {"counted": False, "reason": "prefetch"}
    # The reader's real view afterwards still counts: a prefetch leaves no mark.
    assert beacon(client, article).json()["counted"] is True


def test_editors_own_views_are_not_counted(buffer_kind):
    article = factories.article()
    client = Client()
    client.force_login(editor())
    assert beacon(client, article).json() == {"counted": False, "reason": "editor"}


def test_a_logged_in_reader_counts_once_from_two_addresses(buffer_kind):
    article = factories.article()
    client = Client()
    client.force_login(reader())
    assert beacon(client, article, address="198.51.100.1").json()["counted"] is True
    assert beacon(client, article, address="203.0.113.9").json()["counted"] is False


def test_a_beacon_from_another_sites_page_is_not_counted(client, buffer_kind):
    article = factories.article()
    response = beacon(client, article, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.json() == {"counted": False, "reason": "cross_site"}


def test_the_beacon_needs_no_csrf_token(buffer_kind):
    article = factories.article()
    strict = Client(enforce_csrf_checks=True)
    assert beacon(strict, article).json()["counted"] is True


def test_flush_adds_views_to_the_total_and_to_the_day(client, buffer_kind):
    article = factories.article()
    for n in range(5):
        beacon(client, article, address=f"198.51.100.{n}")
    assert services.pending_views() == {(article.pk, site_today()): 5}
    assert services.flush_view_counts() == 5
    assert counted_total(article) == 5
    assert DailyViews.objects.get(article=article).views == 5
    assert services.pending_views() == {}
    # A second flush finds nothing and changes nothing.
    assert services.flush_view_counts() == 0
    assert counted_total(article) == 5


def test_flush_adds_to_counts_already_there(client, buffer_kind):
    article = factories.article()
    beacon(client, article, address="198.51.100.1")
    services.flush_view_counts()
    beacon(client, article, address="198.51.100.2")
    services.flush_view_counts()
    assert counted_total(article) == 2
    assert DailyViews.objects.get(article=article).views == 2


def test_views_of_an_article_deleted_before_the_flush_are_dropped(client, buffer_kind):
    kept, deleted = factories.article(), factories.article()
    beacon(client, kept)
    beacon(client, deleted)
    deleted.delete()
    assert services.flush_view_counts() == 1
    assert counted_total(kept) == 1


def test_the_beacon_answers_404_for_an_impossible_article_id(client):
    response = client.post("/api/v1/articles/0/views", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_views_of_unknown_ids_are_dropped_at_the_flush(client, buffer_kind):
    client.post("/api/v1/articles/987654321/views", HTTP_USER_AGENT=BROWSER)
    assert services.flush_view_counts() == 0
    assert DailyViews.objects.count() == 0


def test_a_view_just_after_midnight_in_moscow_counts_for_the_moscow_day(client, settings, monkeypatch, buffer_kind):
    settings.TIME_ZONE = "Europe/Moscow"
    article = factories.article()
    # 21:30 UTC on 5 March is 00:30 on 6 March in Moscow (UTC+3).
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 5, 21, 30, tzinfo=UTC))
    beacon(client, article)
    services.flush_view_counts()
    assert list(DailyViews.objects.values_list("day", flat=True)) == [date(2026, 3, 6)]


# A link checker's HEAD gets the image's headers and counts nothing: nobody read the story.
@pytest.mark.parametrize(("method", "counted"), [("get", 1), ("head", 0)])
def test_readers_without_javascript_are_counted_by_the_pixel_and_a_head_request_is_not(
    client, buffer_kind, method, counted
):
    article = factories.article()
    response = getattr(client, method)(f"/api/v1/articles/{article.pk}/views/pixel.gif", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    services.flush_view_counts()
    assert counted_total(article) == counted


def test_the_article_page_carries_the_beacon(client):
    article = factories.article()
    html = client.get(article.url).content.decode()
    assert f'data-view-url="/api/v1/articles/{article.pk}/views"' in html
    assert f'src="/api/v1/articles/{article.pk}/views/pixel.gif"' in html


def test_a_web_request_flushes_when_no_worker_has_for_an_interval(client, settings, monkeypatch, buffer_kind):
    settings.MASTHEAD_AUDIENCE_FLUSH_ON_REQUEST = True
    monkeypatch.setattr(services, "_last_look", time.monotonic() - 3600)
    article = factories.article()
    beacon(client, article)
    assert counted_total(article) == 1
