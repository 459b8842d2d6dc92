"""What counting views costs a cached article page: page views a second with counting off and on.

    MASTHEAD_DATA_DIR=/tmp/audience-100k .venv/bin/python bench/audience_counting.py
    MASTHEAD_DATA_DIR=/tmp/audience-100k REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/audience_counting.py

The article page is served from Django's page cache (bench/audience_settings.py: the stored response, no
view, no database), by gunicorn with 2 sync workers, loaded by wrk on loopback. Three ways are measured in
the same run, taking turns (run 1 of each, then run 2 of each, ...) so that other load on the machine falls
on all of them alike:

    off       GET the article only: the reference.
    beacon    each page view is the GET and the beacon's POST /api/v1/articles/<id>/views, as a browser
              sends them (every POST from a new reader, so each one counts). Page views/s = requests/s / 2.
    in-layer  each GET also counts the view inside the cache layer (a middleware in front of the cache
              calls the same `view_record`), one request per view. A second gunicorn serves this one.

The figure is page views a second and its ratio to `off`. After the runs, the buffer is flushed and the
article's count must have grown by exactly the number of beacons and in-layer views answered "counted"
(wrk's Lua script counts them): counting stays exact under load.
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PROJECT = ROOT.parent
HOST = "127.0.0.1"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

LUA = """
local mode, page, beacon = "%(mode)s", "%(page)s", "%(beacon)s"
local agent, pool = "%(agent)s", %(pool)d
counter, counted = 0, 0
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  prefix = "%(run)s-t" .. id
end
function request()
  counter = counter + 1
  local reader = agent .. " " .. prefix .. "-" .. counter
  if pool > 0 then reader = agent .. " " .. prefix .. "-r" .. (counter %% pool) end
  if mode == "off" then
    return wrk.format("GET", page, {["User-Agent"] = agent})
  elseif mode == "in-layer" then
    return wrk.format("GET", page, {["User-Agent"] = reader})
  elseif counter %% 2 == 1 then
    return wrk.format("GET", page, {["User-Agent"] = reader})
  else
    return wrk.format("POST", beacon, {["User-Agent"] = reader, ["Content-Length"] = "0"})
  end
end
function response(status, headers, body)
  if status == 202 and string.find(body, '"counted": true', 1, true) then counted = counted + 1 end
  if headers["X-Counted"] == "1" then counted = counted + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("counted") end
  io.write("counted " .. total .. "\\n")
