"""Every XSS payload from the shared lists, posted as a comment and as a display name, runs nothing in Chromium."""

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

PER_THREAD_PAGE = 150  # 50 top comments, each with two replies


@pytest.fixture
def hostile_thread(newsroom):
    """One article whose thread holds every payload as text, each by a reader whose name is a payload too."""
    from django.contrib.auth import get_user_model

    from masthead.accounts.models import ReaderProfile
    from masthead.comments.models import Comment
    from masthead.comments.tests.helpers import xss_payloads
    from masthead.newsroom.models import ArticlePage

    lines = xss_payloads()
    article = ArticlePage.objects.live().order_by("-first_published_at").first()
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"xss{n}", email=f"xss{n}@example.org") for n in range(len(lines))]
    )
    ReaderProfile.objects.bulk_create(
        [ReaderProfile(user=user, display_name=line[:60]) for user, line in zip(users, lines, strict=True)]
    )
    comments, root = [], None
    for number, (user, line) in enumerate(zip(users, lines, strict=True)):
        is_reply = number % 3 != 0
        comment = Comment(
            article=article,
            author=user,
            text=line,
            status="published",
            depth=1 if is_reply else 0,
            parent=root if is_reply else None,
            root=root if is_reply else None,
        )
        if not is_reply:
            comment.save()
            root = comment
        else:
            comments.append(comment)
    Comment.objects.bulk_create(comments)
    pages = -(-len(lines) // PER_THREAD_PAGE)
    cursors = list(
        Comment.objects.filter(article=article, parent__isnull=True).order_by("pk").values_list("pk", flat=True)
    )[49::50]
    return {"path": article.url, "count": len(lines), "cursors": [None, *cursors][:pages], "base": newsroom["base"]}


def test_no_payload_runs_in_a_real_browser(hostile_thread):
    from playwright.sync_api import sync_playwright

    fired = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # The escaping alone must stop every payload, so the page's Content-Security-Policy (the second wall,
        # tested in test_content_security_policy.py) is set aside here.
        page = browser.new_page(bypass_csp=True)
        page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
        # A payload that runs would most often call alert(); some only log or set a global.
        page.add_init_script(
            "window.__xss = []; ['alert','confirm','prompt'].forEach(function (n) {"
            " var f = window[n]; window[n] = function (m) { window.__xss.push(String(m)); } });"
        )
        seen = 0
        for cursor in hostile_thread["cursors"]:
            query = f"?after={cursor}" if cursor else ""
            page.goto(hostile_thread["base"] + hostile_thread["path"] + query)
            page.wait_for_timeout(200)
            seen += page.locator(".comment").count()
            fired += page.evaluate("window.__xss")
            assert page.locator("#comments script, #comments iframe, #comments img, #comments svg").count() == 0
        browser.close()
    assert seen >= hostile_thread["count"] - 5  # every payload was on a page we opened
    assert fired == []
