"""A mixed load on Masthead behind its shipped nginx proxy, then proof that every accepted write is in the database.

    flock /tmp/bench.lock .venv/bin/python bench/mixed_load.py                      # 10 minutes on /tmp/bench-100k
    flock /tmp/bench.lock .venv/bin/python bench/mixed_load.py --data /tmp/bench-1k --duration 20

Setup: the data dir (--data) is copied with `cp -a` into --work-dir, so every run starts from the same state and
the shared data set stays untouched. On the copy, reader accounts are made with bench/comments_vs_isso.py's setup
step (each with two earlier published comments, so the new-account hold lets them publish; the comment policy's rate
limits raised so its checks run but never refuse; logged in, with session and CSRF token). Then
`masthead nginx_config` in a main config of its own (nginx with the purge module) in front of `masthead serve
--workers 2 --no-worker` and one `masthead worker`, which flushes buffered view counts every 20 s. The app runs with
TRUSTED_PROXIES=1, MASTHEAD_PROXY_PURGE_URL at the proxy and CSRF_TRUSTED_ORIGINS set to the proxy's address
(the proxy passes `Host` without its port, and a browser's `Origin` has it).

Load: --users threads, each a stream of reader visits through the proxy, with no pause between requests. Every
visit is a new reader: its own loopback source address (127.x.y.z; nginx puts it in X-Forwarded-For, which the app
trusts with TRUSTED_PROXIES=1) and one of a few browser user agents, so rate limits, typo reporters and the view
counter's once-per-reader rule see distinct readers, as they would on the internet. Each step of a visit is drawn:

    95%  a read: an article (most from the 300 newest, some from the long tail), a home page, a section page,
         or page 2 of a section or the home page (a query string: the proxy passes it to the app)
     3%  a comment, posted as a logged-in account (session cookie + CSRF token) to an article open for comments
     1%  a typo report: the reader selects a word really present in an article it read in this visit (headline,
         lead or a body paragraph, measured as typos.js measures it), fetches /api/v1/typos/token, and posts
     1%  a view beacon, as beacon.js sends it, for an article the reader read in this visit; sometimes the same
         article twice, which must not count twice

A typo report or beacon drawn before the reader has read an article first reads one (counted as a read).

Counted on the client: every request by kind, every answer other than 2xx/3xx and every socket error (an error),
every accepted write: a comment answered 201 (by id), a typo report answered 200/201, a beacon answered
`counted: true`. Afterwards the servers are stopped, `masthead audience_flush` runs once more, and a child process
inside Django counts the database: comments by id (with the run's tag in the text), typo reports (the sum of the
reports' reader counts and the reporter rows, before and after: one per accepted report, since every reader is
new), views (view_count after minus before, per article and in all). Exit status 1 on any error or any loss.
Logs (app, worker, nginx access and error), the plan and results.json stay in --work-dir.
"""

import argparse
import atexit
import http.client
import itertools
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

from comments_vs_isso import (
    PREFILL_TEXTS,
    masthead_env,
    on_signal,
    port_free,
    start,
    stop,
    stop_all,
    wait_until_up,
)
from servers import group_cpu_seconds, settle
from tables import print_rows

from masthead.pagecache.nginx_config import PURGE_MODULE, write_standalone

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
HOST = "127.0.0.1"
MIX = {"read": 95, "comment": 3, "typo": 1, "beacon": 1}
READS = {"article": 75, "home": 10, "section": 10, "page 2": 5}
# Kinds of request, in the order of the table.
KINDS = ["article", "home", "section", "page 2", "comment", "typo token", "typo report", "view beacon"]
READ_KINDS = KINDS[:4]
HOT_ARTICLES = 300
TAIL_ARTICLES = 3000
BROWSERS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.6 Mobile/15E148 Safari/604.1",
]
CONTEXT = 60  # characters of context typos.js sends on either side of a selection
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
WORD = re.compile(r"[^\W\d_]{4,}")
# The proxy's own log of every request, for the cross-check of the client's counts (the shipped config logs
# only anonymous page views, and its server-level log hides any http-level one, so this one goes beside it).
ACCESS_LOG_FORMAT = (
    "log_format mixed '$remote_addr \"$request\" $status $upstream_status $upstream_cache_status $request_time';"
)
ACCESS_LOG = "access_log {work}/nginx-access.log mixed buffer=64k flush=2s;"


# --- servers -------------------------------------------------------------------------------------------------


def masthead(*argv):
    return [sys.executable, "-m", "masthead.cli", *argv]


def copy_data(source, target):
    if not (Path(source) / "masthead.sqlite3").exists():
        raise SystemExit(f"{source} holds no masthead.sqlite3: build it with bench/make_data.sh")
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["cp", "-a", str(source), str(target)], check=True)


