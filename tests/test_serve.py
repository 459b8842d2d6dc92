"""`masthead serve` runs a production server (gunicorn, static files by WhiteNoise) and a worker."""

import os
import signal
import subprocess
import sys
import urllib.request

import pytest

from .app_servers import bound_port, wait_until_answering


def masthead(*args, env, **kwargs):
    return subprocess.run([sys.executable, "-m", "masthead.cli", *args], env=env, check=True, **kwargs)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("serve-data")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env["MASTHEAD_DATA_DIR"] = str(data)
    masthead("migrate", "--noinput", "-v0", env=env)
    masthead("demo", "--articles", "3", env=env, capture_output=True)
    log_path = data / "serve.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "masthead.cli", "serve", "--bind", "127.0.0.1:0", "--workers", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{bound_port(log_path, process)}"

    def still_running():
        assert process.poll() is None, log_path.read_text()

    wait_until_answering(base + "/", still_running, seconds=20)
    yield base, process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_front_page_is_served_by_gunicorn(server):
    base, _process = server
    status, headers, body = get(base + "/")
    assert status == 200
    assert "gunicorn" in headers.get("Server", "")
    assert b"Masthead Courier" in body


def test_static_files_are_hashed_compressed_and_cached_for_a_year(server):
    base, _process = server
    _status, _headers, body = get(base + "/")
    css = body.decode().split('href="/static/masthead/css/site.', 1)[1].split('"', 1)[0]
    request = urllib.request.Request(f"{base}/static/masthead/css/site.{css}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
        assert "max-age=315360000" in response.headers["Cache-Control"]
        assert response.headers["Content-Encoding"] == "gzip"


def test_admin_login_page_is_served(server):
    base, _process = server
    status, _headers, body = get(base + "/admin/login/")
    assert status == 200
    assert b'name="password"' in body


def test_missing_page_is_a_styled_404(server):
    base, _process = server
    status, _headers, body = get(base + "/no-such-page/")
    assert status == 404
    assert b"Page not found" in body


def test_serve_starts_a_background_worker_beside_the_web_server(server):
    _base, process = server
    children = subprocess.run(
        ["pgrep", "-f", "-s", str(os.getsid(process.pid)), "masthead.cli worker"],
        capture_output=True,
        text=True,
    )
    assert children.stdout.strip(), "no worker process was started"


@pytest.mark.parametrize(
    ("bind", "address"),
    [
        ("127.0.0.1:8010", "http://127.0.0.1:8010"),
        ("news.example.org:80", "http://news.example.org"),
        ("0.0.0.0:8000", None),
        ("[::]:8000", None),
        ("127.0.0.1:0", None),
        ("unix:/run/masthead.sock", None),
    ],
)
def test_the_sites_links_name_the_address_it_is_served_on_where_the_bind_says_it(bind, address):
    from masthead.cli import address_of_bind

    assert address_of_bind(bind) == address


def test_a_background_worker_that_ends_is_started_again(server):
    import time

    _base, process = server

    def workers():
        found = subprocess.run(
            ["pgrep", "-f", "-s", str(os.getsid(process.pid)), "masthead.cli worker"], capture_output=True, text=True
        )
        return set(found.stdout.split())

    first = workers()
    assert first, "no worker process was started"
    for pid in first:
        os.kill(int(pid), signal.SIGKILL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (workers() - first):
        time.sleep(0.5)
    assert workers() - first, "the worker was not started again"
    assert process.poll() is None  # the site went on serving meanwhile
