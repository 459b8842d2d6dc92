"""Comment posting and reading: Masthead's whole moderation pipeline against Isso, on loopback, in one run.

    .venv/bin/python bench/comments_vs_isso.py                      # SQLite, and PostgreSQL when one answers
    .venv/bin/python bench/comments_vs_isso.py --databases sqlite   # SQLite only
    .venv/bin/python bench/comments_vs_isso.py --no-profile         # skip the in-process profile of one POST

Goal from the requirements: comment POST throughput with the whole pipeline >= 2x Isso's, Isso posting to a
thread in the same run. Reading a 50-comment thread is measured too.

Masthead, once per database: a fresh data dir under --work-dir, `masthead migrate`, `masthead demo --articles 3`,
`masthead collectstatic --noinput`, then a setup step in a child process (DJANGO_SETTINGS_MODULE=masthead.settings,
the same MASTHEAD_DATA_DIR and DATABASE_URL): the site's CommentPolicy keeps every default check, with the rate
limit raised to 10,000,000 an hour per account and per address so the checks still run but never refuse; --accounts
reader accounts are made, each with two earlier published comments (so the new-account hold lets them through,
as for returning readers), logged in with django.test.Client, and their session cookie, CSRF cookie and the CSRF
token of the article page's comment form are written to accounts.txt for wrk. A second article gets a thread of
50 published comments. Then `masthead serve --bind 127.0.0.1:PORT --workers 2 --no-worker` (gunicorn, 2 sync
workers, DEBUG off). PostgreSQL: the database --pg-database is dropped and created again with psql.

Isso: a venv in --isso-venv (made with `pip install isso gunicorn` when missing), a config written here (SQLite
in the work dir, moderation off, and its per-address guard off so that its own rate limit does not cap the
load), served by gunicorn with 2 sync workers (`isso.run:application`, --preload), with a 50-comment thread too.

Load: wrk `-t2 -c16 -d10s --latency --timeout 10s` with bench/lua/comments.lua. All servers are started first;
each target gets a 2 s warm-up, then three rounds in which every target runs once, back to back, the order
rotating, so that background load on the machine falls on all of them alike; the medians of requests/s, p50 and
p99 are reported, and Masthead's req/s over Isso's within each round. POSTs: every text differs (run tag,
thread, counter); the 2xx answers are counted by the Lua script and in the server's access log (which also has
the requests still in flight when wrk stops), and the comment rows are counted in the database before and after
each run. GETs: Isso `GET /?uri=...`, Masthead `GET /api/v1/articles/{id}/comments` and the article page,
anonymous readers. CPU ms: the user + system CPU time of the server's process group (and of PostgreSQL's backends
for the bench database) over a run, per request the server answered; it hardly depends on background load.
Before every measurement the script waits (up to 15 minutes, polling every 20 s) until no other benchmark runs
(`pgrep -f "wrk |bench/render_article|locust"`). Servers run in their own process groups and are stopped on
exit, also on Ctrl-C.

Last, unless --no-profile: one Masthead POST profiled in process (django.test.Client, SQLite data dir): wall time
of the request, of comment_submit and of each check, SQL queries per POST, and the top functions by own time.
Everything (logs, wrk output, results.json, results.md) stays in --work-dir.
"""

import argparse
import atexit
import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
LUA = BENCH / "lua" / "comments.lua"
HOST = "127.0.0.1"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
OTHER_BENCHMARKS = "wrk |bench/render_article|locust"
THREAD_SIZE = 50
RATE_LIMIT = 10_000_000
# Ordinary reader comments; the prefilled threads use them with a number, so every one differs.
PREFILL_TEXTS = [
    "The council should publish the full tender documents for the bridge repairs, not only the summary.",
    "My street was flooded twice this year and nobody from the district office has answered our letters.",
    "A very balanced article. I would add that the evening buses are the real problem for shift workers.",
    "Thanks for covering the school concert, the choir worked on that programme for the whole winter.",
    "The new cycling lane is great in summer but nobody clears it of snow, so it is useless half the year.",
]

PROCESSES = []  # servers started here, each the leader of its own process group


# --- processes -----------------------------------------------------------------------------------------------


