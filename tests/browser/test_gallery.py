"""A photo series in an article reads well in both colour schemes and on a phone."""

import pytest

from .conftest import axe_violations_in_both_schemes, path_of
from .test_audience_calendar import in_a_thread

pytestmark = pytest.mark.browser


def test_a_gallery_is_accessible_and_fits_a_phone(newsroom, page, axe_script, artifacts):
    def article_with_a_gallery():
        from masthead.newsroom.models import ArticlePage

        for article in ArticlePage.objects.live().filter(locale__language_code="en").order_by("pk"):
            if any(block.block_type == "gallery" for block in article.body):
                return article.url
        raise AssertionError("the demo has no gallery")

    url = in_a_thread(article_with_a_gallery)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(newsroom["base"] + path_of(url))
    gallery = page.locator(".block-gallery")
    gallery.scroll_into_view_if_needed()
    assert gallery.locator("img").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing sticks out
    page.screenshot(path=str(artifacts / "gallery-phone.png"), full_page=False)
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
