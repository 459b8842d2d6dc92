"""One table: Masthead's article (through the caching proxy, from the page cache, uncached), comments and search,
against nginx serving the same bytes, a bare Wagtail site and Isso, all on loopback, in one run.

    flock /tmp/bench.lock bench/run                                   # every row, about 15 minutes
    flock /tmp/bench.lock bench/run --only c,d --duration 3 --runs 1  # a quick look at two rows

Rows (--only takes a comma list of the keys; write b2, d2, e2 for b', d', e' if the shell is in the way):

    a    nginx serving the exact bytes of the article page from a file: the limit for this page and this client
    b    the article through the shipped caching proxy (`masthead nginx_config`) in front of the app servers,
         checked to be an X-Cache-Status HIT after the warm-up
    b'   the article from the app servers alone, page cache on (checked: X-Page-Cache: hit)
    n    row b' with the page cache's front answering its process's copy of the page without the one read of the
         shared cache that tells whether the page is still fresh (bench/front_unchecked_app.py; not shipped, as
         pages would outlive changes): how much of the distance from b' to w that read is
    w    gunicorn (same workers, access log) answering the stored page's bytes and headers from memory with no
         lookup (bench/stored_page_app.py): the ceiling for any cache inside the app servers
    c    the article from app servers started with MASTHEAD_PAGE_CACHE_SECONDS=0 (uncached)
    1k   row c again on the small data set (--data-small): is article latency flat from 1,000 to 100,000?
    d    a bare Wagtail 8.0.1 site (bench/peers_wagtail.py) with one page holding the article's text, uncached
    d'   the same site with Django's per-site cache middleware (LocMemCache, 600 s)
    e    comment POST, Masthead (every moderation check) and Isso (bench/comments_vs_isso.py sets both up)
    e'   GET of a 50-comment thread, Masthead's API and Isso
    f    the search page for a few common words in turn (bench/lua/search.lua), uncached

Load: wrk -t2 -c32 -d10s --latency --timeout 10s (--threads, --connections, --duration); every server runs side by
side, idle but for the one under load; each target gets a 2 s warm-up, then --runs rounds, each round loading every
target once in the order above, so that other load on the machine falls on all of them alike. The table gives the
medians of the runs for requests/s and latency (p95 from wrk's histogram through a Lua done() hook), errors
(socket errors plus non-2xx answers, summed over the runs), the server's own CPU time per request, the resident
memory of each worker after the runs, and requests/s as a multiple of (a) and of the row's peer. Every Python
server is gunicorn with 2 sync workers, every nginx has 2 worker processes.

Masthead's rows read --data (made by `masthead demo --articles 100000`; --database-url is passed on as
DATABASE_URL); comments use a fresh small SQLite data dir of their own, as bench/comments_vs_isso.py makes it.
The Wagtail and Isso venvs are made in --work-dir on the first run (pip) and reused. Logs, raw wrk output,
results.json and results.md stay in --work-dir. Servers run in their own process groups and are stopped on exit,
also on Ctrl-C. Run it under `flock /tmp/bench.lock`: it does not wait for other benchmarks by itself.
"""

import argparse
import importlib.metadata
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import comments_vs_isso as comments
import peers_wagtail
import servers

from masthead.pagecache.nginx_config import write_standalone

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
HOST = "127.0.0.1"
WORKERS = 2
ROWS = ("a", "b", "b'", "n", "w", "c", "1k", "d", "d'", "e", "e'", "f")
ALIASES = {"b2": "b'", "d2": "d'", "e2": "e'"}
P95_LUA = BENCH / "lua" / "p95.lua"
SEARCH_LUA = BENCH / "lua" / "search.lua"
# Words in most demo stories (the demo writes its text from a small vocabulary), so every query has many matches.
SEARCH_WORDS = ("council", "budget", "residents", "decision")
# Run by `masthead shell -c`: what the other rows need to know about the article, as one line of JSON.
ARTICLE_INFO = """\
import json
from django.utils.html import escape
from masthead.newsroom.models import ArticlePage

english = ArticlePage.objects.live().filter(locale__language_code="en")
page = english.get(slug={slug!r})
body = []
for block in page.body:
    value = block.value
    if block.block_type == "paragraph":
        body.append(["paragraph", value.source])
    elif block.block_type == "heading":
        body.append(["heading", value["text"]])
    elif block.block_type == "quote":
        body.append(["quote", value["text"] + " — " + value["attribution"]])
    elif block.block_type == "related_story":
        teaser = escape(value["article"].title) + ". " + escape(value["article"].lead)
        body.append(["paragraph", "<p>Read also: " + teaser + "</p>"])
info = dict(url=page.url, title=page.title, lead=page.lead, body=body, articles=english.count())
print("ARTICLE " + json.dumps(info))
"""


