"""A reader sends a tip with a photo from a phone-sized window; the form warns before sending too many files; the
sender adds a detail on the tip's private page, closes it, and opens it again with the key."""

import pytest

from .conftest import axe_violations_in_both_schemes
from .test_audience_calendar import in_a_thread

pytestmark = pytest.mark.browser


def test_a_reader_sends_a_tip_with_a_photo_and_is_warned_before_sending_too_many_files(
    newsroom, browser, axe_script, tmp_path
):
    from masthead.tips.models import Tip
    from masthead.tips.tests.helpers import jpeg_bytes

    photo = tmp_path / "street.jpg"
    photo.write_bytes(jpeg_bytes())
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(newsroom["base"] + newsroom["home"])
    page.get_by_role("link", name="Send us a tip").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Send us a tip"
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
    # Nothing sticks out of a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("What happened, or what do you know?").fill("The tram depot roof collapsed at 6 am.")
    files = page.get_by_label("Photos, videos or documents")
    files.set_input_files([str(photo)] * 6)
    problem = page.locator("[data-files-problem]")
    problem.wait_for(state="visible")
    assert problem.inner_text() == "Send at most 5 files."
    page.get_by_role("button", name="Send the tip").click()
    assert page.url.endswith("/tips/")  # not sent: the reader fixes the files first
    assert in_a_thread(Tip.objects.count) == 0
    # Files over the size limit are named, and several are spoken of as several.
    other = tmp_path / "depot.jpg"
    other.write_bytes(jpeg_bytes())
    limit = page.evaluate("document.querySelector('[data-tip-form]').dataset.maxBytes")
    page.evaluate("document.querySelector('[data-tip-form]').dataset.maxBytes = '10'")
    files.set_input_files([str(photo), str(other)])
    assert problem.inner_text() == "These files are too large to send: street.jpg, depot.jpg"
    files.set_input_files([str(photo)])
    assert problem.inner_text() == "This file is too large to send: street.jpg"
    page.evaluate(f"document.querySelector('[data-tip-form]').dataset.maxBytes = '{limit}'")

    files.set_input_files([str(photo)])
    page.get_by_role("button", name="Send the tip").click()
    page.wait_for_url("**/tips/thanks/")
    assert page.locator("h1").inner_text() == "Thank you for your tip"
    text, names = in_a_thread(
        lambda: (Tip.objects.get().text, [f.original_name for f in Tip.objects.get().files.all()])
    )
    assert (text, names) == ("The tram depot roof collapsed at 6 am.", ["street.jpg"])

    # The thanks page shows the key and leads to the tip's own page, where the sender adds a detail; the key is
    # never in an address.
    key = page.locator("[data-tip-key]").inner_text()
    assert len(key) >= 40
    page.get_by_role("button", name="Copy the key").click()
    page.get_by_text("Key copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == key
    page.locator("a.tip-address__link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Your tip"
    assert key not in page.url
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Write to the newsroom").fill("The roof fell onto two buses.")
    page.get_by_role("button", name="Send the message").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "Your message reached the newsroom."
    assert page.locator("[data-tip-message]").last.inner_text().endswith("The roof fell onto two buses.")

    # On a computer others use, the sender closes the tip; the key opens it again (typed into a form).
    page.get_by_role("button", name="Close the tip in this browser").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Open your tip"
    assert "The roof fell" not in page.content()
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
    page.get_by_label("Your tip's key").fill(key)
    page.get_by_role("button", name="Open the tip").click()
    page.wait_for_load_state()
    assert page.locator("[data-tip-message]").last.inner_text().endswith("The roof fell onto two buses.")
    context.close()
