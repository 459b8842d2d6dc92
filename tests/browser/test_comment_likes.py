"""A reader likes another reader's comment in place, without a reload, and can take the like back."""

import pytest

from .conftest import axe_violations_in_both_schemes, verified_reader
from .test_comment_flow import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def liked_thread(newsroom):
    """Two verified readers; the writer's comment is under the reference article."""
    from masthead.comments import services
    from masthead.comments.tests import helpers

    from .conftest import reference_article

    helpers.policy()
    writer = verified_reader("writer", "Writer")
    verified_reader("reader", "Reader")
    article, _related = reference_article()
    services.comment_submit(article=article, author=writer, text="Worth a like", ip_hash="w")
    return newsroom


def test_reader_likes_a_comment_in_place_and_takes_the_like_back(liked_thread, browser, axe_script):
    base, article = liked_thread["base"], liked_thread["article"]["path"]
    page = browser.new_context().new_page()
    log_in(page, base, "reader@example.org")
    page.goto(base + article)
    page.evaluate("window.notReloaded = true")
    button = page.locator(".comment__like").first
    assert button.get_attribute("aria-pressed") == "false"
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector('.comment__like[aria-pressed="true"]')
    assert button.inner_text().strip().endswith("1")
    assert button.evaluate("b => b === document.activeElement")  # the keyboard keeps its place on the button
    assert page.evaluate("window.notReloaded") is True  # changed in place, the page kept

    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    page.reload()
    assert page.locator(".comment__like").first.get_attribute("aria-pressed") == "true"  # stored, not just drawn
    page.locator(".comment__like").first.click()
    page.wait_for_selector('.comment__like[aria-pressed="false"]')
    assert page.locator(".comment__like [data-like-count]").first.inner_text() == ""

    author = browser.new_context().new_page()
    page.locator(".comment__like").first.click()
    page.wait_for_selector('.comment__like[aria-pressed="true"]')
    log_in(author, base, "writer@example.org")
    author.goto(base + article)
    assert author.locator(".comment__likes").first.inner_text() == "1 like"
    assert author.locator(".comment__like").count() == 0  # nobody likes their own comment