# --- servers -------------------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    base: str

    @property
    def pgid(self):
        return self.process.pid


def fetch(url):
    """Status, headers and body of a GET, also for an error status."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def start_server(name, command, env, work, port, probe="/"):
    if servers.port_in_use(port):
        raise SystemExit(f"port {port} is taken by another program; pick others with --port")
    process = comments.start(command, env, work / "logs" / f"{name}.log")
    base = f"http://{HOST}:{port}"
    comments.wait_until_up(base + probe, process)
    print(f"{name}: serving on {base} (process group {process.pid})", flush=True)
    return Server(name, process, base)


def masthead_env(data_dir, database_url, **extra):
    env = dict(os.environ, MASTHEAD_DATA_DIR=str(data_dir), DEBUG="0", DJANGO_SETTINGS_MODULE="masthead.settings")
    for name in ("DATABASE_URL", "MASTHEAD_PAGE_CACHE_SECONDS", "TRUSTED_PROXIES"):
        env.pop(name, None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def article_info(env, slug):
    code = ARTICLE_INFO.format(slug=slug)
    done = subprocess.run(
        [sys.executable, "-m", "masthead.cli", "shell", "-c", code],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    found = re.search(r"^ARTICLE (.*)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not found:
        raise SystemExit(f"could not read article {slug!r} from {env['MASTHEAD_DATA_DIR']}:\n{done.stderr[-2000:]}")
    return json.loads(found.group(1))


def start_masthead(name, env, work, port, article_path):
    command = [sys.executable, "-m", "masthead.cli", "serve", "--bind", f"{HOST}:{port}"]
    command += ["--workers", str(WORKERS), "--no-worker", "--no-migrate"]
    return start_server(name, command, env, work, port, article_path)


def start_front_unchecked(env, work, port, path):
    """Row n: `masthead serve`'s gunicorn command, with bench/front_unchecked_app.py as the application."""
    command = [sys.executable, "-m", "gunicorn", "front_unchecked_app:application", "--chdir", str(BENCH)]
    command += ["--pythonpath", str(PROJECT), "--bind", f"{HOST}:{port}", "--workers", str(WORKERS)]
    command += ["--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1", "--no-control-socket"]
    return start_server("front-unchecked", command, env, work, port, path)


def start_stored_page(work, port, source, path):
    """Row w: gunicorn with the same workers and access log as `masthead serve`, answering the article's bytes and
    headers (as a page-cache hit has them) from memory, with no lookup: what no cache in the app can beat."""
    fetch(source.base + path)
    _status, headers, body = fetch(source.base + path)  # the second answer: a page-cache hit where there is one
    home = work / "stored-page"
    home.mkdir()
    (home / "page.html").write_bytes(body)
    kept = [(name, value) for name, value in headers.items() if name.lower() not in ("date", "server", "connection")]
    (home / "page.json").write_text(json.dumps({"headers": kept, "body_file": str(home / "page.html")}))
    command = [sys.executable, "-m", "gunicorn", "stored_page_app:application", "--chdir", str(BENCH)]
    command += ["--bind", f"{HOST}:{port}", "--workers", str(WORKERS), "--access-logfile", "-"]
    command += ["--control-socket", str(work / "logs" / "stored-page.ctl")]
    return start_server("stored-page", command, dict(os.environ, STORED_PAGE=str(home / "page.json")), work, port, path)


def start_file_nginx(work, port, path, page):
    """bench/nginx.conf (the reference of bench/servers.py) serving `page` at `path`."""
    home = work / "file-nginx"
    target = home / "html" / path.strip("/") / "index.html"
    target.parent.mkdir(parents=True)
    target.write_bytes(page)
    (home / "nginx-tmp").mkdir()
    conf = home / "nginx.conf"
    conf.write_text((BENCH / "nginx.conf").read_text().replace("{work}", str(home)).replace("{port}", str(port)))
    return start_server("nginx-file", ["nginx", "-p", str(home), "-c", str(conf)], os.environ, work, port, path)


def start_proxy_nginx(env, work, port, upstream, path):
    """The shipped caching proxy config (`masthead nginx_config`), run by nginx from a folder of its own."""
    home = work / "proxy"
    command = write_standalone(home, listen=f"{HOST}:{port}", upstreams=[upstream], workers=WORKERS)
    return start_server("nginx-proxy", command, env, work, port, path)


