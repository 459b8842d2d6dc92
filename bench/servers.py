"""gunicorn and granian serving the demo article page, against nginx serving the same bytes.

    .venv/bin/pip install -r bench/requirements.txt           # granian; wrk and nginx come from apt
    MASTHEAD_DATA_DIR=/tmp/bench-1k .venv/bin/python bench/servers.py

Each server gets the same load from wrk on loopback (`-t2 -c32 -d10s --latency`, three runs after a
short warm-up): the medians of requests/s and of the p50 and p99 latencies are printed with their
ratios to nginx, which serves the article's HTML as a file and is the reference of the same run.

    gunicorn  python -m gunicorn masthead.wsgi:application --workers 2 (sync workers)
    granian   python -m granian --interface wsgi --workers 2 masthead.wsgi:application
    nginx     bench/nginx.conf, 2 worker processes, the page saved to a file

The site runs with DEBUG off and its production settings; collectstatic runs first. A
DATABASE_URL in the environment is passed on. Servers are started in their own process groups
and stopped by them; logs and the raw wrk output stay in --work-dir.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tables import print_rows

ROOT = Path(__file__).resolve().parent
PROJECT = ROOT.parent
HOST = "127.0.0.1"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def article_url(env, slug):
    code = (
        "from masthead.newsroom.models import ArticlePage;"
        f"print(ArticlePage.objects.live().get(locale__language_code='en', slug='{slug}').url)"
    )
    command = [sys.executable, "-m", "masthead.cli", "shell", "-c", code]
    done = subprocess.run(command, env=env, cwd=PROJECT, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def wait_until_up(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited with {process.returncode}; see its log")
        try:
            status, body = fetch(url)
            if status == 200:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def group_cpu_seconds(group):
    """User + system CPU time of every live process in a process group (a server and its workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        # After the command name: state, ppid, pgrp, ... utime and stime are fields 14 and 15 of stat.
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def settle(group, seconds=10):
    """Wait until a server has finished the answers wrk gave up on, so it does not slow the next run."""
    deadline = time.monotonic() + seconds
    last = group_cpu_seconds(group)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = group_cpu_seconds(group)
        if now - last < 0.02:
            return
        last = now


def start(command, env, log):
    handle = open(log, "w")  # noqa: SIM115 - kept open for the server's lifetime
    return subprocess.Popen(
        command, env=env, cwd=PROJECT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def parse_wrk(text):
    def duration(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)]

    errors = 0
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50_ms": duration("50"),
        "p99_ms": duration("99"),
        "errors": errors,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def wrk(url, args, duration):
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration}",
        f"--timeout={args.timeout}",
        "--latency",
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def summary(runs):
    return {
        "runs": runs,
        "rps": statistics.median(run["rps"] for run in runs),
        "p50_ms": statistics.median(run["p50_ms"] for run in runs),
        "p99_ms": statistics.median(run["p99_ms"] for run in runs),
        "errors": sum(run["errors"] + run["non_2xx"] for run in runs),
        "cpu_ms_per_request": statistics.median(run["cpu_ms_per_request"] for run in runs),
    }