def app_env(data_dir, proxy):
    env = masthead_env(data_dir, None)
    # The copy's own SQLite database and disk cache, and views counted by the beacon: nothing from the shell.
    for name in ("REDIS_URL", "MASTHEAD_AUDIENCE_PROXY_LOG"):
        env.pop(name, None)
    env.update(
        TRUSTED_PROXIES="1",
        MASTHEAD_PROXY_PURGE_URL=proxy,
        # nginx passes `Host: 127.0.0.1` without the port, while a browser's Origin names it.
        CSRF_TRUSTED_ORIGINS=proxy,
        MASTHEAD_SCHEDULER_INTERVAL="20",
    )
    return env


def nginx_command(work, listen, upstream):
    command = write_standalone(
        work,
        listen=listen,
        upstreams=[upstream],
        views_log="nginx-views.log",
        workers=2,
        connections=4096,
        http_extra="    " + ACCESS_LOG_FORMAT,
    )
    site = (work / "masthead.conf").read_text()
    site = site.replace("    server_name _;\n", f"    server_name _;\n    {ACCESS_LOG.format(work=work)}\n", 1)
    (work / "masthead.conf").write_text(site)
    return command


def start_servers(work, env, proxy_port, app_port):
    """The app (2 sync workers, no worker beside it), one task worker, and nginx in front; their process groups."""
    serve = masthead("serve", "--bind", f"{HOST}:{app_port}", "--workers", "2", "--no-worker", "--no-migrate")
    app = start(serve, env, work / "app.log")
    worker = start(masthead("worker"), env, work / "worker.log")
    proxy = start(nginx_command(work, f"{HOST}:{proxy_port}", f"{HOST}:{app_port}"), env, work / "nginx.out")
    wait_until_up(f"http://{HOST}:{app_port}/", app)
    wait_until_up(f"http://{HOST}:{proxy_port}/", proxy)
    return {"app": app, "worker": worker, "nginx": proxy}


def wait_for_tasks(env, limit=600):
    """Let the worker finish the tasks the data set was built with (index updates), so the load meets a worker
    that keeps up, as in a running site."""
    started = time.monotonic()
    while (waiting := django_step(env, "tasks")["ready"]) and time.monotonic() - started < limit:
        time.sleep(5)
    print(f"worker: {waiting} background tasks waiting after {time.monotonic() - started:.0f} s", flush=True)


def cpu_of(groups):
    return {name: group_cpu_seconds(process.pid) for name, process in groups.items()}


def run_logged(command, env, work, name):
    with open(work / f"{name}.log", "a") as log:
        subprocess.run(command, env=env, cwd=PROJECT, check=True, stdout=log, stderr=subprocess.STDOUT)


def django_step(env, *argv, timeout=1800):
    """A step of this script inside Django (see django_main), in a child with the app's environment."""
    command = [sys.executable, __file__, "--django", *argv]
    done = subprocess.run(command, env=env, cwd=PROJECT, check=True, capture_output=True, text=True, timeout=timeout)
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare_accounts(env, work, accounts):
    """Reader accounts with sessions, through the comment benchmark's own setup step (it also raises the rate
    limits); a line per account: session id, CSRF cookie, CSRF token."""
    path = work / "accounts.txt"
    command = [sys.executable, str(BENCH / "comments_vs_isso.py"), "--django", "setup", str(path), str(accounts)]
    subprocess.run(command, env=env, cwd=PROJECT, check=True, capture_output=True, text=True, timeout=1800)
    lines = path.read_text().splitlines()
    return [
        dict(zip(("session", "cookie", "token"), line.split(), strict=True), number=number)
        for number, line in enumerate(lines)
    ]


# --- what a reader's page looks like ------------------------------------------------------------------------


def squash(text):
    """Every run of whitespace as one space, as typos.js counts characters."""
    return WHITESPACE.sub(" ", text)