def worker_rss_mb(pgid):
    """Resident memory (VmRSS) of each worker of a server: the processes of its group that have no children in it."""
    group = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        # nginx's cache manager and cache loader are leaves of its group too, but they serve no requests.
        if int(fields[2]) == pgid and b"cache " not in command:
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            group[int(entry.name)] = (int(fields[1]), int(rss.group(1)) / 1024 if rss else 0.0)
    parents = {parent for parent, _rss in group.values()}
    return [round(rss, 1) for pid, (_parent, rss) in sorted(group.items()) if pid not in parents and pid != pgid]


# --- load ----------------------------------------------------------------------------------------------------


@dataclass
class Target:
    """One line of the table: what to load, and the runs measured so far."""

    row: str
    label: str
    server: Server
    runs: list = field(default_factory=list)
    key: str = ""  # the row, or for comments the row and the server: "e:isso"

    def __post_init__(self):
        self.key = self.key or self.row

    def summary(self):
        runs = self.runs

        def median(key):
            values = [run[key] for run in runs if run.get(key) is not None]
            return statistics.median(values) if values else None

        summary = {key: median(key) for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "cpu_ms")}
        return {**summary, "errors": sum(run["errors"] for run in runs), "runs": runs}


@dataclass
class WrkTarget(Target):
    url: str = ""
    script: Path = P95_LUA
    script_args: tuple = ()

    def measure(self, args, work, tag, duration):
        cpu_before = servers.group_cpu_seconds(self.server.pgid)
        command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}", "--latency"]
        command += ["--timeout", args.timeout, "-s", str(self.script), self.url, "--", *self.script_args]
        seconds = int(re.match(r"\d+", duration).group(0))
        done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
        cpu = servers.group_cpu_seconds(self.server.pgid) - cpu_before
        servers.settle(self.server.pgid)
        (work / "wrk" / f"{self.row}-{self.label}-{tag}.txt".replace(" ", "_")).write_text(done.stdout + done.stderr)
        parsed = servers.parse_wrk(done.stdout)
        p95 = re.search(r"^P95_MS ([\d.]+)$", done.stdout, re.MULTILINE)
        return {
            "rps": parsed["rps"],
            "requests": parsed["requests"],
            "p50_ms": parsed["p50_ms"],
            "p95_ms": float(p95.group(1)) if p95 else None,
            "p99_ms": parsed["p99_ms"],
            "errors": parsed["errors"] + parsed["non_2xx"],
            "cpu_ms": cpu * 1000 / max(parsed["requests"], 1),
        }


@dataclass
class CommentTarget(Target):
    """A target of bench/comments_vs_isso.py, loaded by its own `load` (its Lua script counts the answers)."""

    target: object = None
    options: object = None

    def measure(self, args, work, tag, duration):
        notes = []
        result = comments.load(self.target, self.options, work / "comments", notes, tag, duration)
        return {
            "rps": result["rps"],
            "requests": result["requests"],
            "p50_ms": result["p50_ms"],
            "p95_ms": None,  # comments.lua prints no p95
            "p99_ms": result["p99_ms"],
            "errors": result["socket_errors"] + result["3xx"] + result["4xx"] + result["5xx"],
            "cpu_ms": result["cpu_ms"],
            "server_statuses": result["server"],
            "rows_stored": result.get("rows"),
        }


def warm_up(targets, args, work, then=lambda target: None):
    """2 s of load on each target: every worker has imported everything and filled its caches. `then` runs right
    after each target's warm-up (its cache check: pages expire after 60 s, before all warm-ups are done)."""
    for target in targets:
        target.measure(args, work, "warm", "2s")
        then(target)


def measure_all(targets, args, work):
    """--runs rounds, each loading every target once, in the same order."""
    for number in range(1, args.runs + 1):
        for target in targets:
            load_average = os.getloadavg()[0]
            run = target.measure(args, work, str(number), args.duration)
            run["load_average_before"] = load_average
            target.runs.append(run)
            p95 = f", p95 {run['p95_ms']:.1f} ms" if run["p95_ms"] is not None else ""
            print(
                f"  run {number} ({target.row}) {target.label}: {run['rps']:.0f} req/s, p50 {run['p50_ms']:.2f} ms"
                f"{p95}, p99 {run['p99_ms']:.2f} ms, {run['errors']} errors, {run['cpu_ms']:.2f} CPU ms/request "
                f"(load average before {load_average:.2f})",
                flush=True,
            )


# --- setup ---------------------------------------------------------------------------------------------------


