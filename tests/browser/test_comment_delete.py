"""Deleting one's own comment cannot be undone, so the page asks first; saying no keeps the comment."""

import pytest

from .conftest import verified_reader
from .test_audience_calendar import in_a_thread
from .test_comment_flow import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def written(newsroom):
    """A reader with one published comment on the demo article. Made before the browser."""
    from masthead.comments import services
    from masthead.comments.tests import helpers
    from masthead.newsroom.models import ArticlePage

    helpers.policy()
    author = verified_reader("second", "Second Thoughts")
    article = ArticlePage.objects.filter(title=newsroom["article"]["title"], locale__language_code="en").get()
    services.comment_submit(article=article, author=author, text="Words I may regret", ip_hash="a")
    return newsroom


def test_deleting_a_comment_asks_first_and_no_keeps_it(written, browser):
    from masthead.comments.models import Comment

    base, article = written["base"], written["article"]["path"]
    page = browser.new_context().new_page()
    log_in(page, base, "second@example.org")
    page.goto(base + article)
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    delete = page.locator(".comment", has_text="Words I may regret").get_by_role("button", name="Delete")
    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    delete.click()
    page.wait_for_timeout(300)
    assert questions == ["Delete your comment? This cannot be undone."]
    mine = Comment.objects.filter(author__username="second")
    assert in_a_thread(lambda: mine.get().status) == "published"

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    delete.click()
    page.wait_for_load_state()
    page.locator(".comment-message", has_text="Your comment is deleted.").wait_for()
    assert in_a_thread(lambda: mine.get().status) == "deleted"
    # The outcome came with the reloaded page; it is also put in the live region that screen readers read out.
    spoken = page.locator("[data-comments] + [role=status]")
    spoken.filter(has_text="Your comment is deleted.").wait_for()
