"""A reader searches from the header of any page in Chromium and lands on highlighted, accessible results.

The database is read before the browser starts (see conftest.py for why).
"""

import re

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def searched(newsroom):
    """A word of the reference article's headline, and the headline, read before the browser starts."""
    from masthead.search.services import index_rebuild

    index_rebuild()
    title = newsroom["article"]["title"]
    word = max(re.findall(r"\w+", title), key=len)
    return {**newsroom, "word": word, "title": title}


def test_header_search_finds_the_story_with_the_word_highlighted(searched, page, axe_script):
    from playwright.sync_api import expect

    page.goto(searched["base"] + searched["article"]["path"])
    box = page.get_by_role("searchbox", name="Search the site")
    box.fill(searched["word"])
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("heading", level=1, name="Search")).to_be_visible()
    result = page.get_by_role("link", name=searched["title"])
    expect(result).to_be_visible()
    expect(page.locator(".search-result__headline mark").first).to_have_text(
        re.compile(re.escape(searched["word"]), re.IGNORECASE)
    )
    assert axe_violations(page, axe_script) == []
    result.click()
    page.wait_for_url(re.compile(re.escape(searched["article"]["path"]) + "$"))