def comment_options(args):
    """The fields bench/comments_vs_isso.py reads from its own command line."""
    return SimpleNamespace(
        workers=WORKERS,
        isso_venv=args.isso_venv,
        accounts=50,
        threads=args.threads,
        connections=args.connections,
        duration=args.duration,
        runs=args.runs,
    )


def start_everything(args, rows, work, facts):
    """Start the servers the chosen rows need, check what each answers, and return the targets in table order."""
    data_env = masthead_env(args.data, args.database_url)
    article = article_info(data_env, args.slug)
    path = article["url"]
    facts["article"] = {"path": path, "articles": article["articles"], "data": args.data}
    print(f"article {path} from {args.data} ({article['articles']:,} English articles)", flush=True)
    ports = iter(range(args.port, args.port + 20))
    started, targets = {}, []

    def add(row, label, server, **kwargs):
        targets.append(WrkTarget(row, label, server, **kwargs))

    if rows & {"a", "c", "f"} or (rows & {"w"} and not rows & {"b", "b'"}):
        env = masthead_env(args.data, args.database_url, MASTHEAD_PAGE_CACHE_SECONDS="0")
        started["uncached"] = start_masthead("masthead-uncached", env, work, next(ports), path)
        page = fetch(started["uncached"].base + path)[2]
        facts["our_page_bytes"] = len(page)
    if "a" in rows:
        started["file"] = start_file_nginx(work, next(ports), path, page)
        add("a", "nginx, the article's bytes from a file", started["file"], url=started["file"].base + path)
    if rows & {"b", "b'"}:
        env = masthead_env(args.data, args.database_url, TRUSTED_PROXIES="1")
        started["cached"] = start_masthead("masthead-cached", env, work, next(ports), path)
    if "b" in rows:
        upstream = started["cached"].base.removeprefix("http://")
        started["proxy"] = start_proxy_nginx(data_env, work, next(ports), upstream, path)
        add("b", "Masthead, shipped nginx caching proxy", started["proxy"], url=started["proxy"].base + path)
    if "b'" in rows:
        add("b'", "Masthead, app page cache on", started["cached"], url=started["cached"].base + path)
    if "n" in rows:
        env = masthead_env(args.data, args.database_url, TRUSTED_PROXIES="1")
        started["unchecked"] = start_front_unchecked(env, work, next(ports), path)
        label = "Masthead's front, no freshness read"
        add("n", label, started["unchecked"], url=started["unchecked"].base + path)
    if "w" in rows:
        started["stored"] = start_stored_page(work, next(ports), started.get("cached") or started["uncached"], path)
        add("w", "gunicorn, the stored page from memory", started["stored"], url=started["stored"].base + path)
    if "c" in rows:
        add("c", "Masthead, uncached", started["uncached"], url=started["uncached"].base + path)
    if "1k" in rows:
        env = masthead_env(args.data_small, None, MASTHEAD_PAGE_CACHE_SECONDS="0")
        small = article_info(env, args.slug)
        facts["small"] = {"path": small["url"], "articles": small["articles"], "data": args.data_small}
        started["small"] = start_masthead("masthead-1k", env, work, next(ports), small["url"])
        label = f"Masthead, uncached, {small['articles']:,} articles"
        add("1k", label, started["small"], url=started["small"].base + small["url"])
    if rows & {"d", "d'"}:
        start_wagtail(args, rows, work, article, ports, started, facts, add)
    if rows & {"e", "e'"}:
        targets += start_comments(args, rows, work, ports, started, facts)
    if "f" in rows:
        base = started["uncached"].base
        facts["search"] = check_search(base, args.search_path, args.search_words)
        label = f"Masthead search, {len(args.search_words)} words in turn"
        add(
            "f",
            label,
            started["uncached"],
            url=base,
            script=SEARCH_LUA,
            script_args=(args.search_path, *args.search_words),
        )
    return started, targets


def start_wagtail(args, rows, work, article, ports, started, facts, add):
    versions = peers_wagtail.ensure_venv(
        sys.executable, args.wagtail_venv, importlib.metadata.version("Django"), importlib.metadata.version("gunicorn")
    )
    facts["versions"].update(versions)
    site = work / "wagtail-site"
    print(f"making a bare Wagtail site in {site} with the article's text", flush=True)
    peers_wagtail.make_site(args.wagtail_venv, site, article, work / "logs" / "wagtail-setup.log")
    for row, variant, label in (
        ("d", "bare", "bare Wagtail, uncached"),
        ("d'", "cached", "Wagtail + cache middleware"),
    ):
        if row not in rows:
            continue
        port = next(ports)
        command = peers_wagtail.server_command(args.wagtail_venv, site, variant, f"{HOST}:{port}", WORKERS)
        server = start_server(f"wagtail-{variant}", command, os.environ, work, port)
        started[f"wagtail-{variant}"] = server
        facts["wagtail_page_bytes"] = len(fetch(server.base + "/")[2])
        add(row, label, server, url=server.base + "/")