class ArticleText(HTMLParser):
    """The text of an article page's typo scopes (headline, lead, body) and the body's paragraph blocks, as
    `textContent` gives it, with each block's span in its scope's text."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.scopes, self.blocks, self.stack = {}, [], []
        self.scope = self.block = None
        self.feed(html)
        self.close()
        self.scopes = {name: "".join(parts) for name, parts in self.scopes.items()}

    def length(self):
        return sum(len(part) for part in self.scopes[self.scope])

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        role = None
        if "data-typo-scope" in attrs and self.scope is None:
            self.scope, role = attrs["data-typo-scope"], "scope"
            self.scopes[self.scope] = []
        elif "data-block-id" in attrs and self.scope is not None and self.block is None:
            self.block, role = {"id": attrs["data-block-id"], "start": self.length(), "kind": None}, "block"
        elif self.block is not None and self.block["kind"] is None:
            self.block["kind"] = attrs.get("class") or ""
        self.stack.append((tag, role))

    def handle_startendtag(self, tag, attrs):
        pass  # <br/> and the like: no text, no nesting

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, _role in self.stack):
            return
        while self.stack:
            open_tag, role = self.stack.pop()
            if role == "block":
                self.block.update(end=self.length(), scope=self.scope)
                self.blocks.append(self.block)
                self.block = None
            elif role == "scope":
                self.scope = None
            if open_tag == tag:
                return

    def handle_data(self, data):
        if self.scope is not None:
            self.scopes[self.scope].append(data)


def report_places(html):
    """Places a reader could select: one word each, in the headline, the lead or a body paragraph, with the
    fields typos.js would send for it."""
    page = ArticleText(html)
    regions = [(name, "", 0, len(text)) for name, text in page.scopes.items() if name in ("headline", "lead")]
    regions += [
        ("body", block["id"], block["start"], block["end"])
        for block in page.blocks
        if block["scope"] == "body" and "block-paragraph" in block["kind"]
    ]
    places = []
    for scope, block_id, begin, end in regions:
        raw = page.scopes[scope]
        for match in WORD.finditer(raw, begin, end):
            places.append(place_fields(raw, scope, block_id, begin, match))
    return places


def place_fields(raw, scope, block_id, region_start, match):
    whole = squash(raw)
    at = len(squash(raw[: match.start()]))
    end = at + len(match.group(0))
    before, after = whole[max(0, at - CONTEXT) : at], whole[end : end + CONTEXT]
    if at > CONTEXT:  # whole words only where the context was cut
        before = re.sub(r"^[^ ]* ", "", before)
    if end + CONTEXT < len(whole):
        after = re.sub(r" [^ ]*$", "", after)
    word = match.group(0)
    return {
        "selection": word,
        "context_before": before,
        "context_after": after,
        "scope": scope,
        "block_id": block_id,
        "offset": len(squash(raw[region_start : match.start()])),
        "suggestion": word.swapcase()[0] + word[1:],
        "comment": "",
        "email": "",
    }


# --- the load ------------------------------------------------------------------------------------------------


COUNTERS = ["requests", "errors", "accepted", "error_kinds", "cache_status", "typo_counts", "view_counts"]
COUNTERS += ["beacon_surprises", "answers"]


@dataclass
class Tally:
    """One client thread's counts; merged when the load is over."""

    requests: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    accepted: Counter = field(default_factory=Counter)
    error_kinds: Counter = field(default_factory=Counter)  # (kind, status or exception)
    error_examples: list = field(default_factory=list)
    latencies: dict = field(default_factory=lambda: {kind: [] for kind in KINDS})
    cache_status: Counter = field(default_factory=Counter)  # (read kind, X-Cache-Status)
    comment_ids: dict = field(default_factory=dict)  # id -> status
    typo_counts: Counter = field(default_factory=Counter)  # article id -> accepted reports
    view_counts: Counter = field(default_factory=Counter)  # article id -> beacons counted
    beacon_surprises: Counter = field(default_factory=Counter)  # (expected, answered reason)
    answers: Counter = field(default_factory=Counter)  # (kind, what the answer said): statuses, reasons

    def merge(self, other):
        for name in COUNTERS:
            getattr(self, name).update(getattr(other, name))
        self.error_examples += other.error_examples[: 20 - len(self.error_examples)]
        for kind in KINDS:
            self.latencies[kind] += other.latencies[kind]
        self.comment_ids.update(other.comment_ids)


@dataclass
class Reader:
    number: int
    address: str
    agent: str
    connection: http.client.HTTPConnection
    csrf_cookie: str = ""
    articles: list = field(default_factory=list)  # (article id, page HTML) read in this visit
    beaconed: set = field(default_factory=set)
    reported: set = field(default_factory=set)


def reader_address(number):
    """A loopback address of its own for every reader: 127.1.0.1, 127.1.0.2, ... (never 127.0.0.1)."""
    return f"127.{1 + number // (254 * 256)}.{number // 254 % 256}.{1 + number % 254}"


def account_address(number):
    return f"127.254.{number // 254}.{1 + number % 254}"


