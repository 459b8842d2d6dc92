"""Readers' pages tell the browser to run the site's own scripts only (Content-Security-Policy), so that markup
which got past the escaping still could not run; the admin, Wagtail's, keeps its inline scripts."""

import pytest

from masthead.newsroom.tests import factories

pytestmark = pytest.mark.django_db


def policy_of(response):
    header = response.get("Content-Security-Policy")
    assert header, f"{response.wsgi_request.path} has no Content-Security-Policy"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.fixture
def story():
    factories.home()
    return factories.article(parent=factories.section(title="Politics", slug="politics"), title="Budget approved")


def test_reader_pages_allow_only_the_sites_own_scripts(client, story):
    for path in (story.url, "/", "/search/?q=budget", "/accounts/login/", "/newsletter/subscribe/"):
        policy = policy_of(client.get(path))
        assert policy["script-src"] == ["'self'"], path
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"], path
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"], path
        # Style attributes (embeds' aspect ratio) cannot run script; style elements must be the site's own.
        assert policy["style-src"] == ["'self'"], path


def test_the_policy_holds_on_pages_that_fail(client, story):
    assert policy_of(client.get("/no-such-page/"))["script-src"] == ["'self'"]


def test_the_admin_keeps_wagtails_inline_scripts(client):
    assert "Content-Security-Policy" not in client.get("/admin/login/")
