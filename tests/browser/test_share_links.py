"""A reader copies the article's address with one click; the share links need no script at all."""

import pytest

from .conftest import axe_violations_in_both_schemes

pytestmark = pytest.mark.browser


def test_copy_link_puts_the_articles_address_on_the_clipboard_and_says_so(newsroom, browser, axe_script):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    address = newsroom["base"] + newsroom["article"]["path"]
    page.goto(address)
    assert page.locator(".share-line a").count() >= 1
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_function("document.querySelector('.share-line__copied').textContent !== ''")
    assert page.locator(".share-line__copied").inner_text() == "Link copied"
    # The article's own public address, as its social card gives it (the site's, whichever host served the page).
    assert page.evaluate("navigator.clipboard.readText()") == page.locator('meta[property="og:url"]').get_attribute(
        "content"
    )
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)


def test_without_javascript_the_share_links_stay_and_the_copy_button_is_not_offered(newsroom, browser):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(newsroom["base"] + newsroom["article"]["path"])
    assert page.locator(".share-line a").count() >= 1
    assert not page.get_by_role("button", name="Copy link").is_visible()
