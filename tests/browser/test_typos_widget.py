"""A reader reports a typo in Chromium: with the mouse and Ctrl+Enter, with the keyboard only, and on a phone
with the touch button; the report is stored with the exact selection and context, and an editor can apply it.

The database is read before the browser starts and after it closes (see conftest.py for why).
"""

from contextlib import contextmanager

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations

pytestmark = pytest.mark.browser

THANKS = "Thank you! Now the editors are aware."
LONG = "A long paragraph about the harbour. " * 12
LINK = "https://example.org/budget"


@pytest.fixture
def story(transactional_db, django_db_serialized_rollback, live_server):
    """One article whose body has a paragraph with a typo and a link, a second paragraph with the same typo, a
    quote and a long paragraph; built with the newsroom's factories, before any browser starts."""
    from wagtail.rich_text import RichText

    from masthead.newsroom.tests import factories

    article = factories.article(
        title="Council approves the winter budget",
        lead="The city council approved the budget after a three-hour debate.",
        body=[
            ("paragraph", RichText(f'<p>The <a href="{LINK}">council</a> approved teh budget on Monday.</p>')),
            ("paragraph", RichText("<p>Critics said teh plan ignores the riverside.</p>")),
            ("quote", {"text": "We will not give up the port.", "attribution": "Mayor Petrov", "source_url": ""}),
            ("paragraph", RichText(f"<p>{LONG}</p>")),
        ],
    )
    return {"base": live_server.url, "path": article.url, "id": article.pk}


@contextmanager
def chromium(*extra_args, **context_options):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])
        context = browser.new_context(locale="en-GB", **context_options)
        yield context.new_page()
        context.close()
        browser.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def stored_reports(article_id):
    from masthead.typos.models import TypoReport

    return list(
        TypoReport.objects.filter(article_id=article_id)
        .order_by("pk")
        .values("selection", "context_before", "context_after", "scope", "block_id", "offset", "suggestion", "count")
    )


def word_box(page, selector, word):
    """The centre of `word` inside the element, in page coordinates, for a real double-click."""
    return page.evaluate(
        """([selector, word]) => {
            const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(word);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + word.length);
                const box = range.getBoundingClientRect();
                return {x: box.x + box.width / 2, y: box.y + box.height / 2};
            }
        }""",
        [selector, word],
    )


