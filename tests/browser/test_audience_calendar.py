"""The archive calendar as readers see it, and the view beacon as a real browser sends it.

Run with `pytest -m browser`; needs Debian's chromium (/usr/bin/chromium) and `npm ci` for axe-core.
"""

import threading

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

# Headless Chromium names itself "HeadlessChrome", which the counter rightly takes for a robot: readers' tests
# present the desktop browser's own name.
DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def in_a_thread(work):
    """Run database work off the test thread, where Playwright's event loop makes Django refuse it."""
    outcome = {}

    def run():
        from django.db import connection

        try:
            outcome["value"] = work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return outcome.get("value")


@pytest.fixture
def archive(newsroom):
    """Today's month in the archive, read before the browser starts."""
    from masthead.audience import selectors
    from masthead.audience.services import archive_rebuild, site_today

    # The demo builder back-dates its stories after publishing them, past the publish signal that files them.
    archive_rebuild()
    today = site_today()
    calendar = selectors.calendar_month(language="en", year=today.year, month=today.month, today=today)
    linked = [cell.day.day for week in calendar["weeks"] for cell in week if cell and cell.url]
    assert len(linked) > 1, "the demo's stories should be spread over several days of this month"
    return {"today": today, "linked_days": linked, "month_url": selectors.archive_month_url(today)}


@pytest.mark.browser
def test_the_archive_calendar_shows_the_month_from_monday_with_linked_days(
    archive, newsroom, page, artifacts, axe_script
):
    response = page.goto(newsroom["base"] + archive["month_url"])
    assert response.status == 200
    calendar = page.locator(".archive-calendar")
    expect(calendar.locator("thead th")).to_have_text(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    linked = [int(text) for text in calendar.locator("tbody a").all_text_contents()]
    assert linked == archive["linked_days"] and linked
    expect(calendar.locator('[aria-current="date"]')).to_have_text(str(archive["today"].day))
    calendar.screenshot(path=str(artifacts / "audience-calendar.png"))
    page.screenshot(path=str(artifacts / "audience-archive-month.png"), full_page=True)
    calendar.locator("tbody a").last.click()
    expect(page.locator("h1")).to_contain_text("Archive:")
    assert axe_violations(page, axe_script) == []


@pytest.mark.browser
def test_a_reader_opening_an_article_is_counted_once(browser, newsroom):
    from masthead.audience import services
    from masthead.newsroom.models import ArticlePage

    def flushed_count():
        services.flush_view_counts()
        return ArticlePage.objects.get(url_path__endswith=newsroom["article"]["path"]).view_count

    # The demo's stories come with earlier readers' views.
    before = in_a_thread(flushed_count)
    context = browser.new_context(user_agent=DESKTOP_CHROME, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    url = newsroom["base"] + newsroom["article"]["path"]
    with tab.expect_response(lambda r: r.url.endswith("/views") and r.request.method == "POST") as first:
        tab.goto(url)
    assert first.value.status == 202 and first.value.json() == {"counted": True, "reason": ""}
    with tab.expect_response(lambda r: r.url.endswith("/views")) as again:
        tab.reload()
    assert again.value.json() == {"counted": False, "reason": "repeat"}
    context.close()

    assert in_a_thread(flushed_count) == before + 1