def start(command, env, log):
    handle = open(log, "w")  # noqa: SIM115 - kept open for the server's lifetime
    process = subprocess.Popen(
        command, env=env, cwd=PROJECT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    PROCESSES.append(process)
    return process


def stop(process):
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if process in PROCESSES:
        PROCESSES.remove(process)


def stop_all():
    for process in list(PROCESSES):
        stop(process)


def on_signal(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def run(command, env=None, timeout=900, **kwargs):
    return subprocess.run(command, env=env, cwd=PROJECT, check=True, timeout=timeout, **kwargs)


def port_free(port):
    import socket

    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0


def http(method, url, body=None, headers=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_up(url, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited with {process.returncode}; see its log")
        with contextlib.suppress(OSError):
            status, _body = http("GET", url, timeout=5)
            if status == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


# --- load ----------------------------------------------------------------------------------------------------


def wait_for_quiet(notes, limit=15 * 60, every=20):
    """Wait until no other benchmark runs; after `limit` seconds measure anyway and note it."""
    started = time.monotonic()
    while True:
        found = subprocess.run(["pgrep", "-af", OTHER_BENCHMARKS], capture_output=True, text=True).stdout.strip()
        if not found:
            waited = time.monotonic() - started
            if waited > 1:
                notes.append(f"waited {waited:.0f} s for another benchmark to finish")
            return
        if time.monotonic() - started >= limit:
            note = f"another benchmark still ran after {limit // 60} minutes; measured anyway: {found.splitlines()[0]}"
            print("  " + note, flush=True)
            notes.append(note)
            return
        print(f"  another benchmark is running ({found.splitlines()[0][:80]}); waiting {every} s", flush=True)
        time.sleep(every)


def parse_wrk(text):
    def duration(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)]

    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    counts = dict(re.findall(r"(\dxx)=(\d+)", re.search(r"^COUNTS .*$", text, re.MULTILINE).group(0)))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "p50_ms": duration("50"),
        "p99_ms": duration("99"),
        "socket_errors": sum(int(n) for n in socket.groups()) if socket else 0,
        **{key: int(value) for key, value in counts.items()},
    }


def wrk(url, lua_args, args, work, name, duration):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration}",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
        "--",
        *lua_args,
    ]
    seconds = int(re.match(r"\d+", duration).group(0))
    output = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=True, timeout=seconds + 60)
    (work / f"wrk-{name}.txt").write_text(output.stdout + output.stderr)
    return parse_wrk(output.stdout)


def logged(log, offset, method):
    """Statuses of one method's requests in a gunicorn access log after `offset`: what the server answered."""
    with open(log, "rb") as handle:
        handle.seek(offset)
        text = handle.read().decode("utf-8", "replace")
    statuses = re.findall(rf'"{method} \S+ HTTP/[\d.]+" (\d{{3}}) ', text)
    return {status: statuses.count(status) for status in sorted(set(statuses))}


def settle(log, offset, method, seconds=60):
    """Wait until the server has answered every request still in flight when wrk stopped."""
    last = None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        current = sum(logged(log, offset, method).values())
        if current == last:
            return
        last = current
        time.sleep(1.5)


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_times(pgid, match=None):
    """CPU seconds (user + system) of each process in the server's process group, and of processes whose command
    line holds `match` (PostgreSQL's backends for the bench database)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            mine = int(fields[2]) == pgid
            if not mine and match:
                mine = match in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except (OSError, ValueError):
            continue
        if mine:
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
    return found


def cpu_used(before, after):
    """CPU seconds used between two snapshots (a process that ended in between is left out)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


