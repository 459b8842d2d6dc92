"""A reader finds "Delete your account" on their account page, confirms with the password, has a day to keep
the account, and is then gone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.accounts.services import delete_due_accounts

from .conftest import PASSWORD, axe_violations_in_both_schemes, verified_reader
from .test_audience_calendar import in_a_thread
from .test_comment_flow import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def reader(newsroom):
    """A reader with a verified address, made before the browser starts."""
    verified_reader("leaving", "Leaving reader")
    return newsroom


def test_reader_deletes_their_account_and_cannot_log_in_again(reader, browser, axe_script):
    base = reader["base"]
    page = browser.new_context().new_page()
    log_in(page, base, "leaving@example.org")
    page.goto(base + "/accounts/profile/")
    page.get_by_role("link", name="Delete your account").click()
    page.wait_for_load_state()
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_load_state()
    assert "That is not your password." in page.locator("main").inner_text()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Your account will be deleted"
    page.locator("main").get_by_role("link", name="Your account").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Keep my account").is_visible()  # a day to change one's mind
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    # The worker's job, a day later.
    assert in_a_thread(lambda: delete_due_accounts(now=timezone.now() + timedelta(hours=25))) == 1
    page.goto(base + "/accounts/profile/")
    assert "/accounts/login/" in page.url  # the session ended with the account
    log_in(page, base, "leaving@example.org")
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