class Client(threading.Thread):
    """One simulated user: reader visit after reader visit until the deadline, without pauses."""

    def __init__(self, number, plan, accounts, port, deadline, tag, readers):
        super().__init__(name=f"client-{number}", daemon=True)
        self.number, self.plan, self.port, self.deadline, self.tag = number, plan, port, deadline, tag
        self.accounts = accounts  # this client's own: no account posts from two clients at once
        self.origin = f"http://{HOST}:{port}"
        self.readers = readers
        self.random = random.Random(f"{tag}-{number}")
        self.tally = Tally()
        self.posted = 0

    def run(self):
        while time.monotonic() < self.deadline:
            try:
                self.visit()
            except (ValueError, KeyError, TypeError) as error:
                # An answer that is not what the endpoint promises (JSON without its fields): an error too.
                self.error("unexpected answer", type(error).__name__, "", repr(error))

    def visit(self):
        number = next(self.readers)
        address = reader_address(number)
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60, source_address=(address, 0))
        reader = Reader(number, address, self.random.choice(BROWSERS), connection)
        try:
            for _step in range(self.random.randint(2, 12)):
                if time.monotonic() >= self.deadline:
                    return
                step = self.random.choices(list(MIX), weights=list(MIX.values()))[0]
                getattr(self, f"step_{step}")(reader)
        finally:
            connection.close()

    # -- requests --

    def send(self, kind, connection, method, path, body=None, headers=None):
        """One request; returns (response, body) for a 2xx/3xx answer, None after counting an error."""
        self.tally.requests[kind] += 1
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            self.error(kind, type(error).__name__, path, str(error))
            return None
        self.tally.latencies[kind].append(time.perf_counter() - started)
        if response.status >= 400:
            self.error(kind, response.status, path, data[:300].decode("utf-8", "replace"))
            return None
        return response, data

    def error(self, kind, what, path, detail):
        self.tally.errors[kind] += 1
        self.tally.error_kinds[(kind, str(what))] += 1
        if len(self.tally.error_examples) < 20:
            self.tally.error_examples.append(
                {"kind": kind, "what": str(what), "path": path, "detail": detail, "at": time.time()}
            )

    def headers(self, reader, **extra):
        return {"User-Agent": reader.agent, "Accept-Language": "en", **extra}

    # -- steps --

    def step_read(self, reader):
        kind = self.random.choices(list(READS), weights=list(READS.values()))[0]
        if kind == "article":
            return self.read_article(reader)
        path = self.random.choice(self.plan[{"home": "homes", "section": "sections", "page 2": "second_pages"}[kind]])
        self.read(kind, reader, path)

    def read(self, kind, reader, path):
        answer = self.send(kind, reader.connection, "GET", path, headers=self.headers(reader))
        if answer:
            self.tally.cache_status[(kind, answer[0].getheader("X-Cache-Status", "-"))] += 1
        return answer

    def read_article(self, reader):
        plan = self.plan
        if self.random.random() < 0.8:
            # Readers crowd on the newest stories: the first of the hot list is read most.
            article_id, path = plan["hot"][int(len(plan["hot"]) * self.random.random() ** 3)]
        else:
            article_id, path = self.random.choice(plan["tail"])
        answer = self.read("article", reader, path)
        if answer:
            reader.articles = [*reader.articles[-4:], (article_id, answer[1].decode("utf-8", "replace"))]

    def an_article_read(self, reader):
        """An article this reader read in this visit; one is read first when there is none."""
        if not reader.articles:
            self.read_article(reader)
        return self.random.choice(reader.articles) if reader.articles else None

    def step_beacon(self, reader):
        chosen = self.an_article_read(reader)
        if chosen is None:
            return
        article_id = chosen[0]
        headers = self.headers(
            reader, Origin=self.origin, **{"Content-Type": "text/plain;charset=UTF-8", "Sec-Fetch-Site": "same-origin"}
        )
        answer = self.send(
            "view beacon", reader.connection, "POST", f"/api/v1/articles/{article_id}/views", b"", headers
        )
        if not answer:
            return
        expected = "repeat" if article_id in reader.beaconed else ""
        reader.beaconed.add(article_id)
        reason = json.loads(answer[1])["reason"]
        self.tally.answers[("view beacon", reason or "counted")] += 1
        if reason != expected:
            self.tally.beacon_surprises[(expected or "counted", reason or "counted")] += 1
        if not reason:
            self.tally.accepted["view beacon"] += 1
            self.tally.view_counts[article_id] += 1

    def step_typo(self, reader):
        chosen = self.an_article_read(reader)
        if chosen is None:
            return
        article_id, html = chosen
        places = report_places(html)
        # A few places an article: several readers often report the same one, which counts on one report.
        places = places[:: max(1, len(places) // 10)]
        fresh = [n for n in range(len(places)) if (article_id, n) not in reader.reported]
        if not fresh:
            return
        number = self.random.choice(fresh)
        reader.reported.add((article_id, number))
        cookie = {"Cookie": f"csrftoken={reader.csrf_cookie}"} if reader.csrf_cookie else {}
        answer = self.send(
            "typo token", reader.connection, "GET", "/api/v1/typos/token", None, self.headers(reader, **cookie)
        )
        if not answer:
            return
        for header in answer[0].headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie(header)
            if "csrftoken" in jar:
                reader.csrf_cookie = jar["csrftoken"].value
        headers = self.headers(
            reader,
            Origin=self.origin,
            Cookie=f"csrftoken={reader.csrf_cookie}",
            **{"Content-Type": "application/json", "X-CSRFToken": json.loads(answer[1])["token"]},
        )
        body = json.dumps(places[number]).encode()
        path = f"/api/v1/articles/{article_id}/typos"
        answer = self.send("typo report", reader.connection, "POST", path, body, headers)
        if answer:
            duplicate = json.loads(answer[1])["duplicate"]
            self.tally.answers[("typo report", "counted on an open report" if duplicate else "new report")] += 1
            self.tally.accepted["typo report"] += 1
            self.tally.typo_counts[article_id] += 1

    def step_comment(self, reader):
        account = self.accounts[self.posted % len(self.accounts)]
        self.posted += 1
        article_id = self.random.choice(self.plan["commentable"])
        text = f"{self.random.choice(PREFILL_TEXTS)} ({self.tag}-{self.number}-{self.posted})"
        body = json.dumps({"text": text, "submission_key": uuid.uuid4().hex}).encode()
        headers = {
            "User-Agent": BROWSERS[0],
            "Content-Type": "application/json",
            "Origin": self.origin,
            "Cookie": f"sessionid={account['session']}; csrftoken={account['cookie']}",
            "X-CSRFToken": account["token"],
        }
        address = account_address(account["number"])
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60, source_address=(address, 0))
        try:
            answer = self.send("comment", connection, "POST", f"/api/v1/articles/{article_id}/comments", body, headers)
        finally:
            connection.close()
        if answer:
            comment = json.loads(answer[1])["comment"]
            self.tally.accepted["comment"] += 1
            self.tally.comment_ids[comment["id"]] = comment["status"]
            self.tally.answers[("comment", comment["status"])] += 1


def run_load(plan, accounts_by_client, args, tag):
    """--users clients for --duration seconds; progress every 30 s; the merged tally and the wall time."""
    deadline = time.monotonic() + args.duration
    readers = itertools.count()
    clients = [Client(n, plan, accounts_by_client[n], args.port, deadline, tag, readers) for n in range(args.users)]
    started = time.monotonic()
    for client in clients:
        client.start()
    next_report = started + 30
    while alive := [client for client in clients if client.is_alive()]:
        alive[0].join(timeout=max(0.1, next_report - time.monotonic()))
        if time.monotonic() >= next_report:
            next_report += 30
            progress(clients, started)
        if time.monotonic() > deadline + 200:
            break  # every request has a 60 s timeout and a step makes at most three: these are stuck
    wall = time.monotonic() - started
    total = Tally()
    for client in clients:
        total.merge(client.tally)
    return total, wall, next(readers)


def progress(clients, started):
    done = sum(sum(client.tally.requests.values()) for client in clients)
    errors = sum(sum(client.tally.errors.values()) for client in clients)
    elapsed = time.monotonic() - started
    print(
        f"  {elapsed:4.0f} s: {done} requests ({done / elapsed:.0f}/s), {errors} errors, "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )


def split_accounts(accounts, users):
    """Each client posts as its own accounts (round robin over them), so no account posts from two at once."""
    return [accounts[n::users] or [accounts[n % len(accounts)]] for n in range(users)]


# --- inside Django -------------------------------------------------------------------------------------------


def django_setup():
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()


def child_plan(seed):
    """What readers will ask for: the newest articles, a sample of the rest, home pages, sections and their second
    pages, and the articles still open for comments."""
    from django.utils import timezone

    from masthead.comments.policy import CommentPolicy
    from masthead.comments.services import comment_mode, policy_for
    from masthead.newsroom.models import ArticlePage, HomePage, SectionPage

    live = ArticlePage.objects.live().select_related("locale")
    hot = list(live.order_by("-first_published_at", "-pk")[:HOT_ARTICLES])
    ids = list(live.values_list("pk", flat=True))
    sample = random.Random(seed).sample(ids, min(TAIL_ARTICLES, len(ids)))
    tail = list(live.filter(pk__in=sample))
    now = timezone.now()
    commentable = [
        article.pk
        for article in hot
        if comment_mode(article=article, policy=policy_for(article), now=now) != CommentPolicy.Mode.CLOSED
    ]
    homes = [page.url for page in HomePage.objects.live()]
    sections = [page.url for page in SectionPage.objects.live()]
    per_page = 20
    second_pages = [
        f"{page.url}?page=2"
        for page in [*HomePage.objects.live(), *SectionPage.objects.live()]
        if ArticlePage.objects.live().descendant_of(page).count() > per_page
    ]
    return {
        "hot": [(article.pk, article.url) for article in hot],
        "tail": [(article.pk, article.url) for article in tail],
        "homes": homes,
        "sections": sections,
        "second_pages": second_pages,
        "commentable": commentable,
        "articles": live.count(),
    }


def child_snapshot(article_ids_file):
    """What the writes under test leave in the database: view counts (in all, and per planned article), typo
    reports' reader counts and reporter rows, buffered views not yet flushed."""
    from django.db.models import Sum

    from masthead.audience.models import DailyViews, PendingView
    from masthead.newsroom.models import ArticlePage
    from masthead.typos.models import TypoReport, TypoReporter

    ids = json.loads(Path(article_ids_file).read_text())
    views = dict(ArticlePage.objects.filter(pk__in=ids).values_list("pk", "view_count"))
    typos = dict(TypoReport.objects.values("article_id").annotate(n=Sum("count")).values_list("article_id", "n"))
    return {
        "views_total": ArticlePage.objects.aggregate(n=Sum("view_count"))["n"] or 0,
        "daily_views_total": DailyViews.objects.aggregate(n=Sum("views"))["n"] or 0,
        "pending_views": PendingView.objects.count(),
        "views": {str(pk): n for pk, n in views.items()},
        "typo_count_total": TypoReport.objects.aggregate(n=Sum("count"))["n"] or 0,
        "typo_reports": TypoReport.objects.count(),
        "typo_reporters": TypoReporter.objects.count(),
        "typos": {str(pk): n for pk, n in typos.items()},
    }


def child_comments(ids_file, tag):
    """Which of the comments the API accepted are stored, with the text that was sent, and how many comments
    carry the run's tag in all (more than accepted: stored although the client saw an error)."""
    from django.db.models import Count

    from masthead.comments.models import Comment

    ids = [int(pk) for pk in json.loads(Path(ids_file).read_text())]
    found = 0
    for start_at in range(0, len(ids), 500):
        found += Comment.objects.filter(pk__in=ids[start_at : start_at + 500], text__contains=f"({tag}-").count()
    tagged = Comment.objects.filter(text__contains=f"({tag}-")
    statuses = dict(tagged.values_list("status").annotate(n=Count("pk")).order_by())
    return {"found": found, "tagged": tagged.count(), "statuses": statuses}


def child_tasks():
    from django_tasks_db.models import DBTaskResult

    return {"ready": DBTaskResult.objects.filter(status="READY").count()}


def django_main(argv):
    django_setup()
    step, *rest = argv
    steps = {
        "plan": lambda: child_plan(rest[0]),
        "snapshot": lambda: child_snapshot(rest[0]),
        "comments": lambda: child_comments(rest[0], rest[1]),
        "tasks": child_tasks,
    }
    print(json.dumps(steps[step](), default=str))


# --- report --------------------------------------------------------------------------------------------------


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def per_article_loss(expected, before, after):
    """Writes the client saw accepted but the database does not show, article by article; and extra ones."""
    lost = extra = 0
    for article_id in set(expected) | {int(pk) for pk in after}:
        added = after.get(str(article_id), 0) - before.get(str(article_id), 0)
        want = expected.get(article_id, 0)
        lost += max(0, want - added)
        extra += max(0, added - want)
    return lost, extra


def found_rows(tally, before, after, comments):
    """For each kind of write: (accepted, found, lost, note)."""
    views_added = after["views_total"] - before["views_total"]
    views_lost, views_extra = per_article_loss(tally.view_counts, before["views"], after["views"])
    typos_added = after["typo_count_total"] - before["typo_count_total"]
    typos_lost, typos_extra = per_article_loss(tally.typo_counts, before["typos"], after["typos"])
    reporters = after["typo_reporters"] - before["typo_reporters"]
    accepted = tally.accepted
    return {
        "comment": (
            accepted["comment"],
            comments["found"],
            accepted["comment"] - comments["found"],
            f"{comments['tagged']} comments with the run's tag in all; by status {comments['statuses']}",
        ),
        "typo report": (
            accepted["typo report"],
            typos_added,
            max(typos_lost, accepted["typo report"] - typos_added),
            f"reader counts +{typos_added} ({typos_extra} more than accepted on some article), reporter rows "
            f"+{reporters}, reports +{after['typo_reports'] - before['typo_reports']}",
        ),
        "view beacon": (
            accepted["view beacon"],
            views_added,
            max(views_lost, accepted["view beacon"] - views_added),
            f"view_count +{views_added} in all ({views_extra} more than counted on some article), per-day counts "
            f"+{after['daily_views_total'] - before['daily_views_total']}, {after['pending_views']} views still "
            f"buffered after the last flush",
        ),
    }


def print_report(tally, wall, writes):
    rows = [("kind", "requests", "errors", "accepted writes", "found in DB", "lost")]
    for kind in KINDS + (["unexpected answer"] if tally.errors["unexpected answer"] else []):
        accepted, found, lost = (str(n) for n in writes[kind][:3]) if kind in writes else ("-", "-", "-")
        rows.append((kind, str(tally.requests[kind]), str(tally.errors[kind]), accepted, found, lost))
    total_lost = sum(write[2] for write in writes.values())
    total_accepted = sum(write[0] for write in writes.values())
    total_found = sum(write[1] for write in writes.values())
    requests = sum(tally.requests.values())
    errors = sum(tally.errors.values())
    rows.append(("all", str(requests), str(errors), str(total_accepted), str(total_found), str(total_lost)))
    print_rows(rows)
    reads = [seconds for kind in READ_KINDS for seconds in tally.latencies[kind]]
    print()
    print(
        f"{requests / wall:.1f} requests/s overall over {wall:.0f} s; reads: p50 {percentile(reads, 0.5) * 1000:.1f} "
        f"ms, p99 {percentile(reads, 0.99) * 1000:.1f} ms ({len(reads)} answered)"
    )
    print()
    latency_rows = [("kind", "p50 ms", "p99 ms", "max ms", "proxy cache (X-Cache-Status)")]
    for kind in KINDS:
        seconds = tally.latencies[kind]
        cache = ", ".join(f"{status} {n}" for (k, status), n in sorted(tally.cache_status.items()) if k == kind)
        latency_rows.append(
            (
                kind,
                f"{percentile(seconds, 0.5) * 1000:.1f}",
                f"{percentile(seconds, 0.99) * 1000:.1f}",
                f"{max(seconds, default=float('nan')) * 1000:.1f}",
                cache or "-",
            )
        )
    print_rows(latency_rows)
    print()
    for kind, (_accepted, _found, _lost, note) in writes.items():
        print(f"{kind}: {note}")
    answers = ", ".join(f"{kind} {what}: {n}" for (kind, what), n in sorted(tally.answers.items()))
    print(f"accepted answers said: {answers}")
    if tally.beacon_surprises:
        listed = ", ".join(f"expected {e}, answered {a}: {n}" for (e, a), n in sorted(tally.beacon_surprises.items()))
        print(f"view beacons answered otherwise than expected: {listed}")
    else:
        print("view beacons: every first beacon of a reader for an article counted, every repeat did not")
    return errors, total_lost


def print_errors(tally, work):
    if tally.error_kinds:
        print()
        print("errors by kind and answer: " + ", ".join(f"{k} {w}: {n}" for (k, w), n in tally.error_kinds.items()))
        for example in tally.error_examples[:10]:
            stamp = time.strftime("%H:%M:%S", time.localtime(example["at"]))
            print(f"  {stamp} {example['kind']} {example['what']} {example['path']}: {example['detail'][:200]!r}")
    for name in ("nginx-access.log", "app.log"):
        statuses = logged_statuses(work / name)
        print(f"{name}: answers by status {dict(sorted(statuses.items()))}")
    for name in ("app.log", "worker.log", "error.log"):
        path = work / name
        text = path.read_text(errors="replace") if path.exists() else ""
        problems = [
            line for line in text.splitlines() if re.search(r"Traceback|\[error\]|\[crit\]|ERROR|CRITICAL", line)
        ]
        print(f"{name}: {len(problems)} error lines" + (f"; first: {problems[0][:300]}" if problems else ""))


def logged_statuses(path):
    """Statuses in an access log (nginx's here, or gunicorn's): what the servers themselves answered."""
    text = path.read_text(errors="replace") if path.exists() else ""
    return Counter(re.findall(r'"[A-Z]+ \S+ HTTP/[\d.]+" (\d{3}) ', text))


def print_cpu(cpu, client_cpu, wall):
    parts = [f"{name} {seconds / wall * 100:.0f}%" for name, seconds in cpu.items()]
    parts.append(f"load generator {client_cpu / wall * 100:.0f}%")
    print(f"CPU over the load, as % of one core: {', '.join(parts)} (the machine has {os.cpu_count()} cores)")


# --- main ----------------------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="/tmp/bench-100k", help="data dir to copy (it is never written)")
    parser.add_argument("--work-dir", default="/tmp/masthead-mixed-load", help="scratch: emptied first")
    parser.add_argument("--duration", type=float, default=600, help="seconds of load")
    parser.add_argument("--users", type=int, default=32, help="concurrent simulated users")
    parser.add_argument("--accounts", type=int, default=64, help="reader accounts that comment (at least 50)")
    parser.add_argument("--port", type=int, default=8861, help="the proxy's port; the app gets the next one")
    parser.add_argument("--django", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser.parse_args()


def prepare(args, work, env, tag):
    print(f"copying {args.data} to {work / 'data'}", flush=True)
    copy_data(args.data, work / "data")
    # A data set made by an earlier version of the code still loads: the copy gets the newer migrations.
    run_logged(masthead("migrate", "--noinput"), env, work, "migrate")
    started = time.monotonic()
    accounts = prepare_accounts(env, work, args.accounts)
    plan = django_step(env, "plan", tag)
    (work / "plan.json").write_text(json.dumps(plan, indent=1))
    article_ids = sorted({pk for pk, _url in plan["hot"] + plan["tail"]})
    (work / "article_ids.json").write_text(json.dumps(article_ids))
    run_logged(masthead("audience_flush"), env, work, "flush")
    before = django_step(env, "snapshot", str(work / "article_ids.json"))
    print(
        f"{plan['articles']:,} live articles; reads from the {len(plan['hot'])} newest and {len(plan['tail'])} others, "
        f"{len(plan['homes'])} home pages, {len(plan['sections'])} sections, {len(plan['second_pages'])} second "
        f"pages; {len(plan['commentable'])} articles open for comments; {len(accounts)} accounts; ready in "
        f"{time.monotonic() - started:.0f} s",
        flush=True,
    )
    if not plan["commentable"]:
        raise SystemExit("no article of the newest is open for comments: the data set is older than the policy allows")
    return plan, accounts, before


def measure(args, work, env, plan, accounts, tag):
    servers = start_servers(work, env, args.port, args.port + 1)
    wait_for_tasks(env)
    for process in servers.values():
        settle(process.pid, 30)  # start-ups are no part of the load
    print(
        f"proxy on http://{HOST}:{args.port}/, app on {HOST}:{args.port + 1}; {args.users} users for "
        f"{args.duration:.0f} s (load average {os.getloadavg()[0]:.2f})",
        flush=True,
    )
    cpu_before, client_before = cpu_of(servers), resource.getrusage(resource.RUSAGE_SELF)
    try:
        tally, wall, readers = run_load(plan, accounts, args, tag)
    finally:
        cpu = {name: seconds - cpu_before[name] for name, seconds in cpu_of(servers).items()}
        client = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = client.ru_utime + client.ru_stime - client_before.ru_utime - client_before.ru_stime
        for process in servers.values():
            stop(process)
    return tally, wall, readers, cpu, client_cpu


def main():
    args = parse_args()
    if args.django:
        return django_main(args.django)
    if shutil.which("nginx") is None or not Path(PURGE_MODULE).exists():
        raise SystemExit(
            "nginx with the purge module is missing: apt-get install -y nginx libnginx-mod-http-cache-purge"
        )
    if args.accounts < 50:
        raise SystemExit("--accounts must be at least 50 (the comment benchmark's setup fills a 50-comment thread)")
    busy = [port for port in (args.port, args.port + 1) if not port_free(port)]
    if busy:
        raise SystemExit(f"ports {busy} are taken; pick others with --port")
    atexit.register(stop_all)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    work = Path(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    tag = f"ml{int(time.time())}"
    env = app_env(work / "data", f"http://{HOST}:{args.port}")
    plan, accounts, before = prepare(args, work, env, tag)
    tally, wall, readers, cpu, client_cpu = measure(args, work, env, plan, split_accounts(accounts, args.users), tag)

    run_logged(masthead("audience_flush"), env, work, "flush")
    (work / "comment_ids.json").write_text(json.dumps(sorted(tally.comment_ids)))
    after = django_step(env, "snapshot", str(work / "article_ids.json"))
    comments = django_step(env, "comments", str(work / "comment_ids.json"), tag)
    writes = found_rows(tally, before, after, comments)
    print()
    errors, lost = print_report(tally, wall, writes)
    print(f"{readers} distinct readers (loopback addresses), {args.users} users")
    print_cpu(cpu, client_cpu, wall)
    print_errors(tally, work)
    results = {
        "args": vars(args),
        "wall_seconds": wall,
        "requests": dict(tally.requests),
        "errors": dict(tally.errors),
        "error_kinds": {f"{k} {w}": n for (k, w), n in tally.error_kinds.items()},
        "error_examples": tally.error_examples,
        "writes": writes,
        "before": {k: v for k, v in before.items() if k not in ("views", "typos")},
        "after": {k: v for k, v in after.items() if k not in ("views", "typos")},
        "comments": comments,
        "cpu_seconds": cpu,
        "client_cpu_seconds": client_cpu,
    }
    (work / "results.json").write_text(json.dumps(results, indent=2, default=str))
    verdict = "PASS" if not errors and not lost else "FAIL"
    print(f"\n{verdict}: {errors} errors, {lost} accepted writes missing from the database")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
