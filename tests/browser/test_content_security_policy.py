"""The pages' Content-Security-Policy in a real browser: it stops a script that got into the page, and it
stops nothing of the site's own (comments, the typo dialog, the view beacon, the editors' userbar)."""

import pytest

from .conftest import PASSWORD, log_in_to_admin

pytestmark = pytest.mark.browser


@pytest.fixture
def people(newsroom):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(username="editor", email="editor@example.org", password=PASSWORD)
    return newsroom


def reader_pages(newsroom):
    return [
        newsroom["home"],
        newsroom["article"]["path"],
        newsroom["section_listing"],
        newsroom["author_page"],
        newsroom["archive_day"],
        newsroom["info_page"],
        "/search/?q=council",
        "/accounts/login/",
        "/accounts/signup/",
        "/newsletter/subscribe/",
    ]


def policy_complaints(tab, newsroom, paths):
    """What the browser reports as blocked by the policy on each page, with the page's address."""
    complaints = []
    tab.on("console", lambda message: complaints.append(f"{tab.url}: {message.text}"))
    for path in paths:
        response = tab.goto(newsroom["base"] + path)
        assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"], path
        tab.wait_for_load_state("networkidle")
    return [line for line in complaints if "Content Security Policy" in line]


def test_an_editor_and_a_reader_meet_no_blocked_part_of_the_site(people, browser):
    editor = browser.new_context().new_page()
    log_in_to_admin(editor, people["base"], "editor")
    assert policy_complaints(editor, people, reader_pages(people)) == []
    assert editor.locator("wagtail-userbar").count() == 1, "the editor's userbar should be on the article"
    editor.context.close()

    reader = browser.new_context().new_page()
    assert policy_complaints(reader, people, reader_pages(people)) == []
    reader.context.close()


def test_a_script_that_got_into_the_page_does_not_run(page, newsroom):
    complaints = []
    page.on("console", lambda message: complaints.append(message.text))
    page.goto(newsroom["base"] + newsroom["article"]["path"])
    ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
            const image = document.createElement("img");
            image.setAttribute("onerror", "window.injected = true");
            image.src = "data:,not-an-image";
            document.body.append(image);
            return new Promise((resolve) => setTimeout(() => resolve(window.injected === true), 300));
        }"""
    )
    assert ran is False
    assert any("Content Security Policy" in line for line in complaints)
