"""The shipped nginx configuration, really started in front of the app: it caches, bypasses and is purged."""

import time
import urllib.error
import urllib.request

import pytest

from masthead.audience import proxy_log, services
from masthead.newsroom.tests import factories
from masthead.pagecache.tests.nginx import free_port, start_nginx, stop_nginx

# The serialized rollback puts back what migrations made (content types, the tree root) that a flush removed.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.flushes_database]


@pytest.fixture
def proxy(live_server, tmp_path, settings):
    """nginx with masthead.conf in front of the test server; the app purges it as it would in production."""
    port = free_port()
    process = start_nginx(tmp_path, port=port, upstreams=[live_server.url.removeprefix("http://")])
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    settings.TRUSTED_PROXIES = 1
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{port}",
        }
    }
    yield f"http://127.0.0.1:{port}"
    stop_nginx(tmp_path, process)


def fetch(proxy, path, **headers):
    # The site's pages are addressed as http://testserver/...: the proxy keys pages by host and path.
    request = urllib.request.Request(proxy + path, headers={"Host": "testserver", **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["X-Cache-Status"], response.read().decode()


def test_the_proxy_keeps_anonymous_pages_and_publishing_purges_them(proxy):
    story = factories.article(title="Council approves the budget")
    home = factories.home()
    assert fetch(proxy, story.url)[0] == "MISS"
    assert fetch(proxy, story.url)[0] == "HIT"
    fetch(proxy, home.url)
    assert fetch(proxy, home.url)[0] == "HIT"

    story.title = "Council approves a smaller budget"
    factories.publish(story)

    for path in (story.url, home.url):
        status, html = fetch(proxy, path)
        assert status == "MISS", path
        assert "Council approves a smaller budget" in html
    assert fetch(proxy, story.url)[0] == "HIT"


def test_unpublished_story_leaves_the_proxy_at_once(proxy):
    story = factories.article(title="A story to withdraw")
    fetch(proxy, story.url)
    assert fetch(proxy, story.url)[0] == "HIT"
    story.unpublish()
    with pytest.raises(urllib.error.HTTPError) as gone:
        fetch(proxy, story.url)
    assert gone.value.code == 404


def test_readers_with_a_session_and_addresses_with_a_query_go_past_the_proxy(proxy):
    story = factories.article()
    fetch(proxy, story.url)
    assert fetch(proxy, story.url, Cookie="sessionid=abc")[0] == "BYPASS"
    assert fetch(proxy, story.url + "?comments=newest")[0] == "BYPASS"
    assert fetch(proxy, story.url)[0] == "HIT"  # and those did not replace the shared copy


def test_views_of_pages_the_proxy_answers_are_counted_from_its_log(proxy, tmp_path, settings):
    settings.MASTHEAD_AUDIENCE_PROXY_LOG = str(tmp_path / "views.log")
    story = factories.article()
    chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
    assert "audience/beacon.js" not in fetch(proxy, story.url, **{"User-Agent": chrome})[1]
    assert fetch(proxy, story.url, **{"User-Agent": chrome})[0] == "HIT"  # the same reader, from the cache
    fetch(proxy, story.url, **{"User-Agent": firefox})
    fetch(proxy, story.url, **{"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    fetch(proxy, story.url, **{"User-Agent": firefox, "Sec-Purpose": "prefetch"})
    safari = (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
        "Safari/605.1.15"
    )
    fetch(proxy, story.url, **{"User-Agent": safari, "X-Live-Refresh": "1"})  # a live story's page asking again
    fetch(proxy, story.url, **{"User-Agent": "Mozilla/5.0 Other", "Cookie": "sessionid=x"})  # counts by beacon
    counted, deadline = 0, time.monotonic() + 15
    while counted < 2 and time.monotonic() < deadline:  # nginx writes its log buffer every 2 s
        time.sleep(0.5)
        counted += proxy_log.ingest(settings.MASTHEAD_AUDIENCE_PROXY_LOG)[0]
    services.flush_view_counts()
    story.refresh_from_db()
    assert story.view_count == 2


def test_a_comment_made_visible_reaches_readers_through_the_proxy(proxy):
    from masthead.comments import services as comment_services
    from masthead.comments.tests import helpers

    helpers.policy()
    story = factories.article()
    fetch(proxy, story.url)
    assert fetch(proxy, story.url)[0] == "HIT"
    comment_services.comment_submit(article=story, author=helpers.reader(), text="Seen through nginx.", ip_hash="x")
    status, html = fetch(proxy, story.url)
    assert status == "MISS"
    assert "Seen through nginx." in html


def test_a_reader_reports_a_typo_through_the_proxy_on_a_port_of_its_own(proxy):
    """The app sees the Host the browser sent, port included, so its CSRF check accepts the browser's Origin; and
    simultaneous token requests are not queued behind one another by the proxy's cache lock."""
    import http.cookiejar
    import json
    from concurrent.futures import ThreadPoolExecutor

    from masthead.typos.tests import helpers as typo_helpers

    story = typo_helpers.article()
    host = "testserver:" + proxy.rsplit(":", 1)[1]
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def token():
        request = urllib.request.Request(proxy + "/api/v1/typos/token", headers={"Host": host})
        with browser.open(request, timeout=10) as response:
            return response.headers.get("X-Cache-Status"), json.loads(response.read())["token"]

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _n: token(), range(8)))
    assert time.monotonic() - started < 2  # the cache lock would have spaced them 0.5 s apart
    assert {status for status, _token in answers} == {None}  # the API does not go through the cache at all

    _status, csrf_token = token()  # the parallel ones each set their own cookie; this one matches the jar's
    payload = typo_helpers.place(story, "teh", block_index=0)
    report = urllib.request.Request(
        proxy + f"/api/v1/articles/{story.pk}/typos",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Host": host,
            "Origin": f"http://{host}",
            "Content-Type": "application/json",
            "X-CSRFToken": csrf_token,
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
        },
    )
    with browser.open(report, timeout=10) as response:
        assert response.status == 201


def test_a_story_with_a_cyrillic_address_is_purged_too(proxy):
    story = factories.article(title="Бюджет принят", slug="бюджет-принят")
    path = story.url  # percent-encoded, as browsers send it
    assert "%D0%B1" in path
    assert fetch(proxy, path)[0] == "MISS"
    assert fetch(proxy, path)[0] == "HIT"
    story.title = "Бюджет принят во втором чтении"
    factories.publish(story)
    status, html = fetch(proxy, path)
    assert status == "MISS"
    assert "Бюджет принят во втором чтении" in html


def test_a_tip_with_two_large_videos_passes_the_proxy_to_the_app_and_so_does_a_message_after_it(proxy):
    # 30 MB in all: over the proxy's general 25 MB limit, within the tips' own (two files of 15 MB, each under
    # MASTHEAD_TIPS_MAX_FILE_MB). Without the tips' locations in masthead.conf nginx answers 413 itself.
    import http.cookiejar
    import re
    import uuid

    from masthead.tips.models import Tip

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Host", "testserver")]
    video = b"\x00\x00\x00\x18ftypisom" + b"\x00" * (15 * 1024 * 1024)

    def post_with_videos(path, text):
        with opener.open(proxy + path, timeout=10) as response:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n{text}\r\n'.encode(),
        ]
        for number in (1, 2):
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="clip{number}.mp4"\r\n'
                f"Content-Type: video/mp4\r\n\r\n".encode()
                + video
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            proxy + path,
            data=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": f"http://testserver{path}",
            },
        )
        with opener.open(request, timeout=60) as response:
            return response.geturl()

    assert post_with_videos("/tips/", "The flood, filmed").endswith("/tips/thanks/")
    tip = Tip.objects.get()
    assert (tip.text, tip.files.count()) == ("The flood, filmed", 2)
    # The sender's browser has the tip open: two more videos, with a message, on the tip's page.
    assert post_with_videos("/tips/reply/", "And the morning after").endswith("/tips/reply/")
    message = tip.messages.get()
    assert (message.text, message.files.count(), tip.files.count()) == ("And the morning after", 2, 4)
