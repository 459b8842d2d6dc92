"""A private story (behind a Wagtail view restriction) is read at its own address by those it admits, and appears
nowhere else: not in listings, feeds, search, the archive, digests or channel posts; its discussion is closed too.
"""

from datetime import timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from masthead.channels.models import Channel, ChannelPost
from masthead.feeds.models import FeedSettings
from masthead.newsletter.selectors import new_for_digest
from masthead.newsroom.tests import factories
from masthead.typos.models import Correction

pytestmark = pytest.mark.django_db

SECRET_WORDS = "Zanzibarian reservoir tender"


@pytest.fixture
def newsroom(django_capture_on_commit_callbacks):
    """A section with a public story and an embargoed one, then locked with a password (running what the lock
    queued once it commits: the archive's and the search index's updates)."""
    home = factories.home()
    FeedSettings.objects.update_or_create(site=home.get_site(), defaults={"content": "full"})
    policy = factories.section(title="Policy", slug="policy")
    anna = factories.author(name="Anna Petrova")
    budget = factories.tag("Budget")
    # Both on one archive day whatever the hour the test runs (an hour apart from now crossed midnight at 1 am).
    now = timezone.localtime(timezone.now() - timedelta(days=1)).replace(hour=10, minute=0)
    shown = factories.article(
        parent=policy, title="Council meets", authors=[anna], tags=[budget], published_at=now - timedelta(hours=2)
    )
    embargoed = factories.article(
        parent=policy,
        title="Embargoed budget figures",
        lead="The figures partners may read first.",
        authors=[anna],
        tags=[budget],
        published_at=now - timedelta(hours=1),
        body=[("paragraph", RichText(f"<p>The {SECRET_WORDS} went to the budget office.</p>"))],
    )
    with django_capture_on_commit_callbacks(execute=True):
        lock = PageViewRestriction.objects.create(page=embargoed, restriction_type="password", password="partners")
    return {
        "home": home,
        "policy": policy,
        "anna": anna,
        "budget": budget,
        "shown": shown,
        "embargoed": embargoed,
        "lock": lock,
    }


def public_surfaces(newsroom):
    day = timezone.localtime(newsroom["embargoed"].first_published_at)
    return [
        "/",
        "/policy/",
        newsroom["anna"].url,
        "/" + newsroom["home"].reverse_subpage("tag", args=[newsroom["budget"].slug]).lstrip("/"),
        "/feeds/latest.rss",
        "/feeds/sections/policy.atom",
        f"/feeds/tags/{newsroom['budget'].slug}.json",
        f"/archive/{day:%Y/%m/%d}/",
        "/search/?q=budget",
        "/search/?q=Zanzibarian",
    ]


def test_a_private_story_appears_in_no_listing_feed_archive_or_search(client, newsroom):
    for address in public_surfaces(newsroom):
        answer = client.get(address)
        assert answer.status_code == 200, address
        text = answer.content.decode()
        assert "Embargoed budget figures" not in text and "reservoir tender" not in text, address
    # The public story beside it is everywhere it was.
    assert "Council meets" in client.get("/policy/").content.decode()
    assert "Council meets" in client.get("/search/?q=budget").content.decode()


def test_a_private_storys_corrections_are_not_on_the_corrections_page(client, newsroom):
    Correction.objects.create(article=newsroom["embargoed"], text="The figures were for 2025, not 2026.")
    Correction.objects.create(article=newsroom["shown"], text="The council met on Tuesday.")
    page = client.get("/corrections/").content.decode()
    assert "The council met on Tuesday." in page and "not 2026" not in page


def test_search_counts_no_result_for_a_private_storys_words(client, newsroom):
    answer = client.get("/search/", {"q": "Zanzibarian"})
    assert answer.context["results"].paginator.count == 0


def test_the_story_reads_at_its_own_address_once_the_password_is_given(client, newsroom):
    embargoed = newsroom["embargoed"]
    locked = client.get(embargoed.url).content.decode()
    assert "Zanzibarian" not in locked
    unlock = reverse("wagtailcore_authenticate_with_password", args=[newsroom["lock"].pk, embargoed.pk])
    client.post(unlock, {"password": "partners", "return_url": embargoed.url})
    assert SECRET_WORDS in client.get(embargoed.url).content.decode()


