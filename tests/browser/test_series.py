"""A series' part and the series' page read well in both colour schemes, and the parts lead to each other."""

import pytest

from .conftest import axe_violations_in_both_schemes, path_of

pytestmark = pytest.mark.browser


@pytest.fixture
def series(newsroom):
    from masthead.newsroom.models import ArticlePage

    parts = list(ArticlePage.objects.live().filter(series__slug="tram-line").order_by("first_published_at", "pk"))
    return {"parts": [(part.title, path_of(part.url)) for part in parts]}


def test_a_reader_follows_the_series_from_part_to_part(series, newsroom, page, axe_script):
    (first_title, first), (second_title, _second), *_rest = series["parts"]
    page.goto(newsroom["base"] + first)
    box = page.get_by_role("navigation", name="The old tram line, in three parts")
    assert box.locator("[aria-current=page]").inner_text() == first_title
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
    box.get_by_role("link", name=f"Next part: {second_title}").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == second_title
    page.get_by_role("navigation", name="The old tram line, in three parts").get_by_role(
        "link", name="The old tram line, in three parts"
    ).click()
    page.wait_for_load_state()
    assert page.locator(".teaser__headline a").all_inner_texts() == [title for title, _path in series["parts"]]
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
