"""A reader with an article open is told that others posted new comments, and shows them with one click."""

import pytest

from .conftest import axe_violations_in_both_schemes, verified_reader
from .test_comment_flow import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def writer(newsroom, settings):
    """Two verified readers whose comments are published at once, and pages that ask every second."""
    from masthead.comments.tests import helpers

    settings.MASTHEAD_COMMENT_WATCH_SECONDS = 1
    helpers.policy()
    from masthead.comments import services

    from .conftest import reference_article

    verified_reader("writer", "Writer")
    user = verified_reader("reader", "Reader")
    article, _related = reference_article()  # the article at newsroom["article"]["path"]
    services.comment_submit(article=article, author=user, text="An earlier comment", ip_hash="r")
    return newsroom


def test_open_page_offers_comments_posted_since_and_keeps_the_readers_draft(writer, browser, axe_script):
    base, article = writer["base"], writer["article"]["path"]
    reader = browser.new_context().new_page()
    log_in(reader, base, "reader@example.org")
    reader.goto(base + article)
    notice = reader.locator("[data-new-comments]")
    assert notice.is_hidden()

    other = browser.new_context().new_page()
    log_in(other, base, "writer@example.org")
    other.goto(base + article)
    other.fill("#comment-text", "Posted while you were reading.")
    other.click(".comment-form button[type=submit]")
    other.wait_for_selector("text=Posted while you were reading.")

    notice.wait_for(state="visible", timeout=10_000)
    assert notice.inner_text().startswith("1 new comment")
    # Screen readers hear it from a status region that was on the page before the words, outside the thread.
    spoken = reader.locator("[data-comments] + [role=status]")
    spoken.filter(has_text="1 new comment").wait_for(state="attached", timeout=5_000)
    reader.fill("#comment-text", "My half-written thought")
    reader.locator(".comment__reply summary").first.click()
    reply_box = reader.locator(".comment__reply textarea").first
    reply_box.fill("A half-written reply")
    reply_id = reply_box.get_attribute("id")
    reader.get_by_role("button", name="Show them").click()
    reader.wait_for_selector("#comments >> text=Posted while you were reading.")
    # The pressed button went with the old thread; the keyboard's place is the discussion's heading, not the top.
    assert reader.evaluate("document.activeElement.id") == "comments-heading"
    assert reader.locator("[data-new-comments]").is_hidden()
    assert reader.input_value("#comment-text") == "My half-written thought"
    assert reader.input_value(f"#{reply_id}") == "A half-written reply"
    assert reader.locator(f"#{reply_id}").is_visible()  # its reply box is open again

    # Another reader's comment, as a logged-in reader sees it: reply, and the report form with its choices.
    reader.locator(".comment__report summary").first.click()
    violations = axe_violations_in_both_schemes(reader, axe_script)
    assert violations == [], "\n".join(violations)