def test_a_private_storys_discussion_is_closed_to_readers_it_does_not_admit(client, newsroom, django_user_model):
    embargoed = newsroom["embargoed"]
    thread = f"/api/v1/articles/{embargoed.pk}/comments"
    assert client.get(thread).status_code == 404
    assert client.get(f"{thread}/count").status_code == 404
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "a long passphrase")
    client.force_login(reader)
    assert client.post(thread, {"text": "First!"}, content_type="application/json").status_code == 404
    assert client.post(reverse("comments:post", args=[embargoed.pk]), {"text": "First!"}).status_code == 404
    typo = client.post(
        f"/api/v1/articles/{embargoed.pk}/typos",
        {"selection": "budget", "context_before": "to the ", "context_after": " office"},
        content_type="application/json",
    )
    assert typo.status_code == 404
    # The password admits this reader to the thread as to the story.
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[newsroom["lock"].pk, embargoed.pk]),
        {"password": "partners", "return_url": embargoed.url},
    )
    assert client.get(thread).status_code == 200


def test_lifting_the_restriction_brings_the_story_back_everywhere(client, newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        newsroom["lock"].delete()
    for address in public_surfaces(newsroom):
        if address.startswith("/search/"):
            found = [result.article.pk for result in client.get(address).context["results"].object_list]
            assert newsroom["embargoed"].pk in found, address
        else:
            assert "Embargoed budget figures" in client.get(address).content.decode(), address


def test_a_story_published_into_a_private_section_is_posted_nowhere(
    client, newsroom, django_capture_on_commit_callbacks
):
    Channel.objects.create(name="Hook", kind="webhook", endpoint="http://127.0.0.1:9/hook", secret="s")
    briefings = factories.section(title="Briefings", slug="briefings")
    PageViewRestriction.objects.create(page=briefings, restriction_type="login")
    with django_capture_on_commit_callbacks(execute=True):
        briefing = factories.article(parent=briefings, title="Partners' briefing")
        public = factories.article(parent=newsroom["policy"], title="Open session")
    assert list(ChannelPost.objects.values_list("article_id", flat=True)) == [public.pk]
    now = timezone.now()
    # Since the day before the fixture's stories (yesterday morning), whatever the hour now.
    digest = new_for_digest(since=now - timedelta(days=3), until=now + timedelta(hours=1), language="en", limit=10)
    assert briefing.pk not in digest and newsroom["embargoed"].pk not in digest
    assert public.pk in digest and newsroom["shown"].pk in digest
    assert client.get("/feeds/sections/briefings.rss").status_code == 404  # not even its name
    menu = [link.get_text(strip=True) for link in BeautifulSoup(client.get("/").content, "html.parser").select("nav a")]
    assert "Policy" in menu and "Briefings" not in menu
    feed = feedparser.parse(client.get("/feeds/latest.rss").content)
    assert "Partners' briefing" not in [entry.title for entry in feed.entries]


def test_a_story_published_privately_is_posted_once_when_its_section_is_made_public(
    newsroom, django_capture_on_commit_callbacks
):
    Channel.objects.create(name="Hook", kind="webhook", endpoint="http://127.0.0.1:9/hook", secret="s")
    briefings = factories.section(title="Briefings", slug="briefings")
    lock = PageViewRestriction.objects.create(page=briefings, restriction_type="login")
    with django_capture_on_commit_callbacks(execute=True):
        fresh = factories.article(parent=briefings, title="Partners' briefing")
        old = factories.article(
            parent=briefings, title="Last week's briefing", published_at=timezone.now() - timedelta(days=3)
        )
    assert not ChannelPost.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        lock.delete()
    # The fresh story is news now; last week's, opened with it, is not; the embargoed story elsewhere stays private.
    assert list(ChannelPost.objects.values_list("article_id", "trigger")) == [(fresh.pk, "publish")]

    with django_capture_on_commit_callbacks(execute=True):  # locked and opened again: no second post
        PageViewRestriction.objects.create(page=briefings, restriction_type="login").delete()
    assert ChannelPost.objects.filter(article=old).count() == 0
    assert ChannelPost.objects.count() == 1


def test_a_restriction_costs_listings_no_query_once_known(client, newsroom):
    client.get("/policy/")  # fills Wagtail's and the newsroom's caches
    with CaptureQueriesContext(connection) as restricted:
        client.get("/policy/")
    newsroom["lock"].delete()
    client.get("/policy/")
    with CaptureQueriesContext(connection) as unrestricted:
        client.get("/policy/")
    assert len(restricted) == len(unrestricted)
