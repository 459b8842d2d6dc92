"""A reader with a live story open is offered the updates published since, and told when the coverage ends."""

import pytest

from .conftest import axe_violations_in_both_schemes, path_of
from .test_audience_calendar import in_a_thread

pytestmark = pytest.mark.browser


@pytest.fixture
def live_story(newsroom, settings):
    """The demo's live story, its page asking every second."""
    from masthead.newsroom.models import ArticlePage

    settings.MASTHEAD_LIVE_POLL_SECONDS = 1
    story = ArticlePage.objects.live().get(locale__language_code="en", live_coverage="live")
    return {"pk": story.pk, "path": path_of(story.url), "updates": len(story.live_updates)}


def publish(story_pk, change):
    """An editor's edit of the story, published, off the test thread (Playwright's loop is on it)."""

    def work():
        from masthead.newsroom.models import ArticlePage

        draft = ArticlePage.objects.get(pk=story_pk).get_latest_revision_as_object()
        change(draft)
        draft.save_revision().publish()

    in_a_thread(work)


def add_update(draft):
    from wagtail.rich_text import RichText

    draft.live_updates.append(
        (
            "update",
            {
                "headline": "The bridge is closed",
                "text": RichText("<p>Police closed the old bridge.</p>"),
                "key_event": True,
            },
        )
    )


def correct_the_bridge_update(draft):
    from wagtail.rich_text import RichText

    for block in draft.live_updates:
        if block.value.get("headline") == "The bridge is closed":
            block.value["text"] = RichText("<p>Police closed the old bridge and the tram bridge.</p>")


def end_coverage(draft):
    draft.live_coverage = "ended"


def test_open_page_offers_new_updates_and_learns_the_coverage_ended(live_story, newsroom, page, axe_script, artifacts):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(newsroom["base"] + live_story["path"])
    updates = page.locator("#live .live-update")
    assert updates.count() == live_story["updates"]
    key_events = page.locator("[data-key-events] li")
    key_events_before = key_events.count()
    assert key_events_before == 2  # the demo's
    notice = page.locator("[data-live-new]")
    assert notice.is_hidden()
    # Nothing on a phone's width sticks out sideways: the updates, their pictures and links.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    publish(live_story["pk"], add_update)
    notice.wait_for(state="visible", timeout=10_000)
    assert notice.inner_text().startswith("1 new update")
    # Said to screen readers by a status region that was there, empty, before the words came.
    assert page.locator("#live [role=status][data-live-said]").inner_text() == "1 new update"
    assert updates.count() == live_story["updates"]  # offered, not inserted unasked
    page.get_by_role("button", name="Show them").click()
    assert updates.count() == live_story["updates"] + 1
    newest = updates.first
    assert newest.locator("h3").inner_text() == "The bridge is closed"
    assert newest.evaluate("element => element === document.activeElement")
    assert notice.is_hidden()
    # The list of key events at the top now names the update just shown, first, and leads to it.
    assert key_events.count() == key_events_before + 1
    assert key_events.first.inner_text().endswith("The bridge is closed")
    assert key_events.first.locator("a").get_attribute("href") == "#" + newest.get_attribute("id")
    page.screenshot(path=str(artifacts / "live-updates-phone.png"), full_page=True)

    # A correction to an update already shown replaces it where it stands, with no notice: nothing new arrived.
    publish(live_story["pk"], correct_the_bridge_update)
    page.wait_for_function(
        "() => document.querySelector('#live .live-update').innerText.includes('and the tram bridge')",
        timeout=10_000,
    )
    assert updates.count() == live_story["updates"] + 1
    assert notice.is_hidden()

    assert page.locator(".live-badge").count() == 1
    publish(live_story["pk"], end_coverage)
    page.locator("[data-live-ended]").wait_for(state="visible", timeout=10_000)
    assert page.locator("[data-live-ended]").inner_text() == "This live coverage has ended."
    assert page.locator(".live-badge").count() == 0  # the headline no longer says "Live"
    assert page.locator("[data-live-said]").inner_text() == "This live coverage has ended."