def print_table(results):
    nginx = results["nginx"]
    header = (
        "server",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "CPU ms/req",
        "req/s ÷ nginx",
        "p50 ÷ nginx",
        "p99 ÷ nginx",
        "CPU/req ÷ nginx",
    )
    lines = [header]
    for name, result in results.items():
        lines.append(
            (
                name,
                f"{result['rps']:.0f}",
                f"{result['p50_ms']:.2f}",
                f"{result['p99_ms']:.2f}",
                str(result["errors"]),
                f"{result['cpu_ms_per_request']:.3f}",
                f"{result['rps'] / nginx['rps']:.4f}",
                f"{result['p50_ms'] / nginx['p50_ms']:.0f}",
                f"{result['p99_ms'] / nginx['p99_ms']:.0f}",
                f"{result['cpu_ms_per_request'] / nginx['cpu_ms_per_request']:.0f}",
            )
        )
    print_rows(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=os.environ.get("MASTHEAD_DATA_DIR", str(PROJECT / "var")))
    parser.add_argument("--slug", default="story-11", help="the English demo article to serve")
    parser.add_argument("--work-dir", default="/tmp/masthead-bench", help="scratch: logs, nginx root, wrk output")
    parser.add_argument("--port", type=int, default=8801, help="first of the loopback ports, one a server")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    # wrk's default of 2 s would leave the slowest answers out of the latency figures as "timeouts".
    parser.add_argument("--timeout", default="10s", help="wrk's per-request timeout")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--servers",
        default="gunicorn,granian,granian-1thread",
        type=lambda text: text.split(","),
        help="app servers to run, from: gunicorn, granian, granian-1thread (nginx always runs)",
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install -y wrk nginx")

    work = Path(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    (work / "nginx-tmp").mkdir(parents=True)
    env = dict(os.environ, MASTHEAD_DATA_DIR=args.data_dir, DEBUG="0", DJANGO_SETTINGS_MODULE="masthead.settings")
    manage = [sys.executable, "-m", "masthead.cli"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=PROJECT, check=True)
    path = article_url(env, args.slug)
    print(f"article {path}, data dir {args.data_dir}, load average {os.getloadavg()[0]:.2f}", flush=True)

    python = sys.executable
    workers = str(args.workers)
    servers = {
        "gunicorn": [
            python,
            "-m",
            "gunicorn",
            "masthead.wsgi:application",
            "--workers",
            workers,
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{{port}}",
        ],
        "granian": [
            python,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--workers",
            workers,
            "--host",
            HOST,
            "--port",
            "{port}",
            "masthead.wsgi:application",
        ],
    }
    # granian's default for WSGI is a pool of backlog/workers/2 = 256 threads a worker, which
    # interleave under the GIL; one thread a worker is the same shape as gunicorn's sync workers.
    servers["granian-1thread"] = [*servers["granian"][:-1], "--blocking-threads", "1", "masthead.wsgi:application"]
    servers = {name: command for name, command in servers.items() if name in args.servers}
    if not servers:
        raise SystemExit("--servers names none of gunicorn, granian, granian-1thread")
    nginx_conf = (ROOT / "nginx.conf").read_text().replace("{work}", str(work))

    # All servers run side by side, idle but for the one under load, and the runs take turns
    # (run 1 of each, then run 2 of each...), so a change in the machine's other load during the
    # benchmark falls on every server alike instead of on whichever happened to be measured then.
    urls, processes, groups = {}, [], {}
    try:
        page_bytes = None
        for offset, name in enumerate([*servers, "nginx"]):
            port = args.port + offset
            if port_in_use(port):
                raise SystemExit(f"port {port} is taken by another program; pick others with --port")
            urls[name] = f"http://{HOST}:{port}{path}"
            if name == "nginx":
                target = work / "html" / path.strip("/") / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(page_bytes)  # the first app server's answer
                conf = work / "nginx.conf"
                conf.write_text(nginx_conf.replace("{port}", str(port)))
                command = ["nginx", "-p", str(work), "-c", str(conf)]
            else:
                command = [part.replace("{port}", str(port)) for part in servers[name]]
            processes.append(start(command, env, work / f"{name}.log"))
            groups[name] = processes[-1].pid
            body = wait_until_up(urls[name], processes[-1])
            page_bytes = page_bytes or body
            print(f"{name}: {len(body):,} bytes at {urls[name]}", flush=True)
        for url in urls.values():
            wrk(url, args, "2s")  # warm-up: every worker has imported and rendered the page
        runs = {name: [] for name in urls}
        for number in range(1, args.runs + 1):
            for name, url in urls.items():
                load_average = os.getloadavg()[0]
                cpu_before = group_cpu_seconds(groups[name])
                output = wrk(url, args, args.duration)
                cpu = group_cpu_seconds(groups[name]) - cpu_before
                settle(groups[name])
                (work / f"wrk-{name}-{number}.txt").write_text(output)
                run = {**parse_wrk(output), "load_average_before": load_average}
                # The server's own CPU time for each answer: unlike req/s, hardly moved by other load.
                run["cpu_ms_per_request"] = cpu * 1000 / max(run["requests"], 1)
                runs[name].append(run)
                print(
                    f"  run {number} {name}: {run['rps']:.0f} req/s, p50 {run['p50_ms']:.2f} ms, "
                    f"p99 {run['p99_ms']:.2f} ms, {run['cpu_ms_per_request']:.3f} CPU ms/request "
                    f"(load average before {load_average:.2f})",
                    flush=True,
                )
    finally:
        for process in processes:
            stop(process)

    results = {name: summary(runs[name]) for name in ["nginx", *servers]}
    (work / "results.json").write_text(json.dumps(results, indent=2))
    print()
    print_table(results)


if __name__ == "__main__":
    main()