end
"""


def django_shell(env, code):
    command = [sys.executable, "-m", "masthead.cli", "shell", "-c", code]
    done = subprocess.run(command, env=env, cwd=PROJECT, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def article(env):
    code = (
        "from masthead.newsroom.models import ArticlePage;"
        "a = ArticlePage.objects.live().filter(locale__language_code='en').order_by('-first_published_at').first();"
        "print(a.pk, a.url, a.view_count)"
    )
    pk, url, views = django_shell(env, code).split()
    return int(pk), url, int(views)


def flushed_count(env, pk):
    code = (
        "from masthead.audience.services import flush_view_counts;"
        "from masthead.newsroom.models import ArticlePage;"
        f"flush_view_counts(); print(ArticlePage.objects.get(pk={pk}).view_count)"
    )
    return int(django_shell(env, code))


def start_server(env, port, log):
    command = [
        sys.executable, "-m", "gunicorn", "masthead.wsgi:application",
        "--workers", "2", "--worker-class", "sync", "--bind", f"{HOST}:{port}",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn on port {port} did not start; see {log.name}")


def run_wrk(port, mode, page, beacon, args, work_dir):
    script = work_dir / f"audience-{mode}.lua"
    # Every run's readers are new ones (a run token in their user agent), so every view can count.
    run = uuid.uuid4().hex[:12]
    script.write_text(
        LUA % {"mode": mode, "page": page, "beacon": beacon, "agent": BROWSER, "run": run, "pool": args.agents}
    )
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
        "-s", str(script), f"http://{HOST}:{port}{page}",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"wrk failed: {done.stdout}{done.stderr}")
    output = done.stdout
    requests_per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors and int(errors.group(1)) > 0 and mode == "off":
        raise SystemExit(f"the article page answered errors; see the gunicorn logs in {work_dir}")
    counted = int(re.search(r"counted (\d+)", output).group(1))
    views = requests_per_second / 2 if mode == "beacon" else requests_per_second
    return {"views_per_second": views, "counted": counted, "errors": int(errors.group(1)) if errors else 0}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8851)
    parser.add_argument(
        "--agents",
        type=int,
        default=0,
        help="readers share this many user agents (repeats within the window are not counted but cost the "
        "same check); 0: every request a new reader, the worst case for the robot check's cache",
    )
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/masthead-bench-audience"))
    args = parser.parse_args()
    args.work_dir.mkdir(parents=True, exist_ok=True)

    env = {**os.environ, "DEBUG": "0"}
    subprocess.run([sys.executable, "-m", "masthead.cli", "collectstatic", "--noinput", "-v0"], env=env, check=True)
    pk, page, views_before = article(env)
    beacon = f"/api/v1/articles/{pk}/views"
    server_env = {
        **env,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "audience_settings",
        "BENCH_ARTICLE_PATH": page,
        "BENCH_ARTICLE_ID": str(pk),
    }
    buffer = "redis" if env.get("REDIS_URL") else "database"
    load = os.getloadavg()[0]
    print(f"article {page} (id {pk}); buffer: {buffer}; load average before: {load:.2f}")
    servers = []
    try:
        with (
            open(args.work_dir / "gunicorn-plain.log", "w") as plain_log,
            open(args.work_dir / "gunicorn-in-layer.log", "w") as layer_log,
        ):
            servers.append(start_server(server_env, args.port, plain_log))
            servers.append(start_server({**server_env, "BENCH_COUNT_IN_CACHE_LAYER": "1"}, args.port + 1, layer_log))
            ports = {"off": args.port, "beacon": args.port, "in-layer": args.port + 1}
            for mode, port in ports.items():  # warm-up: fills each worker's page cache
                args_warm = argparse.Namespace(**{**vars(args), "duration": 2})
                run_wrk(port, mode, page, beacon, args_warm, args.work_dir)
            views_before = flushed_count(env, pk)
            results = {mode: [] for mode in ports}
            for _run in range(args.runs):
                for mode, port in ports.items():
                    results[mode].append(run_wrk(port, mode, page, beacon, args, args.work_dir))
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    counted = sum(run["counted"] for mode in ("beacon", "in-layer") for run in results[mode])
    views_after = flushed_count(env, pk)
    reference = statistics.median(run["views_per_second"] for run in results["off"])
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, median of {args.runs} interleaved runs")
    print(f"{'counting':<10} {'page views/s':>13} {'vs off':>7} {'errors':>7} {'counted':>8}")
    for mode, runs in results.items():
        median = statistics.median(run["views_per_second"] for run in runs)
        errors = sum(run["errors"] for run in runs)
        counted_here = sum(run["counted"] for run in runs)
        print(f"{mode:<10} {median:>13.1f} {median / reference:>7.3f} {errors:>7} {counted_here:>8}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    # wrk stops waiting when its time is up: requests still in flight then are served and counted, but not
    # seen by wrk, so the count may exceed the answers seen by at most one request per connection and run.
    in_flight = args.connections * args.runs * 2
    grew = views_after - views_before
    verdict = "exact" if counted <= grew <= counted + in_flight else "MISMATCH"
    print(f"views answered 'counted': {counted}; the article's count grew by {grew}")
    print(f"({verdict}: up to {in_flight} requests may have been in flight when wrk stopped)")


if __name__ == "__main__":
    main()
