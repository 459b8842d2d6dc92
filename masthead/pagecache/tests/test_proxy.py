"""The shipped nginx configuration, really started in front of the app: it caches, bypasses and is purged."""

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from masthead.newsroom.tests import factories
from masthead.pagecache.nginx_config import render

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes_database]

PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
MAIN_CONFIG = """
load_module {module};
{user}
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/masthead.conf;
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def proxy(live_server, tmp_path, settings):
    """nginx with masthead.conf in front of the test server; the app purges it as it would in production."""
    port = free_port()
    upstream = live_server.url.removeprefix("http://")
    (tmp_path / "masthead.conf").write_text(
        render(listen=f"127.0.0.1:{port}", upstreams=[upstream], cache_dir=str(tmp_path / "cache"))
    )
    # Started as root, nginx's workers would become "nobody", who may not enter pytest's private temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(MAIN_CONFIG.format(module=PURGE_MODULE, work=tmp_path, user=user))
    process = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "nginx did not start"
        time.sleep(0.05)
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
    process.terminate()
    process.wait(timeout=10)
    assert "[alert]" not in (tmp_path / "error.log").read_text()  # no worker crashed


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
