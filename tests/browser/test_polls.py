"""A reader votes in the article's poll without leaving it, sees the results, and the poll reads well."""

import pytest

from .conftest import axe_violations_in_both_schemes, path_of

pytestmark = pytest.mark.browser


@pytest.fixture
def poll_story(newsroom):
    """The demo's English story with a poll, and the poll's answers."""
    from masthead.newsroom.demo.builder import POLL_STORY
    from masthead.newsroom.models import ArticlePage

    story = ArticlePage.objects.live().get(locale__language_code="en", slug=f"story-{POLL_STORY + 1}")
    [poll] = [block.value for block in story.body if block.block_type == "poll"]
    return {"path": path_of(story.url), "answers": [option.text for option in poll.options.all()]}


def test_a_reader_votes_in_place_and_sees_the_results(poll_story, newsroom, page, axe_script, artifacts):
    page.goto(newsroom["base"] + poll_story["path"])
    poll = page.locator("[data-poll]")
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
    poll.get_by_label(poll_story["answers"][1]).check()
    poll.get_by_role("button", name="Vote").focus()
    page.keyboard.press("Enter")
    results = poll.locator("[data-poll-results]")
    results.wait_for(state="visible")
    # The button gave way to the results, and so did the keyboard's place: not back to the page's start.
    assert results.evaluate("r => r === document.activeElement")
    assert page.url == newsroom["base"] + poll_story["path"]
    assert poll.locator("[data-poll-status]").inner_text() == "Thank you for voting."
    rows = results.locator(".poll-results__text").all_inner_texts()
    assert rows[1] == f"{poll_story['answers'][1]} (your vote)"
    assert poll.locator("legend").is_visible() and not poll.get_by_role("button", name="Vote").is_visible()
    poll.screenshot(path=str(artifacts / "poll-results.png"))
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    # Back later: the cookie remembers the vote, so the page's script shows the results instead of a second vote.
    page.reload()
    poll.get_by_label(poll_story["answers"][0]).check()
    poll.get_by_role("button", name="Vote").click()
    results.wait_for(state="visible")
    assert results.locator(".poll-results__text").all_inner_texts()[1].endswith("(your vote)")
