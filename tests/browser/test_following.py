"""A signed-in reader follows an author and a topic with one press each, and finds their stories on "Your news"."""

import pytest

from .conftest import axe_violations_in_both_schemes, verified_reader
from .test_comment_flow import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def maria(newsroom):
    verified_reader("maria", "Maria")
    return "maria@example.org"


def test_a_reader_follows_an_author_and_a_topic_in_place_and_reads_them_on_your_news(maria, newsroom, page, axe_script):
    base, article = newsroom["base"], newsroom["article"]
    (author_name, author_path), (tag_name, tag_url) = article["authors"][0], article["tags"][0]
    log_in(page, base, maria)
    page.wait_for_load_state()

    page.goto(base + author_path)
    page.get_by_role("button", name="Follow").click()
    status = page.locator("[data-toggle-status]")
    status.wait_for(state="visible")
    assert status.inner_text() == "Followed. Its new stories are on your page “Your news”."
    assert page.url == base + author_path  # no page load
    assert page.get_by_role("button", name="Unfollow").is_visible()
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    page.goto(tag_url if tag_url.startswith("http") else base + tag_url)
    page.get_by_role("button", name="Follow").click()
    status.wait_for(state="visible")

    page.get_by_role("link", name="Your news").click()
    page.wait_for_load_state()
    followed = page.locator(".following__item").all_inner_texts()
    assert len(followed) == 2 and tag_name in followed[0] and author_name in followed[1]
    headlines = page.locator(".teaser__headline a").all_inner_texts()
    assert article["title"] in headlines
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    # Unfollowing from the list is an ordinary form: the page comes back without it.
    page.get_by_role("button", name=f"Unfollow {tag_name}").click()
    page.wait_for_load_state()
    assert len(page.locator(".following__item").all_inner_texts()) == 1

    # Under the story, the same tag again, beside its name, with the author already followed.
    page.goto(base + article["path"])
    line = page.locator(".follow-line")
    item = line.locator(".follow").filter(has_text=tag_name)
    assert item.get_by_role("button").inner_text() == "Follow"
    assert line.locator(".follow").filter(has_text=author_name).get_by_role("button").inner_text() == "Unfollow"
    item.get_by_role("button").click()
    item.locator("[data-toggle-status]").wait_for(state="visible")
    assert item.get_by_role("button").inner_text() == "Unfollow"
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    # "Your news" for a feed reader: an address to copy.
    page.goto(base + "/accounts/following/")
    page.get_by_role("button", name="Make my feed address").click()
    page.wait_for_load_state()
    address = page.get_by_label("RSS").input_value()
    assert "/feeds/following/" in address and address.endswith(".rss")
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)