def select_programmatically(page, selector, start_word, end_word=None):
    """Set the selection the way a phone's long press and handles do (Playwright cannot long-press text)."""
    page.evaluate(
        """([selector, start, end]) => {
            const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
            const nodes = [];
            while (walker.nextNode()) nodes.push(walker.currentNode);
            const first = nodes.find((n) => n.data.includes(start));
            const last = end ? nodes.findLast((n) => n.data.includes(end)) : first;
            const range = document.createRange();
            range.setStart(first, first.data.indexOf(start));
            const to = end ? last.data.lastIndexOf(end) + end.length : first.data.indexOf(start) + start.length;
            range.setEnd(last, to);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        [selector, start_word, end_word],
    )


def test_select_a_word_press_ctrl_enter_send_and_the_editor_can_apply_it(story, artifacts, axe_script):
    with chromium(viewport={"width": 1280, "height": 900}) as page:
        page.goto(story["base"] + story["path"])
        expect(page.locator(".typo-touch-hint")).to_be_hidden()  # a mouse and a keyboard: no touch-screen hint
        # Nothing selected: the dialog says so and offers nothing to send.
        page.keyboard.press("Control+Enter")
        dialog = page.locator("dialog.typo-dialog")
        assert dialog.get_by_role("alert").inner_text().startswith("Please select the text with the error first")
        assert not dialog.locator("[data-typo-send]").is_visible()
        page.keyboard.press("Escape")
        assert not dialog.is_visible()
        # Outside the article (the comment rules) and too long: clear messages, nothing sent.
        select_programmatically(page, ".comments", "Comments")
        page.keyboard.press("Control+Enter")
        assert "in the article itself" in dialog.get_by_role("alert").inner_text()
        page.keyboard.press("Escape")
        select_programmatically(page, "[data-typo-scope=body]", "A long paragraph", "harbour.")
        page.keyboard.press("Control+Enter")
        assert "at most 300 characters" in dialog.get_by_role("alert").inner_text()
        page.keyboard.press("Escape")

        point = word_box(page, "[data-typo-scope=body] .block-paragraph", "teh")
        page.mouse.dblclick(point["x"], point["y"])
        page.keyboard.press("Control+Enter")
        assert dialog.is_visible()
        assert dialog.locator("blockquote mark").inner_text() == "teh"
        assert "council approved teh budget on Monday." in dialog.locator("blockquote").inner_text()
        assert page.evaluate("document.activeElement.id") == "typo-suggestion"
        page.fill("#typo-suggestion", "the")
        page.screenshot(path=str(artifacts / "typo-dialog.png"))
        violations = axe_violations(page, axe_script)
        dialog.get_by_role("button", name="Send").click()
        expect(dialog.get_by_role("status")).to_have_text(THANKS)
        assert page.evaluate("document.activeElement.textContent") == "Close"
        page.keyboard.press("Escape")
        assert not dialog.is_visible()
    assert violations == [], "\n".join(violations)

    [report] = stored_reports(story["id"])
    assert report["selection"] == "teh"
    assert report["context_before"] == " The council approved "
    assert report["context_after"] == " budget on Monday. Critics said teh plan ignores the"
    assert (report["scope"], report["offset"], report["suggestion"], report["count"]) == ("body", 21, "the", 1)

    # What the browser measured is what the server finds: the fix lands on the first paragraph only.
    from masthead.newsroom.models import ArticlePage
    from masthead.typos import services
    from masthead.typos.models import TypoReport
    from masthead.typos.tests import helpers

    services.report_apply_suggestion(report=TypoReport.objects.get(), editor=helpers.chief())
    body = ArticlePage.objects.get(pk=story["id"]).body
    assert "approved the budget" in body[0].value.source
    assert "Critics said teh plan" in body[1].value.source


def test_keyboard_only_report_with_caret_browsing(story):
    # Chromium's caret browsing (F7 in the desktop browser) lets keyboard users select text.
    with chromium("--enable-caret-browsing", viewport={"width": 1280, "height": 900}) as page:
        page.goto(story["base"] + story["path"])
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == "council":
                break
        link = page.evaluate("document.activeElement.outerHTML")
        assert "example.org/budget" in link
        # From the start of the link: past "council" and "approved", then select "teh".
        page.keyboard.press("Control+ArrowRight")
        page.keyboard.press("Control+ArrowRight")
        page.keyboard.press("Control+Shift+ArrowRight")
        assert page.evaluate("String(getSelection())").strip() == "teh"
        page.evaluate("window.focusedBefore = document.activeElement")
        page.keyboard.press("Control+Enter")
        dialog = page.locator("dialog.typo-dialog")
        assert dialog.locator("blockquote mark").inner_text() == "teh"
        page.keyboard.type("the")
        # Focus stays in the dialog however far the reader tabs.
        inside = []
        for _ in range(7):
            page.keyboard.press("Tab")
            inside.append(page.evaluate("document.querySelector('dialog').contains(document.activeElement)"))
        assert all(inside)
        while page.evaluate("document.activeElement.textContent") != "Send":
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(dialog.get_by_role("status")).to_have_text(THANKS)
        page.keyboard.press("Escape")
        assert not dialog.is_visible()
        assert page.evaluate("document.activeElement === window.focusedBefore")  # focus is back where it was
    [report] = stored_reports(story["id"])
    assert (report["selection"], report["offset"], report["suggestion"]) == ("teh", 21, "the")


def test_touch_screen_reader_reports_with_the_button_at_the_foot_of_the_screen(story):
    phone = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
    with chromium(**phone) as page:
        page.goto(story["base"] + story["path"])
        # The page tells a phone's reader how, as Ctrl + Enter means nothing there.
        expect(page.get_by_text("On a touch screen, select the text and tap “Report an error”.")).to_be_visible()
        expect(page.locator(".typo-hint")).to_be_hidden()  # no Ctrl + Enter to press
        select_programmatically(page, "[data-typo-scope=body] .article__block:nth-child(2)", "teh")
        button = page.get_by_role("button", name="Report an error")
        button.wait_for(state="visible")
        box, word = button.bounding_box(), word_box(page, "[data-typo-scope=body] .article__block:nth-child(2)", "teh")
        # At the foot of the screen: clear of the selection, of the system's menu above it and its handles below.
        assert 844 - 120 < box["y"] and box["y"] + box["height"] <= 844
        assert not box["y"] - 40 < word["y"] < box["y"] + box["height"] + 40
        assert box["height"] >= 44  # a comfortable tap target
        # Tapping may clear the selection before the click arrives; the report was measured already.
        page.evaluate("getSelection().removeAllRanges()")
        button.tap()
        dialog = page.locator("dialog.typo-dialog")
        assert dialog.locator("blockquote mark").inner_text() == "teh"
        dialog.get_by_role("button", name="Send").tap()
        expect(dialog.get_by_role("status")).to_have_text(THANKS)
        dialog.get_by_role("button", name="Close").tap()
        # The button is gone with the selection: focus returns to the text the report was about, not to the top.
        expect(dialog).to_be_hidden()
        assert page.evaluate("document.activeElement.dataset.typoScope") == "body"
    [report] = stored_reports(story["id"])
    assert (report["selection"], report["offset"]) == ("teh", 13)
    assert report["context_before"].endswith("Critics said ")


def test_ctrl_enter_on_a_link_with_nothing_selected_is_left_to_the_browser(story):
    with chromium(viewport={"width": 1280, "height": 900}) as page:
        page.goto(story["base"] + story["path"])
        page.locator(f'[data-typo-scope=body] a[href="{LINK}"]').focus()
        page.route("https://example.org/**", lambda route: route.fulfill(body="elsewhere"))
        page.keyboard.press("Control+Enter")  # opens the link in a new tab, as everywhere else
        page.wait_for_timeout(300)
        assert not page.locator("dialog.typo-dialog").is_visible()


def test_without_javascript_no_hint_promises_a_way_to_report_that_is_not_there(story):
    with chromium(java_script_enabled=False) as page:
        page.goto(story["base"] + story["path"])
        expect(page.locator(".article__body")).to_be_visible()
        expect(page.locator(".typo-hint")).to_be_hidden()
        expect(page.locator(".typo-touch-hint")).to_be_hidden()
