"""A signed-in reader saves a story with one press, without leaving it, and finds it on their list."""

import pytest

from .conftest import axe_violations_in_both_schemes, verified_reader
from .test_comment_flow import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def maria(newsroom):
    verified_reader("maria", "Maria")
    return "maria@example.org"


def test_a_reader_saves_a_story_in_place_and_finds_it_on_their_list(maria, newsroom, page, axe_script):
    base, article = newsroom["base"], newsroom["article"]
    log_in(page, base, maria)
    page.wait_for_load_state()
    page.goto(base + article["path"])
    save = page.get_by_role("button", name="Save for later")
    save.focus()
    page.keyboard.press("Enter")
    status = page.locator("#save-story [data-toggle-status]")  # the follow buttons below have their own
    status.wait_for(state="visible")
    # The keyboard stays on the button, now offering to undo: a disabled button would have dropped it.
    assert page.evaluate("document.activeElement.textContent.trim()") == "Remove from saved stories"
    assert status.inner_text() == "Saved. Find it under “Saved stories” in your account."
    assert page.url == base + article["path"]  # no page load: the reader stays where they were reading
    assert page.get_by_role("button", name="Remove from saved stories").is_visible()

    page.reload()
    assert page.get_by_role("button", name="Remove from saved stories").is_visible()
    page.get_by_role("link", name="Saved stories").click()
    page.wait_for_load_state()
    assert page.locator(".teaser__headline a").all_inner_texts() == [article["title"]]
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    page.goto(base + article["path"])
    page.get_by_role("button", name="Remove from saved stories").click()
    status.wait_for(state="visible")
    assert status.inner_text() == "The story is off your saved list."
    page.goto(base + "/accounts/saved/")
    assert page.locator(".empty-state").is_visible()
