"""The WSGI front (masthead.wsgi): stored pages answered before Django handles the request."""

import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from masthead.newsroom.tests import factories
from masthead.pagecache import lookup, tags
from masthead.pagecache.wsgi import PageCacheFront

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0


class Answer:
    def __init__(self, front, path, **environ):
        base = {"PATH_INFO": path, "HTTP_HOST": "localhost", "wsgi.input": io.BytesIO(b""), **environ}
        setup_testing_defaults(base)
        self.environ = base
        body = front(base, self.start_response)
        self.body = b"".join(body)
        if hasattr(body, "close"):
            body.close()

    def start_response(self, status, headers):
        self.status = int(status.split()[0])
        self.headers = dict(headers)


@pytest.fixture
def front():
    # As Django's test client does: the handler must not close the test's database connection after a request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield PageCacheFront(WSGIHandler())
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def story():
    factories.home()
    section = factories.section(title="Politics", slug="politics")
    return factories.article(parent=section, title="Council approves the budget")


def test_a_stored_page_is_answered_without_django_and_with_all_its_headers(front, story, django_assert_num_queries):
    rendered = Answer(front, story.url)
    assert rendered.status == 200 and rendered.headers["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        stored = Answer(front, story.url)
    assert stored.status == 200 and stored.headers["X-Page-Cache"] == "hit"
    assert stored.body == rendered.body
    # The headers the whole stack gave the page, security headers included, and nothing personal.
    assert {name: value for name, value in stored.headers.items() if name != "X-Page-Cache"} == {
        name: value for name, value in rendered.headers.items() if name not in ("X-Page-Cache", "Date")
    }
    assert stored.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in stored.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in stored.headers


def test_the_front_answers_a_browser_holding_the_page_with_304(front, story):
    etag = Answer(front, story.url).headers["ETag"]
    again = Answer(front, story.url, HTTP_IF_NONE_MATCH=etag)
    assert (again.status, again.body) == (304, b"")
    assert again.headers["ETag"] == etag and "Content-Length" not in again.headers
    other = Answer(front, story.url, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status == 200 and other.body


def test_a_browser_revalidating_a_page_not_yet_stored_gets_304_and_the_page_is_stored(front, story):
    etag = Answer(front, story.url).headers["ETag"]
    tags.invalidate("all")  # the stored copy is dropped; the next visit renders again
    revalidated = Answer(front, story.url, HTTP_IF_NONE_MATCH=etag)
    assert (revalidated.status, revalidated.headers["X-Page-Cache"]) == (304, "miss")
    assert Answer(front, story.url).headers["X-Page-Cache"] == "hit"


def test_a_change_reaches_the_front_at_once(front, story):
    Answer(front, story.url)
    story.title = "Council rejects the budget"
    story.save_revision().publish()
    answer = Answer(front, story.url)
    assert answer.headers["X-Page-Cache"] == "miss"
    assert b"Council rejects the budget" in answer.body


def test_readers_with_a_session_and_head_requests(front, story, settings):
    Answer(front, story.url)
    signed_in = Answer(front, story.url, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert signed_in.headers.get("X-Page-Cache") is None
    head = Answer(front, story.url, REQUEST_METHOD="HEAD")
    assert head.headers["X-Page-Cache"] == "hit" and head.body == b""


def test_a_page_is_stored_per_scheme_so_an_https_redirect_is_never_skipped(front, story, settings):
    settings.SECURE_SSL_REDIRECT = True
    front = PageCacheFront(WSGIHandler())  # Django's security middleware reads the setting when it starts
    https = {"wsgi.url_scheme": "https"}
    assert Answer(front, story.url, **https).headers["X-Page-Cache"] == "miss"
    assert Answer(front, story.url, **https).headers["X-Page-Cache"] == "hit"
    plain = Answer(front, story.url)
    assert plain.status == 301 and plain.headers["Location"].startswith("https://")


def test_a_foreign_host_is_refused_and_never_stored(front, story, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    assert Answer(front, story.url, HTTP_HOST="evil.example").status == 400
    assert Answer(front, story.url, HTTP_HOST="evil.example").status == 400


def test_when_the_cache_is_down_the_front_steps_aside_and_the_page_is_rendered(front, story, monkeypatch):
    unreachable = RedisCache("redis://127.0.0.1:9/0", {})
    monkeypatch.setattr(lookup, "cache", unreachable)
    monkeypatch.setattr(tags, "cache", unreachable)
    answer = Answer(front, story.url)
    assert answer.status == 200 and b"Council approves the budget" in answer.body
    assert answer.headers["Cache-Control"] == "private, max-age=0"


def test_a_process_never_answers_its_own_copy_past_the_page_lifetime(front, story, monkeypatch):
    Answer(front, story.url)
    assert Answer(front, story.url).headers["X-Page-Cache"] == "hit"  # now also held by this process
    key = lookup.entry_key(Answer(front, story.url).environ)
    lookup.cache.delete(key)  # the shared copy expired
    later = lookup.time.time() + 61

    class Clock:
        @staticmethod
        def time():
            return later

    monkeypatch.setattr(lookup, "time", Clock)
    assert Answer(front, story.url).headers["X-Page-Cache"] == "miss"
