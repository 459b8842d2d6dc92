"""Live coverage: a story told as timed updates, newest first, wherever the story goes."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from masthead.feeds.content import render_full_text
from masthead.newsroom.live import live_coverage
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.reading_time import word_count
from masthead.typos.models import TypoReport
from masthead.typos.places import PlaceRefused, locate, selection_in_article
from masthead.typos.tests import helpers as typo_helpers

from . import factories

pytestmark = pytest.mark.django_db

MORNING = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


def update(text, *, at=None, headline="", image=None, caption="", key_event=False):
    return (
        "update",
        {
            "time": at,
            "headline": headline,
            "text": RichText(f"<p>{text}</p>"),
            "image": image,
            "caption": caption,
            "key_event": key_event,
        },
    )


def live_story(*updates, status="live", title="Storm hits the coast", **fields):
    story = factories.article(title=title, live_coverage=status, live_updates=list(updates), **fields)
    return ArticlePage.objects.get(pk=story.pk)


def page_of(client, story):
    return BeautifulSoup(client.get(story.url).content, "html.parser")


def structured_data(soup):
    return json.loads(soup.select_one('script[type="application/ld+json"]').string)


def add_update(story, text, **fields):
    """What an editor does: add an update to the latest revision and publish it."""
    draft = story.get_latest_revision_as_object()
    draft.live_updates.append(update(text, **fields))
    draft.save_revision().publish()
    return ArticlePage.objects.get(pk=story.pk)


def test_a_live_story_shows_its_updates_newest_first_each_with_its_own_link(client):
    story = live_story(
        update("Winds reach 120 km/h.", at=MORNING, headline="The storm arrives"),
        update("Ferries are cancelled.", at=MORNING + timedelta(hours=2)),
        update("Power is out in the old town.", at=MORNING + timedelta(hours=1)),
    )
    soup = page_of(client, story)
    updates = soup.select("#live .live-update")
    assert [u.select_one(".live-update__text").get_text(strip=True) for u in updates] == [
        "Ferries are cancelled.",
        "Power is out in the old town.",
        "Winds reach 120 km/h.",
    ]
    assert updates[2].select_one("h3").get_text(strip=True) == "The storm arrives"
    assert updates[0].select_one("time")["datetime"] == "2026-03-05T10:00+00:00"
    for element in updates:
        assert element.select_one(".live-update__link")["href"] == f"#{element['id']}"
    assert soup.select_one(".live-badge").get_text(strip=True) == "Live"
    assert soup.select_one("#live")["data-poll"] == "30"
    assert soup.find("script", src=lambda src: src and "newsroom/live" in src) is not None


def test_key_events_are_listed_at_the_top_newest_first_each_linking_to_its_update(client):
    story = live_story(
        update("Winds reach 120 km/h.", at=MORNING, headline="The storm arrives", key_event=True),
        update("Ferries are cancelled.", at=MORNING + timedelta(hours=1)),
        update(
            "The mayor orders the old town evacuated " + "now " * 40, at=MORNING + timedelta(hours=2), key_event=True
        ),
    )
    soup = page_of(client, story)
    key_events = soup.select_one("#live nav[data-key-events]")
    assert key_events["aria-labelledby"] == "key-events-heading"
    assert soup.select_one("#key-events-heading").get_text(strip=True) == "Key events"
    entries = key_events.select("li a")
    updates = {u.select_one(".live-update__text").get_text(strip=True)[:20]: u for u in soup.select(".live-update")}
    assert [entry["href"] for entry in entries] == [
        "#" + updates["The mayor orders the"]["id"],
        "#" + updates["Winds reach 120 km/h"]["id"],
    ]
    # An event without a headline is listed by the start of its text, cut at a word.
    assert entries[0].select_one("time")["datetime"] == "2026-03-05T10:00+00:00"
    entries[0].select_one("time").extract()
    newest = entries[0].get_text(strip=True)
    assert newest.startswith("The mayor orders the old town evacuated now")
    assert len(newest) <= 91 and newest.endswith("…")
    assert entries[1].get_text(" ", strip=True).endswith("The storm arrives")
    assert "live-update--key" in updates["Winds reach 120 km/h"]["class"]
    assert "live-update--key" not in updates["Ferries are cancelle"]["class"]
    assert updates["Winds reach 120 km/h"].select_one(".live-update__key").get_text(strip=True) == "Key event"


def test_a_live_story_without_key_events_has_no_list_of_them(client):
    story = live_story(update("Winds reach 120 km/h.", at=MORNING))
    assert page_of(client, story).select_one("[data-key-events]") is None


def test_an_update_saved_without_a_time_gets_the_time_it_is_saved_and_keeps_it():
    story = live_story(update("First reports of flooding."))
    stamped = story.live_updates[0].value["time"]
    assert stamped is not None and abs(stamped - story.last_published_at) < timedelta(seconds=5)
    # Published again much later (another update): the first one keeps its time.
    later = add_update(story, "Roads reopen.", at=MORNING)
    assert later.live_updates[0].value["time"] == stamped


def test_an_ended_story_says_so_keeps_its_updates_and_its_page_stops_asking(client):
    story = live_story(update("The storm has passed.", at=MORNING), status="ended")
    soup = page_of(client, story)
    assert soup.select_one("[data-live-ended]").get_text(strip=True) == "This live coverage has ended."
    assert len(soup.select(".live-update")) == 1
    assert not soup.select_one("#live").has_attr("data-poll")
    assert soup.select_one(".live-badge") is None
    assert soup.find("script", src=lambda src: src and "newsroom/live" in src) is None


def test_a_live_story_without_updates_yet_says_where_they_will_appear(client):
    soup = page_of(client, live_story())
    assert soup.select_one("#live .empty-state").get_text(strip=True) == "The first update will appear here."


def test_an_ordinary_story_has_no_live_parts_even_with_stored_updates(client):
    story = live_story(update("Left over from a draft.", at=MORNING), status="")
    soup = page_of(client, story)
    assert soup.select_one("#live") is None and soup.select_one(".live-badge") is None
    assert structured_data(soup)["@type"] == "NewsArticle"


def test_structured_data_is_a_live_blog_posting_with_every_update(client):
    story = live_story(
        update("Winds reach 120 km/h.", at=MORNING, headline="The storm arrives"),
        update("Ferries are cancelled. " * 20, at=MORNING + timedelta(hours=1)),
    )
    data = structured_data(page_of(client, story))
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == data["datePublished"]
    assert "coverageEndTime" not in data
    newest, oldest = data["liveBlogUpdate"]
    assert oldest["headline"] == "The storm arrives" and oldest["articleBody"] == "Winds reach 120 km/h."
    assert oldest["datePublished"] == "2026-03-05T08:00:00+00:00"
    # Headed by its text when it has no headline, cut as search engines want it.
    assert newest["headline"].startswith("Ferries are cancelled.") and len(newest["headline"]) <= 110
    assert newest["url"] == f"{story.full_url}#update-{story.live_updates[1].id}"


def test_an_ended_story_gives_its_last_update_as_the_end_of_coverage(client):
    story = live_story(
        update("Calm again.", at=MORNING + timedelta(hours=3)), update("It begins.", at=MORNING), status="ended"
    )
    data = structured_data(page_of(client, story))
    assert data["coverageEndTime"] == "2026-03-05T11:00:00+00:00"


def test_more_updates_and_pictures_ask_no_more_queries(client):
    def queries(story):
        client.get(story.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(story.url)
        return len(captured)

    def with_picture(number):
        return update(f"Update {number}.", at=MORNING, image=factories.image(title=f"Storm {number}"), caption="Waves")

    few = live_story(with_picture(1))
    many = live_story(*(with_picture(n) for n in range(2, 8)), update("No picture.", at=MORNING))
    assert queries(few) == queries(many)


def test_listings_mark_the_stories_that_are_live_now(client):
    live = live_story(update("Ongoing.", at=MORNING))
    ended = live_story(
        update("Done.", at=MORNING), status="ended", title="Election night", parent=live.get_parent().specific
    )
    soup = page_of(client, live.get_parent())
    labels = {
        teaser.select_one(".teaser__headline a").get_text(strip=True): teaser.select_one(".teaser__live")
        for teaser in soup.select(".teaser")
    }
    assert labels[live.title].get_text(strip=True) == "Live"
    assert labels[ended.title] is None


def test_a_published_update_reaches_readers_of_the_stored_page_at_once(client, settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    story = live_story(update("Winds rise.", at=MORNING))
    client.get(story.url)
    assert client.get(story.url).headers["X-Page-Cache"] == "hit"
    add_update(story, "The bridge is closed.")
    soup = page_of(client, story)
    assert soup.select_one(".live-update .live-update__text").get_text(strip=True) == "The bridge is closed."


def test_full_text_feeds_carry_the_updates_newest_first():
    picture = factories.image(title="Harbour")
    story = live_story(
        update("Winds rise.", at=MORNING, headline="Morning"),
        update("Waves over the pier.", at=MORNING + timedelta(hours=1), image=picture, caption="The pier"),
    )
    html = render_full_text(article=story, body=story.body, root_url="https://news.example", live=live_coverage(story))
    soup = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in soup.select("h3")] == ["05.03.2026 09:00", "05.03.2026 08:00 — Morning"]
    assert soup.get_text().index("Waves over the pier.") < soup.get_text().index("Winds rise.")
    assert soup.select_one("figure img")["src"].startswith("https://news.example/")


def test_search_finds_a_word_said_only_in_an_update(client):
    live_story(update("The lighthouse keeper was rescued.", at=MORNING))
    results = client.get("/search/", {"q": "lighthouse"}).context["results"].object_list
    assert [result.article.title for result in results] == ["Storm hits the coast"]


def test_reading_time_counts_the_words_of_the_updates():
    story = live_story(update("one two three four", at=MORNING, headline="five six", caption="seven"))
    plain = factories.article(lead=story.lead)  # the same lead and body, no updates
    assert word_count(story) - word_count(plain) == 7


def test_a_typo_in_an_update_is_taken_and_sent_to_the_editor_to_fix(client):
    story = live_story(update("The ferry terminal was evacuted at noon.", at=MORNING))
    block_id = story.live_updates[0].id
    payload = {
        "selection": "evacuted",
        "context_before": "The ferry terminal was ",
        "context_after": " at noon.",
        "scope": "updates",
        "block_id": block_id,
        "offset": 23,
    }
    assert typo_helpers.post_report(client, story.pk, payload).status_code == 201
    report = TypoReport.objects.get()
    assert (report.scope, report.block_id) == ("updates", block_id)
    assert not selection_in_article(article=story, scope="updates", block_id=block_id, selection="evacuated")
    with pytest.raises(PlaceRefused) as refused:
        locate(story, scope="updates", block_id=block_id, selection="evacuted", offset=23)
    assert refused.value.code == "live_update"


def test_a_russian_live_story_speaks_russian(client):
    russian = factories.section(title="Город", parent=factories.home(language="ru"))
    story = live_story(update("Ветер усилился.", at=MORNING), parent=russian)
    soup = page_of(client, story)
    assert soup.select_one("#live-heading").get_text(strip=True) == "Хроника событий"
    assert soup.select_one(".live-badge").get_text(strip=True) == "Онлайн"


def test_an_editor_posts_an_update_from_the_admin_and_it_is_stamped_and_published(client):
    from django.contrib.auth import get_user_model
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    story = live_story()
    client.force_login(get_user_model().objects.create_superuser("chief", "chief@example.org", "pw"))
    edit_url = f"/admin/pages/{story.pk}/edit/"
    form = client.get(edit_url)
    assert "Live coverage" in form.content.decode() and "Sponsorship" in form.content.decode()
    data = nested_form_data(
        {
            "title": story.title,
            "slug": story.slug,
            "lead": story.lead,
            "dateline": "",
            "body": streamfield([("paragraph", rich_text("<p>The first paragraph.</p>"))]),
            "article_authors": inline_formset([]),
            "tags": "",
            "comment_mode": "site",
            "live_coverage": "live",
            "live_updates": streamfield(
                [("update", {"time": "", "headline": "Ferries stop", "text": rich_text("<p>All crossings.</p>")})]
            ),
            "sponsorship": "sponsored",
            "action-publish": "action-publish",
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    published = ArticlePage.objects.get(pk=story.pk)
    stamped = published.live_updates[0].value["time"]
    assert published.live_updates[0].value["headline"] == "Ferries stop"
    assert stamped is not None and abs(stamped - published.last_published_at) < timedelta(seconds=5)


def test_each_update_carries_a_fingerprint_that_changes_only_when_it_is_corrected(client):
    story = live_story(update("Ferries are cancelled.", at=MORNING), update("Winds rise.", at=MORNING))

    def fingerprints():
        return {u["id"]: u["data-fingerprint"] for u in page_of(client, story).select(".live-update")}

    before = fingerprints()
    assert len(set(before.values())) == 2
    assert fingerprints() == before  # the same text, the same fingerprint, page after page
    draft = story.get_latest_revision_as_object()
    draft.live_updates[0].value["text"] = RichText("<p>Ferries and trains are cancelled.</p>")
    draft.save_revision().publish()
    story = ArticlePage.objects.get(pk=story.pk)
    after = fingerprints()
    changed = [key for key in before if before[key] != after[key]]
    assert changed == [f"update-{story.live_updates[0].id}"]


def test_a_corrected_update_tells_readers_what_was_wrong_on_the_page_and_in_feeds(client):
    story = live_story(update("Ferries are cancelled until noon.", at=MORNING), update("Winds rise.", at=MORNING))
    assert not page_of(client, story).select(".live-update__correction")
    draft = story.get_latest_revision_as_object()
    draft.live_updates[0].value["text"] = RichText("<p>Ferries are cancelled until evening.</p>")
    draft.live_updates[0].value["correction"] = "An earlier version said the ferries would run again at noon."
    draft.save_revision().publish()
    story = ArticlePage.objects.get(pk=story.pk)
    corrected = page_of(client, story).select_one(f"#update-{story.live_updates[0].id} .live-update__correction")
    assert corrected.get_text(" ", strip=True) == (
        "Correction: An earlier version said the ferries would run again at noon."
    )
    assert len(page_of(client, story).select(".live-update__correction")) == 1
    html = render_full_text(article=story, body=story.body, root_url="https://news.example", live=live_coverage(story))
    assert "Correction: An earlier version said" in BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def test_an_updates_time_keeps_its_seconds_when_the_story_is_saved_again_in_the_admin():
    """Two updates a few seconds apart stay in their order: the admin's field shows and takes back the seconds."""
    from masthead.newsroom.models.blocks import LiveUpdateBlock

    field = LiveUpdateBlock().child_blocks["time"].field
    posted = datetime(2026, 11, 27, 23, 47, 18)
    shown = field.widget.format_value(posted)
    assert shown == "2026-11-27 23:47:18"
    assert field.clean(shown).replace(tzinfo=None) == posted