def start_comments(args, rows, work, ports, started, facts):
    options = comment_options(args)
    home = work / "comments"
    home.mkdir()
    facts["versions"].update(comments.ensure_isso(args.isso_venv))
    isso = comments.start_isso(options, home, next(ports))
    masthead = comments.start_masthead(options, home, next(ports), "sqlite")
    for name, found in (("isso", isso), ("masthead-comments", masthead)):
        process = next(p for p in comments.PROCESSES if p.pid == found["get_thread"].pgid)
        started[name] = Server(name, process, "/".join(found["get_thread"].url.split("/")[:3]))
    targets = []
    for row, kind, what in (("e", "post", "comment POST"), ("e'", "get_thread", "50-comment thread GET")):
        if row not in rows:
            continue
        for name, found in (("masthead-comments", masthead), ("isso", isso)):
            label = f"{'Masthead' if name.startswith('masthead') else 'Isso'} {what}"
            key = f"{row}:{name.split('-')[0]}"
            targets.append(CommentTarget(row, label, started[name], key=key, target=found[kind], options=options))
    facts["comments_api_header"] = fetch(masthead["get_thread"].url)[1].get("X-Page-Cache", "(none)")
    return targets


def check_search(base, path, words):
    """Each word's search page answers 200 with matches; returns the summary line the page shows for each."""
    found = {}
    for word in words:
        status, _headers, body = fetch(f"{base}{path}?q={urllib.parse.quote(word)}")
        summary = re.search(rb'class="search-page__summary"[^>]*>(.*?)</p>', body, re.S)
        if status != 200 or not summary:
            raise SystemExit(
                f"the search for {word!r} answered {status} without results; pick others with --search-words"
            )
        text = re.sub(r"<[^>]+>|\s+", " ", summary.group(1).decode()).strip()
        found[word] = text.split(":")[0].split(".")[0]  # "More than 5000 stories match “council”", "12 stories ..."
    return found


def cache_checks(started, path, row):
    """What the cache headers say right after a row's warm-up: the cached rows must be served from their caches."""
    checks = {}
    started = {name: server for name, server in started.items() if CHECKED_SERVERS.get(name) == row}

    def seen(server, url, header, times=4):
        return [fetch(server.base + url)[1].get(header) or "(none)" for _ in range(times)]

    if "proxy" in started:
        checks["b"] = {
            "header": "X-Cache-Status",
            "expected": "HIT",
            "seen": seen(started["proxy"], path, "X-Cache-Status"),
        }
    if "unchecked" in started:
        checks["n"] = {
            "header": "X-Page-Cache",
            "expected": "hit",
            "seen": seen(started["unchecked"], path, "X-Page-Cache"),
        }
    if "cached" in started:
        checks["b'"] = {
            "header": "X-Page-Cache",
            "expected": "hit",
            "seen": seen(started["cached"], path, "X-Page-Cache"),
        }
    if "uncached" in started:
        seen_uncached = seen(started["uncached"], path, "X-Page-Cache")
        checks["c"] = {"header": "X-Page-Cache", "expected": "(none)", "seen": seen_uncached}
    # Django's cache middleware adds an Age header to the answers it takes from the cache, and only to those.
    for row, name, expected in (("d", "wagtail-bare", False), ("d'", "wagtail-cached", True)):
        if name in started:
            ages = seen(started[name], "/", "Age")
            hits = ["hit (Age)" if age != "(none)" else "miss (no Age)" for age in ages]
            checks[row] = {"header": "Age", "expected": "hit (Age)" if expected else "miss (no Age)", "seen": hits}
    for check in checks.values():
        check["ok"] = all(value == check["expected"] for value in check["seen"])
    return checks


# The server whose answers each checked row's warm-up is followed by a look at.
CHECKED_SERVERS = {
    "proxy": "b",
    "cached": "b'",
    "unchecked": "n",
    "uncached": "c",
    "wagtail-bare": "d",
    "wagtail-cached": "d'",
}


