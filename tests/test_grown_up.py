"""Several app servers, a separate worker and the caching proxy, sharing one database, one cache and one bucket.

The suite's PostgreSQL pass (DATABASE_URL and REDIS_URL set) runs this on PostgreSQL and Redis, each server
its own process, as a newsroom that outgrew one machine runs; the SQLite pass runs the same processes on the
embedded defaults (SQLite, the on-disk cache), which must share just as well.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from masthead.pagecache.tests.nginx import free_port, start_nginx

from .app_servers import bound_port, wait_until_answering
from .test_object_storage import BUCKET, start_bucket_server

GROWN_UP_DATABASE = f"masthead_grown_up_{os.getpid()}"
GROWN_UP_REDIS_DB = 12  # the suite's workers use 15 and 14


def own_database(base_url):
    """A database of this test's own on the suite's PostgreSQL server, made empty."""
    parts = urlsplit(base_url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {GROWN_UP_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {GROWN_UP_DATABASE}")
    return urlunsplit(parts._replace(path=f"/{GROWN_UP_DATABASE}"))


def drop_database(url):
    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {GROWN_UP_DATABASE} WITH (FORCE)")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    work = tmp_path_factory.mktemp("grown-up")
    proxy_port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "MASTHEAD_DATA_DIR": str(work / "data"),
            "BASE_URL": f"http://127.0.0.1:{proxy_port}",
            "TRUSTED_PROXIES": "1",
            "MASTHEAD_SCHEDULER_INTERVAL": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
    )
    # Uploads go to a bucket every process shares, as on several machines (tests/test_object_storage.py).
    bucket, bucket_url, _client = start_bucket_server()
    env.update(
        {
            "MEDIA_BUCKET": BUCKET,
            "MEDIA_ENDPOINT_URL": bucket_url,
            "MEDIA_ACCESS_KEY_ID": "k",
            "MEDIA_SECRET_ACCESS_KEY": "s",
        }
    )
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = own_database(os.environ["DATABASE_URL"])
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"].rsplit("/", 1)[0] + f"/{GROWN_UP_REDIS_DB}"
        subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], check=True, capture_output=True)

    def masthead(*args):
        return subprocess.run(
            [sys.executable, "-m", "masthead.cli", *args], env=env, check=True, capture_output=True, text=True
        )

    masthead("migrate", "--noinput", "-v0")
    masthead("demo", "--articles", "3")
    masthead("collectstatic", "--noinput", "-v0")
    # Set up before the proxy exists, the demo content queued no purges; from here on publishing purges.
    env["MASTHEAD_PROXY_PURGE_URL"] = f"http://127.0.0.1:{proxy_port}"

    processes = []

    def start(*command):
        log_path = work / f"process-{len(processes)}.log"
        log = open(log_path, "w")  # noqa: SIM115 - open while the process runs
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        process.log_path = log_path
        processes.append(process)
        return process

    def still_running():
        """Fails with the log of every process that has stopped, so a crash is told, not a refused connection."""
        stopped = [(number, process) for number, process in enumerate(processes) if process.poll() is not None]
        assert not stopped, "\n\n".join(
            f"process {number} ({' '.join(map(str, process.args[-8:]))}) exited with {process.returncode}:\n"
            + log_tail(getattr(process, "log_path", None))
            for number, process in stopped
        )

    app_ports = []
    for _server in range(2):
        app = start(sys.executable, "-m", "masthead.cli", "serve", "--bind", "127.0.0.1:0", "--workers", "1",
                    "--no-worker", "--no-migrate")  # fmt: skip
        app_ports.append(bound_port(app.log_path, app))
        wait_until_answering(f"http://127.0.0.1:{app_ports[-1]}/", still_running)
    start(sys.executable, "-m", "masthead.cli", "worker")
    processes.append(
        start_nginx(
            work, port=proxy_port, upstreams=[f"127.0.0.1:{port}" for port in app_ports], start_new_session=True
        )
    )

    yield {
        "proxy": f"http://127.0.0.1:{proxy_port}",
        "apps": [f"http://127.0.0.1:{port}" for port in app_ports],
        "masthead": masthead,
        "media": f"{bucket_url}/{BUCKET}/",
        "still_running": still_running,
    }
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    bucket.stop()
    if "DATABASE_URL" in env and env["DATABASE_URL"].startswith("postgres"):
        drop_database(env["DATABASE_URL"])


def log_tail(path):
    return path.read_text()[-3000:] if path else "(its output is not kept; nginx writes error.log)"


@pytest.fixture(autouse=True)
def servers_stay_up(deployment):
    deployment["still_running"]()
    yield
    deployment["still_running"]()


def get(url, opener=None, **headers):
    request = urllib.request.Request(url, headers=headers)
    with (opener or urllib.request.build_opener()).open(request, timeout=20) as response:
        return response.status, response.headers, response.read().decode()


def test_a_reader_logged_in_through_one_app_server_is_known_to_the_other(deployment):
    deployment["masthead"](
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; from allauth.account.models import EmailAddress; "
        "from masthead.accounts.services import reader_profile_save; "
        "u = get_user_model().objects.create_user('olga', 'olga@example.org', 'correct horse battery'); "
        "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True); "
        "reader_profile_save(user=u, display_name='Olga from the fourth floor')",
    )
    first, second = deployment["apps"]
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _status, _headers, form = get(first + "/accounts/login/", browser)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": "olga@example.org", "password": "correct horse battery"}
    ).encode()
    login = urllib.request.Request(first + "/accounts/login/", data=body, headers={"Referer": first + "/"})
    browser.open(login, timeout=20)
    assert any(cookie.name == "sessionid" for cookie in jar)

    status, _headers, page = get(second + "/accounts/profile/", browser)
    assert status == 200
    assert "Olga from the fourth floor" in page


def test_a_scheduled_story_is_published_by_the_worker_and_reaches_readers_through_every_server(deployment):
    proxy, apps = deployment["proxy"], deployment["apps"]
    for base in [proxy, *apps]:  # every server holds the home page before the story goes live
        get(base + "/")
    assert get(proxy + "/")[1]["X-Cache-Status"] == "HIT"
    assert all(get(base + "/")[1]["X-Page-Cache"] == "hit" for base in apps)

    deployment["masthead"](
        "shell",
        "-c",
        "from datetime import timedelta; from django.utils import timezone; "
        "from masthead.newsroom.models import ArticlePage, SectionPage; "
        "section = SectionPage.objects.filter(locale__language_code='en').first(); "
        "story = section.add_child(instance=ArticlePage(title='Tram line opens on Monday', slug='tram-line', "
        "lead='The new line runs every six minutes.', live=False)); "
        "revision = story.save_revision(); "
        "revision.approved_go_live_at = timezone.now() + timedelta(seconds=2); revision.save(); "
        "story.go_live_at = revision.approved_go_live_at; story.save(update_fields=['go_live_at'])",
    )
    deadline = time.monotonic() + 60
    while "Tram line opens on Monday" not in get(proxy + "/")[2]:
        assert time.monotonic() < deadline, "the worker did not publish the story, or the proxy kept the old page"
        time.sleep(0.5)
    for base in apps:
        assert "Tram line opens on Monday" in get(base + "/")[2], base


def test_pictures_uploaded_by_one_process_are_shown_by_every_app_server_from_the_shared_bucket(deployment):
    article = deployment["masthead"](
        "shell",
        "-c",
        "from masthead.newsroom.models import ArticlePage; "
        "print(ArticlePage.objects.live().filter(image__isnull=False).first().url)",
    ).stdout.split()[-1]  # the shell first says what it imported
    for base in [deployment["proxy"], *deployment["apps"]]:
        page = get(base + article)[2]
        pictures = re.findall(re.escape(deployment["media"]) + r'[^\s",]+', page)
        assert pictures, f"{base} shows no picture from the bucket"
        with urllib.request.urlopen(pictures[0], timeout=20) as picture:
            assert picture.read(3) == b"\xff\xd8\xff", pictures[0]
