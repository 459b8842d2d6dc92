"""A reader signs up, posts, sees "awaiting moderation"; a moderator approves it; another reader sees it."""

import re

import pytest

from .conftest import PASSWORD, axe_violations, log_in_to_admin, verified_reader

pytestmark = pytest.mark.browser


@pytest.fixture
def people(newsroom):
    """A moderator and a second reader exist before the browser starts (no database calls after that)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from masthead.comments.policy import CommentPolicy

    users = get_user_model()
    moderator = users.objects.create_user(username="mod", email="mod@example.org", password=PASSWORD)
    moderator.groups.add(Group.objects.get(name="Comment moderators"))
    verified_reader("other", "Other reader")
    from wagtail.models import Site

    policy = CommentPolicy.for_site(Site.objects.get(is_default_site=True))
    assert any(block.block_type == "new_account" for block in policy.checks)
    return newsroom


def log_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")


def test_signup_post_moderate_and_read(people, browser, mailoutbox, artifacts, axe_script):
    base, article = people["base"], people["article"]["path"]

    newcomer = browser.new_context().new_page()
    newcomer.goto(base + "/accounts/signup/")
    violations = axe_violations(newcomer, axe_script)
    newcomer.goto(base + "/accounts/signup/")
    newcomer.fill("input[name=email]", "newcomer@example.org")
    newcomer.fill("input[name=display_name]", "Newcomer")
    newcomer.fill("input[name=password1]", PASSWORD)
    newcomer.fill("input[name=password2]", PASSWORD)
    newcomer.click("main form button[type=submit]")
    newcomer.wait_for_load_state()
    confirmation = next(mail for mail in mailoutbox if "newcomer@example.org" in mail.to)
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", confirmation.body).group(0)
    newcomer.goto(base + "/accounts/confirm-email/" + link.split("/accounts/confirm-email/")[1])
    newcomer.click("main form button[type=submit]")
    newcomer.wait_for_load_state()

    newcomer.goto(base + article)
    newcomer.fill("#comment-text", "Thank you for covering the council meeting.")
    newcomer.click(".comment-form button[type=submit]")
    newcomer.wait_for_load_state()
    assert newcomer.locator(".comment__status").first.inner_text().startswith("Awaiting moderation")
    comment_id = newcomer.locator(".comment--pending").first.get_attribute("id").removeprefix("comment-")
    newcomer.screenshot(path=str(artifacts / "comment-awaiting-moderation.png"), full_page=True)
    for scheme in ("light", "dark"):
        newcomer.emulate_media(color_scheme=scheme)
        newcomer.reload()
        violations += axe_violations(newcomer, axe_script)
    newcomer.goto(base + "/accounts/profile/")
    violations += axe_violations(newcomer, axe_script)
    assert violations == [], "\n".join(violations)

    reader = browser.new_context().new_page()
    log_in(reader, base, "other@example.org")
    reader.goto(base + article)
    assert "Thank you for covering the council meeting." not in reader.locator("#comments").inner_text()

    moderator = browser.new_context().new_page()
    log_in_to_admin(moderator, base, "mod")
    moderator.goto(base + "/admin/comments/queue/?needs_attention=true")
    assert "Thank you for covering the council meeting." in moderator.content()
    moderator.goto(base + f"/admin/bulk/comments/comment/approve/?id={comment_id}&next=/admin/comments/queue/")
    moderator.fill("input[name=reason]", "Polite and on topic")
    moderator.click("main form button[type=submit]")
    moderator.wait_for_load_state()
    moderator.screenshot(path=str(artifacts / "moderation-queue.png"), full_page=True)

    reader.goto(base + article)
    assert "Thank you for covering the council meeting." in reader.locator("#comments").inner_text()
    assert "Newcomer" in reader.locator("#comments").inner_text()