def clean_work_dir(work):
    """Empty the work dir but keep the venvs made in it (pip installs take a minute)."""
    work.mkdir(parents=True, exist_ok=True)
    for entry in work.iterdir():
        if entry.name.endswith("-venv"):
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for folder in ("logs", "wrk"):
        (work / folder).mkdir()


def tool_versions():
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)  # prints its version, exits 1
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True)
    versions = {"wrk": (wrk.stdout + wrk.stderr).split()[1], "nginx": nginx.stderr.strip().rsplit("/", 1)[-1]}
    for name in ("masthead", "Django", "wagtail", "gunicorn"):
        versions[name] = importlib.metadata.version(name)
    versions["Python"] = sys.version.split()[0]
    return versions


# --- report --------------------------------------------------------------------------------------------------

# The peer each row is compared with, for the last column and the goals.
PEERS = {"b": "a", "b'": "d'", "c": "d", "e:masthead": "e:isso", "e':masthead": "e':isso"}


def number(value, digits):
    return "—" if value is None else f"{value:,.{digits}f}"


def markdown_table(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |" for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def table(results):
    summaries, rss = results["summaries"], results["rss_mb_per_worker"]
    header = ("row", "target", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "CPU ms/req", "RSS MB/worker")
    rows = [(*header, "req/s ÷ (a)", "req/s ÷ peer")]
    limit = summaries.get("a")
    for key, summary in summaries.items():
        versus_limit = f"{summary['rps'] / limit['rps']:.3f}" if limit else "—"
        peer = PEERS.get(key)
        if peer in summaries:
            name = "Isso" if peer.endswith(":isso") else f"({peer})"
            versus_peer = f"{summary['rps'] / summaries[peer]['rps']:.2f}× {name}"
        elif key == "1k" and "c" in summaries:
            versus_peer = f"(c) is {summaries['c']['rps'] / summary['rps']:.2f}× this"
        else:
            versus_peer = ""
        workers = rss.get(summary["server"]) or []
        memory = f"{statistics.mean(workers):.1f} ({len(workers)})" if workers else "—"
        rows.append(
            (
                summary["row"],
                summary["label"],
                number(summary["rps"], 0),
                number(summary["p50_ms"], 2),
                number(summary["p95_ms"], 2),
                number(summary["p99_ms"], 2),
                str(summary["errors"]),
                number(summary["cpu_ms"], 2),
                memory,
                versus_limit,
                versus_peer,
            )
        )
    return markdown_table(rows)


def goals(results, args):
    """Each goal with its figure and whether it is met; a goal whose rows did not run is left out."""
    summaries, checks = results["summaries"], results["checks"]
    lines = []

    def verdict(met):
        return "**met**" if met else "**not met**"

    def rps_ratio(mine, peer, least, text):
        if mine in summaries and peer in summaries:
            value = summaries[mine]["rps"] / summaries[peer]["rps"]
            lines.append(f"- {text} ≥ {least}: {value:.2f} — {verdict(value >= least)}")
            return value
        return None

    if rps_ratio("b", "a", 0.5, "(b) / (a) req/s, the caching proxy against nginx serving a file") is not None:
        if not checks.get("b", {}).get("ok"):
            lines[-1] += " (but the proxy did not answer HIT after the warm-up: see above)"
    rps_ratio("b'", "d'", 2, "(b') / (d') req/s, our page cache against Django's cache middleware")
    if "w" in summaries and "d'" in summaries:
        ceiling = summaries["w"]["rps"] / summaries["d'"]["rps"]
        lines.append(
            f"- for scale: (w), gunicorn answering the stored page with no lookup at all, is {ceiling:.2f}× (d'): "
            f"the most any cache inside these app servers could reach"
        )
        if "b'" in summaries:
            share = summaries["b'"]["rps"] / summaries["w"]["rps"]
            lines[-1] += f"; (b') reaches {share:.2f} of it"
        if "n" in summaries:
            unchecked, middleware = summaries["n"]["rps"], summaries["d'"]["rps"]
            lines.append(
                f"- (n), the same front without its one read of the shared cache (not shipped), reaches "
                f"{unchecked / summaries['w']['rps']:.2f} of (w), {unchecked / middleware:.2f}× (d'): "
                "the most a cheaper freshness check could bring"
            )
    rps_ratio("c", "d", 2, "(c) / (d) req/s, our uncached article against a bare Wagtail page")
    rps_ratio("e:masthead", "e:isso", 2, "(e) Masthead / Isso comment POST req/s")
    rps_ratio("e':masthead", "e':isso", 10, "(e') Masthead / Isso 50-comment thread GET req/s")
    if "f" in summaries:
        search = summaries["f"]
        lines.append(
            f"- (f) search p95 < 100 ms: p95 {search['p95_ms']:.1f} ms (p50 {search['p50_ms']:.1f}, "
            f"p99 {search['p99_ms']:.1f}; p95 from wrk's latency histogram, median of the runs) — "
            f"{verdict(search['p95_ms'] < 100)}."
        )
        if args.connections > WORKERS:
            lines[-1] += (
                f" With {args.connections} connections on {WORKERS} sync workers a request mostly waits for those "
                f"ahead of it ({args.connections} ÷ {search['rps']:.0f} req/s = "
                f"{args.connections / search['rps'] * 1000:.0f} ms); the server's own CPU time per search is "
                f"{search['cpu_ms']:.0f} ms, and `--only f --connections {WORKERS}` measures without the queue."
            )
    if "c" in summaries and "1k" in summaries:
        big, small = summaries["c"], summaries["1k"]
        p50, p99 = big["p50_ms"] / small["p50_ms"], big["p99_ms"] / small["p99_ms"]
        articles = results["facts"]["article"]["articles"], results["facts"]["small"]["articles"]
        lines.append(
            f"- article latency flat from {articles[1]:,} to {articles[0]:,} articles (taken as: p50 at the larger "
            f"within 25% of p50 at the smaller): p50 {small['p50_ms']:.1f} → {big['p50_ms']:.1f} ms (×{p50:.2f}), "
            f"p99 ×{p99:.2f}, req/s ×{big['rps'] / small['rps']:.2f}, CPU ms/req ×{big['cpu_ms'] / small['cpu_ms']:.2f}"
            f" — {verdict(p50 <= 1.25)}"
        )
    return lines


def report(results, args):
    facts = results["facts"]
    versions = ", ".join(f"{name} {version}" for name, version in facts["versions"].items())
    loads = [run["load_average_before"] for summary in results["summaries"].values() for run in summary["runs"]]
    lines = [
        f"## bench/run, {facts['started']}",
        "",
        f"`{facts['command']}`: {os.cpu_count()} cores, load average {min(loads):.2f} to {max(loads):.2f} before "
        f"the measured runs; wrk -t{args.threads} -c{args.connections} -d{args.duration} --latency --timeout "
        f"{args.timeout}, {args.runs} round{'s' if args.runs > 1 else ''} after a 2 s warm-up, medians of the runs "
        f"(errors: summed). Every Python server: gunicorn, {WORKERS} sync workers; every nginx: {WORKERS} worker "
        "processes; all on loopback.",
        "",
        versions,
        "",
        table(results),
        "",
        "CPU ms/req: user + system CPU time of the server's process group over a run, per request wrk completed (for "
        "(b) the proxy's, for (e)/(e') per request the server logged). RSS: VmRSS of each worker process after the "
        "runs, mean (number of workers).",
        "",
    ]
    lines += notes(results)
    lines += ["", "Goals:", "", *goals(results, args)]
    if results["missed"]:
        lines += ["", "Not run (--only): " + ", ".join(results["missed"])]
    return "\n".join(lines) + "\n"


def notes(results):
    facts, checks = results["facts"], results["checks"]
    lines = []
    article = facts["article"]
    lines.append(f"- Article: {article['path']} in {article['data']} ({article['articles']:,} English articles).")
    if "small" in facts:
        small = facts["small"]
        lines.append(f"- Row 1k: {small['path']} in {small['data']} ({small['articles']:,} English articles).")
    if "our_page_bytes" in facts:
        sizes = f"- Page sizes: our article {facts['our_page_bytes']:,} bytes (row a serves these very bytes)"
        if "wagtail_page_bytes" in facts:
            sizes += (
                f"; the bare Wagtail page with the same headline, lead and body {facts['wagtail_page_bytes']:,} bytes"
            )
        lines.append(sizes + ".")
    for row, check in checks.items():
        state = "as expected" if check["ok"] else f"**NOT as expected** (expected {check['expected']})"
        lines.append(f"- ({row}) {check['header']} after the warm-up: {', '.join(check['seen'])}: {state}.")
    if "b_after" in facts:
        lines.append(f"- (b) X-Cache-Status after the runs: {', '.join(facts['b_after'])}.")
    if "comments_api_header" in facts:
        lines.append(f"- (e') Masthead's comments API answers with X-Page-Cache: {facts['comments_api_header']}.")
    if "search" in facts:
        lines.append(f"- (f) search pages: {'; '.join(facts['search'].values())}.")
    return lines


def parse_rows(text):
    rows = {ALIASES.get(part.strip(), part.strip()) for part in text.split(",") if part.strip()}
    unknown = rows - set(ROWS)
    if unknown:
        raise SystemExit(f"--only: unknown rows {sorted(unknown)}; rows are {', '.join(ROWS)}")
    return rows


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="/tmp/bench-100k", help="data dir made by `masthead demo --articles 100000`")
    parser.add_argument("--data-small", default="/tmp/bench-1k", help="data dir with 1,000 articles, for row 1k")
    parser.add_argument("--database-url", default="", help="passed on as DATABASE_URL for --data")
    parser.add_argument("--work-dir", default="/tmp/masthead-bench-run", help="scratch; emptied but for the venvs")
    parser.add_argument("--wagtail-venv", help="default: WORK_DIR/wagtail-venv")
    parser.add_argument("--isso-venv", help="default: WORK_DIR/isso-venv")
    parser.add_argument("--only", default=",".join(ROWS), help=f"rows to run, from {','.join(ROWS)}")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    # wrk's default of 2 s would leave the slowest answers out of the latency figures as "timeouts".
    parser.add_argument("--timeout", default="10s", help="wrk's per-request timeout")
    parser.add_argument("--port", type=int, default=8841, help="first of the loopback ports, one a server")
    parser.add_argument("--slug", default="story-11", help="the English demo article")
    parser.add_argument("--search-path", default="/search/")
    parser.add_argument("--search-words", default=",".join(SEARCH_WORDS), type=lambda text: text.split(","))
    args = parser.parse_args()
    if re.fullmatch(r"\d+", args.duration):
        args.duration += "s"
    args.work_dir = Path(args.work_dir)
    args.wagtail_venv = args.wagtail_venv or str(args.work_dir / "wagtail-venv")
    args.isso_venv = args.isso_venv or str(args.work_dir / "isso-venv")
    return args


