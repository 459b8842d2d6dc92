"""A reader whose comment the score would hold is asked, in place, whether to change it; pressing again sends it."""

import pytest

from .conftest import verified_reader
from .test_audience_calendar import in_a_thread
from .test_comment_flow import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def asking_policy(newsroom):
    """A policy whose score holds every comment, asking first; a reader to write one. Made before the browser."""
    from masthead.comments.tests import helpers

    helpers.policy(("classifier", {"hold_at": 0.0, "reject_at": 1.01, "ask_first": True}))
    verified_reader("heated", "Heated")
    return newsroom


def test_a_heated_comment_is_sent_back_once_in_place_then_sent_as_it_is(asking_policy, browser):
    from masthead.comments.models import Comment

    base, article = asking_policy["base"], asking_policy["article"]["path"]
    page = browser.new_context().new_page()
    log_in(page, base, "heated@example.org")
    page.goto(base + article)
    page.evaluate("window.notReloaded = true")
    form = page.locator("form[data-comment-form]")
    form.get_by_label("Your comment").fill("This council is a bunch of idiots.")
    form.get_by_role("button", name="Post comment").focus()
    page.keyboard.press("Enter")
    message = page.locator(".comment-message--error")
    message.wait_for()
    assert "a moderator would read it before it appears" in message.inner_text()
    # The answer sits under the text it is about, tied to the box, and the keyboard is back in the box to change it.
    box = form.get_by_label("Your comment")
    assert box.evaluate("b => b === document.activeElement")
    assert box.get_attribute("aria-invalid") == "true"
    assert page.locator("#" + box.get_attribute("aria-describedby")).inner_text() == message.inner_text()
    heated = Comment.objects.filter(author__username="heated")
    assert in_a_thread(heated.count) == 0
    assert form.get_by_label("Your comment").input_value() == "This council is a bunch of idiots."

    form.get_by_role("button", name="Send it as it is").click()
    page.wait_for_selector(".comment--pending, .comment__status")
    assert "awaiting moderation" in page.locator("[data-comments]").inner_text()
    assert in_a_thread(lambda: list(heated.values_list("status", flat=True))) == ["pending"]
    assert page.evaluate("window.notReloaded") is True
