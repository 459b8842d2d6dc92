"""A reader searches from the header of any page in Chromium and lands on highlighted, accessible results.

The database is read before the browser starts (see conftest.py for why).
"""

import re

import pytest

from .conftest import axe_violations_in_both_schemes

pytestmark = pytest.mark.browser


@pytest.fixture
def searched(newsroom):
    """A word of the reference article's headline, and the headline, read before the browser starts; the editors
    pinned a link to that word."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    from masthead.search.services import index_rebuild

    index_rebuild()
    title = newsroom["article"]["title"]
    word = max(re.findall(r"\w+", title), key=len)
    SearchPromotion.objects.create(
        query=Query.get(word),
        external_link_url="https://archive.example.org/",
        external_link_text="The archive's dossier",
        description="Everything published on it since 1990.",
    )
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
    expect(page.get_by_role("link", name="The archive's dossier")).to_be_visible()  # the editors' pick, above
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
    result.click()
    page.wait_for_url(re.compile(re.escape(searched["article"]["path"]) + "$"))
