"""The newsletter's archive: every issue that went out, as a page on the site, linked from each mail."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.newsletter import services
from masthead.newsletter.digests import render_digest
from masthead.newsletter.models import Digest, Subscriber
from masthead.newsroom.tests import factories

from .test_digests import story_of_yesterday

pytestmark = pytest.mark.django_db


def issue(*, stories=(), most_read=(), language="en", kind="daily", days_ago=1, status=Digest.Status.SENT):
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
    return Digest.objects.create(
        kind=kind,
        language=language,
        period_start=start,
        period_end=start + timedelta(days=1 if kind == "daily" else 7),
        status=status,
        subject=f"Test City News, {start:%d.%m}",
        new_story_ids=[story.pk for story in stories],
        most_read_ids=[story.pk for story in most_read],
    )


def soup(client, url):
    answer = client.get(url)
    assert answer.status_code == 200, url
    return BeautifulSoup(answer.content, "html.parser")


def test_the_archive_lists_the_issues_that_went_out_newest_first(client):
    story = factories.article(title="Bridge reopens")
    older = issue(stories=[story], days_ago=3)
    newer = issue(stories=[story], most_read=[story], days_ago=2, kind="weekly")
    issue(stories=[], days_ago=1, status=Digest.Status.EMPTY)  # a quiet day: nothing was sent
    issue(stories=[story], days_ago=4, language="ru")
    items = soup(client, "/newsletter/issues/").select(".newsletter-issues__item")
    assert [item.a.get_text() for item in items] == [newer.subject, older.subject]
    assert "Weekly · 2 stories" in items[0].get_text(" ", strip=True)
    assert items[1].a["href"] == f"/newsletter/issues/{older.pk}/"


def test_an_issue_shows_its_stories_as_teasers_leaving_out_those_taken_down(client):
    kept, gone = factories.article(title="Bridge reopens"), factories.article(title="Mayor resigns")
    read = factories.article(title="Flood warning")
    digest = issue(stories=[kept, gone], most_read=[read])
    gone.unpublish()
    page = soup(client, f"/newsletter/issues/{digest.pk}/")
    assert page.h1.get_text() == digest.subject
    assert [h.get_text(strip=True) for h in page.select(".article-list .teaser__headline")] == [
        "Flood warning",
        "Bridge reopens",
    ]


def test_no_page_for_an_issue_never_sent_another_editions_or_none(client):
    factories.home(language="ru", title="Новости города")
    story = factories.article()
    quiet = issue(stories=[story], status=Digest.Status.EMPTY)
    russian = issue(stories=[story], language="ru", days_ago=2)
    for address in (f"/newsletter/issues/{quiet.pk}/", f"/newsletter/issues/{russian.pk}/", "/newsletter/issues/999/"):
        assert client.get(address).status_code == 404, address
    assert client.get(f"/ru/newsletter/issues/{russian.pk}/").status_code == 200
    assert client.get("/newsletter/issues/?page=9").status_code == 404


def test_an_empty_archive_says_when_the_first_issue_comes(client):
    factories.home()
    assert soup(client, "/newsletter/issues/").select_one(".empty-state")


def test_each_mail_links_to_its_issue_on_the_site(client):
    story = factories.article(title="Bridge reopens")
    digest = issue(stories=[story], status=Digest.Status.SENDING)
    mail = render_digest(digest)
    link = BeautifulSoup(mail.html, "html.parser").find("a", string="View in your browser")["href"]
    assert link.endswith(f"/newsletter/issues/{digest.pk}/") and link in mail.text
    # While it is still going out, readers who got it can open it.
    assert "Bridge reopens" in client.get(urlsplit(link).path).content.decode()


def test_an_issue_page_costs_the_same_queries_however_many_stories(client):
    few = issue(
        stories=[factories.article(title="One")], most_read=[factories.article(title="Two", image=factories.image())]
    )
    many = issue(
        stories=[factories.article(title=f"Story {n}", authors=[factories.author(name=f"W{n}")]) for n in range(6)],
        most_read=[factories.article(title=f"Read {n}", image=factories.image()) for n in range(3)],
        days_ago=2,
    )

    def queries(digest):
        client.get(f"/newsletter/issues/{digest.pk}/")
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/newsletter/issues/{digest.pk}/")
        return len(captured)

    assert queries(many) == queries(few)


def test_a_new_issue_joins_the_stored_archive_page_at_once(client, settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    factories.home()
    assert not soup(client, "/newsletter/issues/").select(".newsletter-issues__item")
    assert client.get("/newsletter/issues/")["X-Page-Cache"] == "hit"
    Subscriber.objects.create(email="reader@example.org", status=Subscriber.Status.CONFIRMED)
    story_of_yesterday("Bridge reopens", hours=12)  # inside the period the daily digest covers now, at any hour
    digest, created = services.digest_prepare(kind="daily", language="en")
    assert created and digest.status == Digest.Status.SENDING
    assert [a.get_text() for a in soup(client, "/newsletter/issues/").select(".newsletter-issues__item a")] == [
        digest.subject
    ]


def test_an_issues_page_title_names_the_site_once(client):
    from masthead.newsletter.digests import site_name

    digest = issue(stories=[factories.article(title="Bridge reopens")])
    Digest.objects.filter(pk=digest.pk).update(subject=f"{site_name()}: the news of 26 November 2026")
    page = soup(client, f"/newsletter/issues/{digest.pk}/")
    assert page.title.get_text(strip=True) == f"The news of 26 November 2026 — {site_name()}"
