"""A reader sees on their account that someone replied, reads the reply, and follows it into the thread."""

import pytest

from .conftest import axe_violations_in_both_schemes, verified_reader
from .test_comment_flow import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def answered(newsroom):
    """Maria's comment under the reference article, and Boris's reply to it."""
    from masthead.comments import services
    from masthead.comments.tests import helpers

    from .conftest import reference_article

    helpers.policy()
    maria, boris = verified_reader("maria", "Maria"), verified_reader("boris", "Boris")
    article, _related = reference_article()
    question = services.comment_submit(article=article, author=maria, text="Is it open?", ip_hash="m")
    reply = services.comment_submit(
        article=article, author=boris, text="Yes, since Monday.", ip_hash="b", parent=question
    )
    return {**newsroom, "reply_id": reply.pk}


def test_reader_finds_a_new_reply_and_follows_it_into_the_thread(answered, browser, axe_script):
    base = answered["base"]
    page = browser.new_context().new_page()
    log_in(page, base, "maria@example.org")
    page.goto(base + "/accounts/profile/")
    assert page.locator(".profile-replies").inner_text().endswith("1 new")
    page.get_by_role("link", name="Replies to your comments").click()
    page.wait_for_load_state()
    assert "Yes, since Monday." in page.locator("main").inner_text()
    violations = axe_violations_in_both_schemes(page, axe_script)
    assert violations == [], "\n".join(violations)

    page.get_by_role("link", name="Read it in the thread").click()
    page.wait_for_load_state()
    reply = page.locator(f"#comment-{answered['reply_id']}")
    assert reply.is_visible() and "Yes, since Monday." in reply.inner_text()