def main():
    args = parse_args()
    rows = parse_rows(args.only)
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install -y wrk nginx libnginx-mod-http-cache-purge")
    for data in [args.data] + ([args.data_small] if "1k" in rows else []):
        if not (Path(data) / "secret_key").exists():
            raise SystemExit(f"{data} is not a Masthead data dir; see bench/README.md (make_data.sh)")
    # This script is meant to run under `flock /tmp/bench.lock`, which already keeps other load tests off the
    # machine. comments_vs_isso.py would instead wait while any wrk runs, which includes every other benchmark
    # queued on that lock: it would wait its full 15 minutes before each run.
    comments.wait_for_quiet = lambda notes: None
    work = args.work_dir
    clean_work_dir(work)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, comments.on_signal)
    signal.signal(signal.SIGHUP, comments.on_signal)
    began = time.monotonic()
    facts = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "command": " ".join(["bench/run", *sys.argv[1:]]),
        "versions": tool_versions(),
    }
    try:
        started, targets = start_everything(args, rows, work, facts)
        print(f"warm-up: 2 s on each of {len(targets)} targets", flush=True)
        checks = {}

        def check(target):
            for row, found in cache_checks(started, facts["article"]["path"], target.row).items():
                print(f"  ({row}) {found['header']}: {', '.join(found['seen'])}", flush=True)
                checks[row] = found

        warm_up(targets, args, work, then=check)
        measure_all(targets, args, work)
        if "proxy" in started:
            # The page's s-maxage (60 s) runs out during the runs: the proxy then answers STALE once while it
            # refreshes the page in the background, and HIT again after that.
            url = started["proxy"].base + facts["article"]["path"]
            facts["b_after"] = []
            for _ in range(4):
                facts["b_after"].append(fetch(url)[1].get("X-Cache-Status") or "(none)")
                time.sleep(0.5)
        rss = {server.name: worker_rss_mb(server.pgid) for server in started.values()}
    finally:
        comments.stop_all()
    summaries = {
        target.key: {"row": target.row, "label": target.label, "server": target.server.name, **target.summary()}
        for target in targets
    }
    results = {
        "facts": facts,
        "checks": checks,
        "summaries": summaries,
        "rss_mb_per_worker": rss,
        "missed": [row for row in ROWS if row not in rows],
        "seconds": round(time.monotonic() - began),
    }
    text = report(results, args) + f"\nTook {results['seconds'] // 60} min {results['seconds'] % 60} s.\n"
    (work / "results.json").write_text(json.dumps(results, indent=2, default=str))
    (work / "results.md").write_text(text)
    print()
    print(text, end="")


if __name__ == "__main__":
    main()
