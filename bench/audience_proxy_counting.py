"""What counting views costs behind the caching proxy: the cached article with the view log on and off.

    flock /tmp/bench.lock .venv/bin/python bench/audience_proxy_counting.py [--data /tmp/bench-1k]

One app server (`masthead serve --workers 2 --no-worker`) and two nginx instances in front of it, both from the
shipped configuration (`masthead nginx_config`), one writing the view log that proxy_log.py counts from and
one with that `access_log` line replaced by `access_log off`. After a warm-up each answers the article from
its cache (X-Cache-Status: HIT, checked). wrk on loopback, `-t2 -c32 -d10s`, three rounds taking turns; the
medians of requests/s and of p50/p99, and the ratio log on / log off. Goal: counting costs at most 5%.

Then the other half of the cost: reading the log. A log of --lines lines (one article, --readers distinct
readers, as nginx writes them) is counted by `proxy_log.ingest()` in a child process with a copy of the data
dir; lines per second, set beside the proxy's own rate.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from servers import HOST, article_url, fetch, parse_wrk, port_in_use, settle, start, stop, wait_until_up
from tables import print_rows

from masthead.pagecache.nginx_config import write_standalone

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def masthead_env(data, **extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"MASTHEAD_DATA_DIR": str(data), "DEBUG": "0", "TRUSTED_PROXIES": "1", **extra})
    return env


def nginx_instance(work, *, port, upstream, log_views, env):
    command = write_standalone(
        work, listen=f"{HOST}:{port}", upstreams=[upstream], views_log="views.log" if log_views else None, workers=2
    )
    return start(command, env, work / "nginx.log")


def run_wrk(url, args):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout=10s"]
    command += ["--latency", "-H", "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", url]
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def cache_status(url):
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Cache-Status")


def ingest_rate(args, data, path):
    """Lines per second that proxy_log.ingest() counts, for a log of distinct readers of one article."""
    copy = Path(args.work_dir) / "ingest-data"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("cache", "media", "static"))
    log = Path(args.work_dir) / "ingest.log"
    agent = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
    now = time.time()
    with log.open("w") as out:
        for number in range(args.lines):
            reader = number % args.readers
            address = f"10.{reader // 65536 % 256}.{reader // 256 % 256}.{reader % 256}"
            out.write(f"{now:.3f}\t{address}\t{path}\t{agent}\t   \n")
    code = (
        "import time, django; django.setup(); from masthead.audience import proxy_log, services; "
        f"started = time.perf_counter(); counted, skipped = proxy_log.ingest({str(log)!r}); "
        "read = time.perf_counter() - started; services.flush_view_counts(); "
        "print(counted, read)"
    )
    env = masthead_env(copy, DJANGO_SETTINGS_MODULE="masthead.settings", MASTHEAD_AUDIENCE_PROXY_LOG=str(log))
    done = subprocess.run([PYTHON, "-c", code], env=env, cwd=PROJECT, capture_output=True, text=True, check=True)
    counted, seconds = done.stdout.split()[-2:]
    return int(counted), float(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="/tmp/bench-1k")
    parser.add_argument("--work-dir", default="/tmp/masthead-bench-proxy-counting")
    parser.add_argument("--slug", default="story-11")
    parser.add_argument("--port", type=int, default=8871)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--readers", type=int, default=20_000)
    args = parser.parse_args()

    work = Path(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = masthead_env(args.data, MASTHEAD_AUDIENCE_PROXY_LOG=str(work / "on" / "views.log"))
    path = article_url(env, args.slug)
    app_port, on_port, off_port = args.port, args.port + 1, args.port + 2
    for port in (app_port, on_port, off_port):
        if port_in_use(port):
            raise SystemExit(f"port {port} is taken")
    processes = []
    try:
        app_command = [PYTHON, "-m", "masthead.cli", "serve", f"--bind={HOST}:{app_port}", "--workers=2"]
        app = start([*app_command, "--no-worker", "--no-migrate"], env, work / "app.log")
        processes.append(app)
        wait_until_up(f"http://{HOST}:{app_port}{path}", app)
        targets = {}
        for name, port, log_views in (("log on", on_port, True), ("log off", off_port, False)):
            proxy = nginx_instance(work / name.replace(" ", "-"), port=port, upstream=f"{HOST}:{app_port}",
                                   log_views=log_views, env=env)  # fmt: skip
            processes.append(proxy)
            url = f"http://{HOST}:{port}{path}"
            wait_until_up(url, proxy)
            fetch(url)
            status = cache_status(url)
            if status != "HIT":
                raise SystemExit(f"{name}: the proxy answered {status}, not HIT")
            targets[name] = (url, proxy)
        results = {name: [] for name in targets}
        for round_number in range(args.runs):
            order = list(targets) if round_number % 2 == 0 else list(reversed(targets))
            for name in order:
                url, proxy = targets[name]
                results[name].append(run_wrk(url, args))
                settle(proxy.pid, seconds=5)
        logged = (work / "log-on" / "views.log").stat().st_size if (work / "log-on" / "views.log").exists() else 0
    finally:
        for process in reversed(processes):
            stop(process)

    medians = {
        name: {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50_ms", "p99_ms")}
        for name, runs in results.items()
    }
    errors = {name: sum(run["errors"] + run["non_2xx"] for run in runs) for name, runs in results.items()}
    rows = [("proxy", "req/s", "p50 ms", "p99 ms", "errors", "req/s ÷ log off")]
    for name, median in medians.items():
        rows.append(
            (
                name,
                f"{median['rps']:.0f}",
                f"{median['p50_ms']:.2f}",
                f"{median['p99_ms']:.2f}",
                str(errors[name]),
                f"{median['rps'] / medians['log off']['rps']:.3f}",
            )
        )
    print(f"cached article {path} through the shipped proxy config, wrk -t{args.threads} -c{args.connections} "
          f"-d{args.duration}s, medians of {args.runs} rounds; view log written: {logged / 1e6:.1f} MB")  # fmt: skip
    print_rows(rows)
    counted, seconds = ingest_rate(args, args.data, path)
    rate = args.lines / seconds
    print(
        f"\nreading the log: {args.lines:,} lines, {args.readers:,} readers -> {counted:,} views counted in "
        f"{seconds:.2f} s = {rate:,.0f} lines/s ({rate / medians['log on']['rps']:.2f}x the proxy's rate above)"
    )
    summary = {"medians": medians, "errors": errors, "ingest_lines_per_second": rate, "counted": counted}
    (work / "results.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
