"""A reader subscribes from the sidebar of an article: in place with JavaScript, through a page without it."""

import re

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser

THANK_YOU = "Thank you! Check your inbox to confirm."


def test_sidebar_form_answers_thank_you_in_place_and_mails_a_confirmation(newsroom, page, mailoutbox, axe_script):
    page.goto(newsroom["base"] + newsroom["article"]["path"])
    form = page.locator("[data-newsletter] form")
    assert page.locator("#newsletter-title").text_content().startswith("Subscribe to ")
    page.get_by_label("Your email", exact=True).fill("not an address")
    page.get_by_label("Weekly").check()
    form.locator("button[type=submit]").click()
    # The browser's own check stops a malformed address before anything is sent.
    assert page.locator("#newsletter-email:invalid").count() == 1
    # One the browser takes and the site refuses: the refusal is tied to the field, which has the focus back.
    email = page.get_by_label("Your email", exact=True)
    email.fill("a@b")
    form.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.locator("[data-newsletter-status]").filter(has_text="valid email address").wait_for()
    assert email.get_attribute("aria-invalid") == "true"
    assert "valid email address" in page.locator("#" + email.get_attribute("aria-describedby")).inner_text()
    assert email.evaluate("field => field === document.activeElement")
    email.fill("reader@example.org")
    form.locator("button[type=submit]").click()
    status = page.locator("[data-newsletter-status]")
    status.filter(has_text=THANK_YOU).wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-newsletter-status')")
    assert form.is_hidden()
    assert [mail.to for mail in mailoutbox] == [["reader@example.org"]]
    assert axe_violations(page, axe_script) == []


def test_without_javascript_the_form_posts_and_the_site_answers_with_a_page(newsroom, browser, mailoutbox, axe_script):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(newsroom["base"] + newsroom["article"]["path"])
    page.get_by_label("Your email", exact=True).fill("offline@example.org")
    page.locator("[data-newsletter] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/newsletter/thanks/$"))
    assert THANK_YOU in page.locator("main").inner_text()
    assert len(mailoutbox) == 1
    context.close()
    scripted = browser.new_context().new_page()  # axe-core needs scripts; the same page, checked
    scripted.goto(newsroom["base"] + "/newsletter/subscribe/")
    assert axe_violations(scripted, axe_script) == []
    scripted.context.close()


def test_past_issues_are_listed_and_read_on_the_site(newsroom, page, axe_script):
    from .test_audience_calendar import in_a_thread

    def an_issue_went_out():
        from datetime import timedelta

        from django.utils import timezone

        from masthead.newsletter.models import Digest
        from masthead.newsroom.models import ArticlePage

        story = ArticlePage.objects.live().get(title=newsroom["article"]["title"])
        start = timezone.now() - timedelta(days=1)
        Digest.objects.create(
            kind="daily",
            language="en",
            period_start=start,
            period_end=start + timedelta(days=1),
            status=Digest.Status.SENT,
            subject="The news of yesterday",
            new_story_ids=[story.pk],
        )

    in_a_thread(an_issue_went_out)
    page.goto(newsroom["base"] + newsroom["article"]["path"])
    page.get_by_role("link", name="Past issues").click()
    page.wait_for_load_state()
    assert axe_violations(page, axe_script) == []
    page.get_by_role("link", name="The news of yesterday").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "The news of yesterday"
    assert page.locator(".teaser__headline").first.inner_text() == newsroom["article"]["title"]
    assert axe_violations(page, axe_script) == []