@dataclass
class Target:
    """One thing to load: a URL, the Lua script's arguments ("{tag}" is replaced by a run tag), the server's
    process group and access log, and for POSTs a row counter."""

    name: str
    url: str
    lua_args: list
    method: str
    log: Path
    pgid: int
    cpu_match: str | None = None
    count_rows: object = None
    runs: list = field(default_factory=list)

    def summary(self):
        runs = self.runs
        result = {
            "runs": runs,
            "rps": statistics.median(r["rps"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "cpu_ms": statistics.median(r["cpu_ms"] for r in runs),
            "2xx": sum(r["2xx"] for r in runs),
            "not_2xx": sum(r["3xx"] + r["4xx"] + r["5xx"] + r["socket_errors"] for r in runs),
            "load_before": [r["load_before"] for r in runs],
            "server": sum(sum(r["server"].values()) for r in runs),
            "server_2xx": sum(n for r in runs for status, n in r["server"].items() if status.startswith("2")),
        }
        if self.count_rows:
            result["rows"] = sum(r["rows"] for r in runs)
        return result


def load(target, args, work, notes, label, duration):
    tag = f"{target.name}-{label}-{int(time.time())}"
    wait_for_quiet(notes)
    loadavg = os.getloadavg()[0]
    before = target.count_rows() if target.count_rows else None
    offset = target.log.stat().st_size
    cpu = cpu_times(target.pgid, target.cpu_match)
    lua_args = [part.replace("{tag}", tag) for part in target.lua_args]
    result = wrk(target.url, lua_args, args, work, f"{target.name}-{label}", duration)
    result["load_before"] = loadavg
    settle(target.log, offset, target.method)
    result["server"] = logged(target.log, offset, target.method)
    answered = sum(result["server"].values())
    result["cpu_ms"] = cpu_used(cpu, cpu_times(target.pgid, target.cpu_match)) * 1000 / max(answered, 1)
    if target.count_rows:
        result["rows"] = target.count_rows() - before
    return result


def measure(targets, args, work, notes):
    """A 2 s warm-up of each target, then --runs rounds; each round loads every target once, the order rotating
    from round to round, so that a change in the machine's background load falls on all of them alike."""
    for target in targets:
        load(target, args, work, notes, "warm", "2s")
    for number in range(args.runs):
        shift = number % len(targets)
        for target in targets[shift:] + targets[:shift]:
            result = load(target, args, work, notes, str(number + 1), args.duration)
            target.runs.append(result)
            extra = f"; server answered {result['server']}, {result['cpu_ms']:.1f} CPU ms each"
            if target.count_rows:
                extra += f", {result['rows']} rows stored"
            print(
                f"  {target.name} run {number + 1}: {result['rps']:.1f} req/s, p50 {result['p50_ms']:.1f} ms, "
                f"p99 {result['p99_ms']:.1f} ms, 2xx {result['2xx']} of {result['requests']} seen by wrk{extra} "
                f"(load average {result['load_before']:.2f} before)",
                flush=True,
            )
    return {target.name: target.summary() for target in targets}


# --- Isso ----------------------------------------------------------------------------------------------------

ISSO_CONFIG = """\
[general]
dbpath = {db}
host = http://{host}:{port}/
notify = stdout
gravatar = false

[moderation]
enabled = false

[guard]
# Off: Isso's guard allows 2 new comments a minute from one address, and the whole load comes from 127.0.0.1.
enabled = false

[server]
listen = http://{host}:{port}/
"""


def isso_python(venv):
    return Path(venv) / "bin" / "python"


def ensure_isso(venv):
    python = isso_python(venv)
    if not (python.exists() and (Path(venv) / "bin" / "gunicorn").exists()):
        print(f"making {venv}: pip install isso gunicorn", flush=True)
        run(["python3", "-m", "venv", venv])
        run([str(Path(venv) / "bin" / "pip"), "install", "-q", "isso", "gunicorn"])
    code = "import importlib.metadata as m; print(m.version('isso'), m.version('gunicorn'))"
    isso, gunicorn = run([str(python), "-c", code], capture_output=True, text=True).stdout.split()
    return {"isso": isso, "isso_gunicorn": gunicorn}


def isso_count(db, uri):
    with contextlib.closing(sqlite3.connect(db, timeout=30)) as connection:
        query = "SELECT count(*) FROM comments JOIN threads ON comments.tid = threads.id WHERE threads.uri = ?"
        return connection.execute(query, (uri,)).fetchone()[0]


def start_isso(args, work, port):
    """Isso under gunicorn with a config of its own, a thread to post to and a thread of 50 comments."""
    home = work / "isso"
    home.mkdir(parents=True)
    db = home / "comments.db"
    config = home / "isso.cfg"
    config.write_text(ISSO_CONFIG.format(db=db, host=HOST, port=port))
    env = dict(os.environ, ISSO_SETTINGS=str(config))
    gunicorn = Path(args.isso_venv) / "bin" / "gunicorn"
    command = [str(gunicorn), "--preload", "--workers", str(args.workers), "--worker-class", "sync"]
    command += ["--bind", f"{HOST}:{port}", "--access-logfile", "-", "--control-socket", str(home / "gunicorn.ctl")]
    command.append("isso.run:application")
    base = f"http://{HOST}:{port}"
    process = start(command, env, home / "server.log")
    wait_until_up(f"{base}/info", process)
    headers = {"Content-Type": "application/json"}
    # A thread needs a title with its first comment, or Isso fetches the page from the site to find one.
    status, body = http("POST", f"{base}/new?uri=%2Fthread%2F", {"text": "First.", "title": "Bench"}, headers)
    assert status == 201, (status, body)
    for number in range(THREAD_SIZE):
        text = f"{PREFILL_TEXTS[number % len(PREFILL_TEXTS)]} ({number + 1})"
        comment = {"text": text, "author": f"reader {number + 1}", "title": "Bench thread"}
        status, body = http("POST", f"{base}/new?uri=%2Fthread-50%2F", comment, headers)
        assert status == 201, (status, body)
    status, body = http("GET", f"{base}/?uri=%2Fthread-50%2F")
    shown = len(json.loads(body)["replies"])
    assert status == 200 and shown == THREAD_SIZE, (status, shown)
    print(f"isso: serving on {base}, a thread of {shown} comments", flush=True)
    log = home / "server.log"
    post = Target(
        "isso-post",
        f"{base}/new?uri=%2Fthread%2F",
        ["isso-post", "{tag}"],
        "POST",
        log,
        process.pid,
        count_rows=lambda: isso_count(db, "/thread/"),
    )
    get = Target("isso-get-thread", f"{base}/?uri=%2Fthread-50%2F", ["get"], "GET", log, process.pid)
    return {"post": post, "get_thread": get}


# --- Masthead ------------------------------------------------------------------------------------------------


def masthead_env(data_dir, database_url):
    env = dict(os.environ, MASTHEAD_DATA_DIR=str(data_dir), DEBUG="0", DJANGO_SETTINGS_MODULE="masthead.settings")
    env.pop("DATABASE_URL", None)
    env.pop("ALLOWED_HOSTS", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def django_child(env, *argv, timeout=900):
    """Run a step of this script inside Django, in a child process with the given environment."""
    done = run([sys.executable, __file__, "--django", *argv], env=env, timeout=timeout, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare_postgres(url, name):
    admin = re.sub(r"/[^/]*$", "/postgres", url)
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        run(["psql", admin, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True, timeout=120)
    version = run(["psql", admin, "-tAc", "SHOW server_version"], capture_output=True, text=True).stdout.strip()
    return version.split()[0]


def start_masthead(args, work, port, database):
    """A fresh data dir (and database), the setup step, and `masthead serve`; checks one POST by hand."""
    home = work / f"masthead-{database}"
    data_dir = home / "data"
    data_dir.mkdir(parents=True)
    database_url = None
    versions = {}
    if database == "postgres":
        database_url = f"{args.pg_url.rstrip('/')}/{args.pg_database}"
        versions["PostgreSQL"] = prepare_postgres(database_url, args.pg_database)
    env = masthead_env(data_dir, database_url)
    manage = [sys.executable, "-m", "masthead.cli"]
    started = time.monotonic()
    with open(home / "setup.log", "w") as log:
        for step in (["migrate", "--noinput"], ["demo", "--articles", "3"], ["collectstatic", "--noinput"]):
            run([*manage, *step], env=env, stdout=log, stderr=subprocess.STDOUT)
    setup = django_child(env, "setup", str(home / "accounts.txt"), str(args.accounts))
    print(
        f"masthead ({database}): data dir {data_dir} ready in {time.monotonic() - started:.0f} s; "
        f"{args.accounts} accounts; POST to article {setup['post_article']}, "
        f"thread of {THREAD_SIZE} on {setup['thread_url']}",
        flush=True,
    )
    command = [*manage, "serve", "--bind", f"{HOST}:{port}", "--workers", str(args.workers), "--no-worker"]
    base = f"http://{HOST}:{port}"
    process = start(command, env, home / "server.log")
    wait_until_up(f"{base}{setup['thread_url']}", process)
    post_url = f"{base}/api/v1/articles/{setup['post_article']}/comments"
    session, cookie, header = (home / "accounts.txt").read_text().split("\n", 1)[0].split()
    headers = {
        "Content-Type": "application/json",
        "Cookie": f"sessionid={session}; csrftoken={cookie}",
        "X-CSRFToken": header,
    }
    status, body = http("POST", post_url, {"text": PREFILL_TEXTS[0] + " (test)", "submission_key": ""}, headers)
    if status != 201:
        raise SystemExit(f"a POST with the first account's session answered {status}: {body[:300]!r}")
    api = f"{base}/api/v1/articles/{setup['thread_article']}/comments"
    status, body = http("GET", api)
    assert status == 200 and len(json.loads(body)["comments"]) == THREAD_SIZE, (status, body[:300])
    print(f"masthead ({database}): serving on {base}; a test POST answered 201: {json.loads(body)['count']} shown")
    name = f"masthead-{database}"
    log = home / "server.log"
    # PostgreSQL's work for the site happens in its backends, outside the server's process group: counted too.
    backends = f" {args.pg_database} " if database_url else None
    post = Target(
        f"{name}-post",
        post_url,
        ["masthead-post", "{tag}", str(home / "accounts.txt")],
        "POST",
        log,
        process.pid,
        backends,
        count_rows=lambda: django_child(env, "count", str(setup["post_article"]))["rows"],
    )
    page = f"{base}{setup['thread_url']}"
    # The framework's floor: the same logged-in POST (session, user, CSRF, JSON body) without its text, which the
    # API's schema refuses with a 422 before the view runs. (Not a 404 for a missing article: Wagtail's redirect
    # middleware looks every 404 up among the site's redirects, which costs more than the rest of the request.)
    floor = Target(
        f"{name}-post-floor",
        post_url,
        ["masthead-floor", "{tag}", str(home / "accounts.txt")],
        "POST",
        log,
        process.pid,
        backends,
    )
    return {
        "post": post,
        "post_floor": floor,
        "get_thread": Target(f"{name}-get-api", api, ["get"], "GET", log, process.pid, backends),
        "get_page": Target(f"{name}-get-page", page, ["get"], "GET", log, process.pid, backends),
        "statuses": lambda: django_child(env, "count", str(setup["post_article"]))["statuses"],
        "versions": {**setup["versions"], **versions},
        "data_dir": str(data_dir),
    }


# --- inside Django -------------------------------------------------------------------------------------------


def django_setup():
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()


def child_setup(accounts_file, accounts):
    """Policy, accounts with sessions, and a 50-comment thread; prints what the load generator needs."""
    import importlib.metadata
    import re as regex
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Site

    from masthead.comments.models import Comment
    from masthead.comments.policy import CommentPolicy, default_checks
    from masthead.comments.services import refresh_comment_count
    from masthead.newsroom.models import ArticlePage

    site = Site.objects.get(is_default_site=True)
    policy = CommentPolicy.for_site(site)
    checks = policy.checks.raw_data
    for block in checks:
        if block["type"] == "rate_limit":
            block["value"].update(per_account_per_hour=RATE_LIMIT, per_address_per_hour=RATE_LIMIT)
    policy.checks = checks
    policy.save()
    policy = CommentPolicy.objects.get(pk=policy.pk)
    kinds = [block.block_type for block in policy.checks]
    assert kinds == [kind for kind, _value in default_checks()], f"the site's checks are not the defaults: {kinds}"
    limits = next(block.value for block in policy.checks if block.block_type == "rate_limit")
    assert limits["per_account_per_hour"] == RATE_LIMIT and limits["per_address_per_hour"] == RATE_LIMIT, limits
    assert policy.mode == CommentPolicy.Mode.OPEN, policy.mode

    english = list(ArticlePage.objects.live().filter(locale__language_code="en").order_by("pk"))
    post_article, thread_article, other_article = english[:3]
    Comment.objects.filter(article=thread_article).delete()
    user_model = get_user_model()
    now = timezone.now()
    lines = []
    for number in range(accounts):
        name = f"bench-reader-{number:03d}"
        user = user_model.objects.create_user(username=name, email=f"{name}@example.org", password=None)
        # Two earlier published comments: a returning reader, past the new-account hold.
        for article, hours in ((other_article, 3), (thread_article, 2)):
            if article is thread_article and number >= THREAD_SIZE:
                article = other_article
            text = f"{PREFILL_TEXTS[number % len(PREFILL_TEXTS)]} ({number + 1})"
            Comment.objects.create(
                article=article,
                author=user,
                text=text,
                status=Comment.Status.PUBLISHED,
                created_at=now - timedelta(hours=hours, minutes=THREAD_SIZE - number),
            )
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        page = client.get(post_article.url)
        assert page.status_code == 200, page.status_code
        token = regex.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        assert token and "csrftoken" in client.cookies, "the article page gave no CSRF token to a logged-in reader"
        lines.append(f"{client.cookies['sessionid'].value} {client.cookies['csrftoken'].value} {token.group(1)}")
    Path(accounts_file).write_text("\n".join(lines) + "\n")
    for article in (post_article, thread_article, other_article):
        refresh_comment_count(article_id=article.pk)
    shown = Comment.objects.filter(article=thread_article, status=Comment.Status.PUBLISHED, parent=None).count()
    assert shown == THREAD_SIZE, shown
    versions = {
        name: importlib.metadata.version(name) for name in ("masthead", "Django", "wagtail", "gunicorn", "django-ninja")
    }
    versions["Python"] = sys.version.split()[0]
    if connection.vendor == "sqlite":
        import sqlite3 as sqlite

        versions["SQLite"] = sqlite.sqlite_version
    return {
        "post_article": post_article.pk,
        "thread_article": thread_article.pk,
        "thread_url": thread_article.url,
        "checks": kinds,
        "versions": versions,
    }


def child_count(article_id):
    from django.db.models import Count

    from masthead.comments.models import Comment

    rows = Comment.objects.filter(article_id=int(article_id))
    statuses = dict(rows.values_list("status").annotate(n=Count("pk")).order_by())
    return {"rows": rows.count(), "statuses": statuses}


def child_profile(posts):
    """Where one POST's time goes: wall times of the request, the service and each check; queries; own time."""
    import cProfile
    import io
    import pstats
    from collections import Counter

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from masthead.comments import services
    from masthead.comments.moderation import pipeline
    from masthead.newsroom.models import ArticlePage

    timings = Counter()
    order = []

    def timed(name, function):
        order.append(name)

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] += time.perf_counter() - started

        return wrapper

    # Wrapped where the callers look them up at call time (module attributes, class attributes, the checks table).
    import django.contrib.auth
    from django.contrib.sessions.backends.db import SessionStore

    from masthead.comments import api
    from masthead.comments.models import Comment

    SessionStore.load = timed("request: session load (middleware)", SessionStore.load)
    django.contrib.auth.get_user = timed("request: user load (middleware)", django.contrib.auth.get_user)
    api.live_article = timed("view: live_article", api.live_article)
    api.serialise = timed("view: serialise the answer", api.serialise)
    services.comment_submit = timed("comment_submit (whole service, with its transaction)", services.comment_submit)
    services.policy_for = timed("  policy_for (site + CommentPolicy)", services.policy_for)
    services.check_can_comment = timed("  check_can_comment (mode, ban)", services.check_can_comment)
    services.check_text = timed("  check_text (clean_text)", services.check_text)
    pipeline.run = timed("  pipeline.run (all checks)", pipeline.run)
    for kind, check in list(pipeline.CHECKS.items()):
        pipeline.CHECKS[kind] = timed(f"    check {kind}", check)
    Comment.save = timed("  Comment.save (INSERT + reference-index task)", Comment.save)
    services.log = timed("  audit log entry (wagtail log)", services.log)
    services.refresh_comment_count = timed("  refresh_comment_count (UPDATE)", services.refresh_comment_count)
    services.notify_about = timed("  notify_about (after commit)", services.notify_about)

    user = get_user_model().objects.get(username="bench-reader-000")
    article = ArticlePage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(article.url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    url = f"/api/v1/articles/{article.pk}/comments"
    texts = PREFILL_TEXTS

    def post(number):
        body = json.dumps({"text": f"{texts[number % len(texts)]} (profile {number} {time.time()})"})
        response = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
        assert response.status_code == 201, (response.status_code, response.content[:300])
        return response

    for number in range(10):
        post(number)
    timings.clear()
    walls = []
    for number in range(posts):
        started = time.perf_counter()
        post(1000 + number)
        walls.append(time.perf_counter() - started)
    breakdown = {name: round(timings[name] / posts * 1000, 3) for name in order}
    with CaptureQueriesContext(connection) as captured:
        status = post(99_999).json()["comment"]["status"]
    queries = [query["sql"] for query in captured.captured_queries]
    kinds = Counter(sql.split()[0].upper() for sql in queries)
    profiler = cProfile.Profile()
    profiler.enable()
    for number in range(posts):
        post(20_000 + number)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(r"masthead/", 25)
    return {
        "posts": posts,
        "status": status,
        "request_ms_median": round(statistics.median(walls) * 1000, 2),
        "request_ms_mean": round(statistics.mean(walls) * 1000, 2),
        "breakdown_ms": breakdown,
        "queries": len(queries),
        "query_kinds": dict(kinds),
        "sql": [sql[:220] for sql in queries],
        "profile": stream.getvalue(),
    }


def django_main(argv):
    django_setup()
    step, *rest = argv
    steps = {"setup": lambda: child_setup(rest[0], int(rest[1])), "count": lambda: child_count(rest[0])}
    steps["profile"] = lambda: child_profile(int(rest[0]))
    print(json.dumps(steps[step](), default=str))


# --- report --------------------------------------------------------------------------------------------------


def table(results):
    isso = results["isso"]
    numbers = ("rps", "p50_ms", "p99_ms", "cpu_ms")
    header = ("server", "POST req/s", "p50 ms", "p99 ms", "CPU ms", "2xx (wrk)", "2xx (server log)", "rows stored")
    rows = [(*header, "GET", "req/s", "p50 ms", "p99 ms", "CPU ms")]
    blank = ["", "", "", ""]

    def line(name, post, what, get):
        posted = [f"{post[key]:.1f}" for key in numbers] if post else blank
        counts = [str(post[key]) for key in ("2xx", "server_2xx", "rows")] if post else blank[:3]
        rows.append((name, *posted, *counts, what, *(f"{get[key]:.1f}" for key in numbers)))

    def ratio(name, post, what, get):
        posted = [f"{post[key] / isso['post'][key]:.2f}x" for key in numbers] if post else blank
        read = [f"{get[key] / isso['get_thread'][key]:.2f}x" for key in numbers]
        rows.append((name, *posted, "", "", "", what, *read))

    line("Isso", isso["post"], "/?uri= (50)", isso["get_thread"])
    for database, result in results["masthead"].items():
        line(f"Masthead, {database}", result["post"], "API thread (50)", result["get_thread"])
        line(f"Masthead, {database}", None, "article page", result["get_page"])
    for database, result in results["masthead"].items():
        ratio(f"Masthead, {database} / Isso", result["post"], "API thread", result["get_thread"])
        ratio(f"Masthead, {database} / Isso", None, "article page", result["get_page"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |" for row in rows]
    out.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(out)


def round_ratios(results):
    """Masthead's req/s over Isso's in each round (the servers of a round ran back to back), and their median."""
    lines = []
    for kind, label in (("post", "POST"), ("get_thread", "GET thread")):
        isso = [run["rps"] for run in results["isso"][kind]["runs"]]
        for database, result in results["masthead"].items():
            mine = [run["rps"] for run in result[kind]["runs"]]
            ratios = [m / i for m, i in zip(mine, isso, strict=True)]
            listed = ", ".join(f"{r:.2f}" for r in ratios)
            lines.append(f"{label}, {database}: {listed} (median {statistics.median(ratios):.2f})")
    return lines


def report(results, args):
    versions = results["versions"]
    measured = [results["isso"]] + list(results["masthead"].values())
    loads = [
        load
        for result in measured
        for part in result.values()
        if isinstance(part, dict)
        for load in part.get("load_before", [])
    ]
    failures = {
        f"{server} {kind}": part["not_2xx"]
        for server, result in [
            ("Isso", results["isso"]),
            *((f"Masthead {db}", r) for db, r in results["masthead"].items()),
        ]
        for kind, part in result.items()
        if isinstance(part, dict) and part.get("not_2xx") and kind != "post_floor"
    }
    lines = [
        "## Comment posting vs Isso",
        "",
        f"{date.today().isoformat()}, {os.cpu_count()} cores, load average {min(loads):.2f} to {max(loads):.2f} "
        f"before the measured runs. Rerun: `.venv/bin/python bench/comments_vs_isso.py`.",
        "",
        ", ".join(f"{name} {version}" for name, version in versions.items()),
        "",
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration} --latency --timeout 10s, {args.runs} runs after "
        f"a 2 s warm-up; medians of the runs. Both servers: gunicorn, {args.workers} sync workers, on loopback. POST: "
        f"every text differs; Masthead rotates {args.accounts} logged-in accounts (session cookie + CSRF token), "
        f"every default check on, rate limit raised to {RATE_LIMIT:,} an hour; Isso with its guard (per-address "
        f"rate limit) and moderation off. 2xx (wrk), 2xx (the server's access log) and rows (counted in the "
        f"database before and after each run) are summed over the {args.runs} runs; the log and the rows also "
        f"count requests still in flight when wrk stopped. GET: a {THREAD_SIZE}-comment thread, anonymous reader. "
        f"CPU ms: user + system CPU time of the server's processes (for PostgreSQL also its backends) per request "
        f"it answered, median of the runs; unlike req/s it hardly depends on what else the machine runs.",
        "",
        table(results),
        "",
        "Masthead req/s ÷ Isso req/s in each round: " + "; ".join(round_ratios(results)) + ".",
        "",
        "Answers other than 2xx: " + (", ".join(f"{k} {v}" for k, v in failures.items()) if failures else "none."),
    ]
    for database, result in results["masthead"].items():
        floor, isso_post = result["post_floor"], results["isso"]["post"]
        lines += [
            "",
            f"Framework floor ({database}): the same logged-in POST without its text, refused 422 by the API's schema "
            f"after the session, user, CSRF check and JSON parsing, before the view runs: {floor['rps']:.1f} req/s "
            f"({floor['rps'] / isso_post['rps']:.2f}x Isso's POST), {floor['cpu_ms']:.1f} CPU ms each.",
        ]
    for database, result in results["masthead"].items():
        lines += ["", f"Masthead ({database}) comments on the POST article after the run, by status: "]
        lines[-1] += ", ".join(f"{status} {n}" for status, n in sorted(result["statuses"].items()))
    if results["notes"]:
        lines += ["", "Notes: " + "; ".join(results["notes"])]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both, comma-separated")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432", help="server of --databases postgres")
    parser.add_argument("--pg-database", default="masthead_comments_bench", help="dropped and created again")
    parser.add_argument("--isso-venv", default="/tmp/isso-venv")
    parser.add_argument("--work-dir", default="/tmp/masthead-comments-bench", help="scratch; emptied first")
    parser.add_argument("--port", type=int, default=8821, help="first of three loopback ports")
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile-posts", type=int, default=200)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--django", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.django:
        return django_main(args.django)

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    notes = []
    if "postgres" in databases:
        ready = (
            subprocess.run(["pg_isready", "-d", args.pg_url], capture_output=True)
            if shutil.which("pg_isready")
            else None
        )
        if ready is None or ready.returncode != 0:
            databases.remove("postgres")
            notes.append(f"PostgreSQL skipped: nothing answers at {args.pg_url}")
            print(notes[-1], flush=True)
    ports = [args.port + offset for offset in range(3)]
    busy = [port for port in ports if not port_free(port)]
    if busy:
        raise SystemExit(f"ports {busy} are taken; pick others with --port")

    atexit.register(stop_all)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even where it was inherited as ignored
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    work = Path(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    banner = subprocess.run(["wrk", "-v"], capture_output=True, text=True)  # exits 1 after printing its version
    versions = {"wrk": (banner.stdout + banner.stderr).split()[1]}
    versions.update(ensure_isso(args.isso_venv))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True)
    changed = subprocess.run(["git", "status", "--porcelain", "masthead"], cwd=PROJECT, capture_output=True, text=True)
    if commit.returncode == 0:
        versions["commit"] = commit.stdout.strip() + (
            " with uncommitted changes in masthead/" if changed.stdout else ""
        )
    results = {"notes": notes, "masthead": {}}
    try:
        isso = start_isso(args, work, ports[0])
        masthead = {db: start_masthead(args, work, ports[n], db) for n, db in enumerate(databases, start=1)}
        print("POST: Isso and Masthead in turn", flush=True)
        posts = [isso["post"], *(m[kind] for m in masthead.values() for kind in ("post", "post_floor"))]
        posts = measure(posts, args, work, notes)
        print("GET of a 50-comment thread: in turn", flush=True)
        gets = [isso["get_thread"], *(m[kind] for m in masthead.values() for kind in ("get_thread", "get_page"))]
        gets = measure(gets, args, work, notes)
        results["isso"] = {"post": posts[isso["post"].name], "get_thread": gets[isso["get_thread"].name]}
        assert isso_count(work / "isso" / "comments.db", "/thread-50/") == THREAD_SIZE
        for database, started in masthead.items():
            statuses = started["statuses"]()
            print(f"masthead ({database}): comments on the POST article by status: {statuses}", flush=True)
            results["masthead"][database] = {
                "post": posts[started["post"].name],
                "post_floor": posts[started["post_floor"].name],
                "get_thread": gets[started["get_thread"].name],
                "get_page": gets[started["get_page"].name],
                "statuses": statuses,
                "versions": started["versions"],
                "data_dir": started["data_dir"],
            }
    finally:
        stop_all()
    results["versions"] = {}
    for result in results["masthead"].values():
        results["versions"].update(result["versions"])
    results["versions"].update(versions)
    (work / "results.json").write_text(json.dumps(results, indent=2, default=str))
    text = report(results, args)
    (work / "results.md").write_text(text)
    print()
    print(text)

    if not args.no_profile and "sqlite" in results["masthead"]:
        result = results["masthead"]["sqlite"]
        print(
            f"profiling {args.profile_posts} POSTs in process (django.test.Client) on {result['data_dir']}", flush=True
        )
        env = masthead_env(result["data_dir"], None)
        wait_for_quiet(results["notes"])
        print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
        profile = django_child(env, "profile", str(args.profile_posts), timeout=1800)
        (work / "profile.json").write_text(json.dumps(profile, indent=2))
        print(
            f"one POST: median {profile['request_ms_median']} ms, mean {profile['request_ms_mean']} ms; "
            f"{profile['queries']} SQL queries {profile['query_kinds']}; the comment was {profile['status']}"
        )
        for name, ms in profile["breakdown_ms"].items():
            print(f"  {ms:8.3f} ms  {name}")
        for sql in profile["sql"]:
            print(f"  SQL  {sql[:150]}")
        print(profile["profile"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
