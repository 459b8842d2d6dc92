"""An editor writes a correction by hand, picking its article in Wagtail's page chooser, and readers see it.

The form offered every article in a drop-down until that made it 47 MB at 100,000 articles; the chooser is a
search in a dialog, so this walks it as an editor would.
"""

import pytest

from .conftest import PASSWORD, log_in_to_admin

pytestmark = pytest.mark.browser

CORRECTION = "An earlier version gave the wrong date of the council vote."


@pytest.fixture
def editor(newsroom):
    """A superuser exists and Wagtail's page search is built before the browser starts (no database calls after
    that): the test settings do not index pages as they are saved (`AUTO_UPDATE: False`)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    get_user_model().objects.create_superuser(username="chief", email="chief@example.org", password=PASSWORD)
    call_command("update_index", verbosity=0)
    return newsroom


def test_an_editor_picks_the_article_in_the_page_chooser_and_readers_see_the_correction(editor, browser, artifacts):
    base, article = editor["base"], editor["article"]
    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in_to_admin(admin, base, "chief")

    admin.goto(base + "/admin/typos/corrections/new/")
    admin.get_by_role("button", name="Choose a page").click()
    dialog = admin.locator(".modal-dialog")
    dialog.locator("input[name=q]").fill(article["title"])
    dialog.get_by_role("link", name=article["title"], exact=True).first.click()
    dialog.wait_for(state="hidden")
    assert article["title"] in admin.locator("main form").inner_text()

    admin.fill("textarea[name=text]", CORRECTION)
    admin.fill("input[name=published_at]", "2026-11-20 10:00")
    admin.locator("main form button[type=submit]").first.click()
    admin.wait_for_load_state()
    admin.screenshot(path=str(artifacts / "correction-written.png"), full_page=True)
    assert CORRECTION in admin.content()

    reader = browser.new_context().new_page()
    reader.goto(base + article["path"])
    assert CORRECTION in reader.locator(".corrections").inner_text()
