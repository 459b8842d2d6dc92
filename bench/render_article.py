"""Median uncached render time and SQL query count of an article page, in process.

    .venv/bin/python bench/render_article.py                       # the data dir of the environment
    .venv/bin/python bench/render_article.py /tmp/bench-1k /tmp/bench-100k
    .venv/bin/python bench/render_article.py /tmp/pg-100k,postgres://postgres@127.0.0.1:5432/bulkbench

Each target is a data directory (MASTHEAD_DATA_DIR), optionally followed by a comma and a
DATABASE_URL. Every target is measured in its own child process (Django's settings are per
process), with DEBUG off and the production settings module. The first target is the reference:
the last column is each median divided by the reference's median for the same page.

For each page: one warm-up request (it also makes any missing image renditions), one request
with the SQL queries captured, then --requests timed requests through django.test.Client. No
page or fragment cache is involved, so every timed request runs the whole view and template.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tables import print_rows

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def measure(requests, slug):
    """Runs inside a child process whose environment names one data dir / database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    os.environ["DEBUG"] = "0"
    # The render is what is measured: the page cache would answer every timed request from memory.
    os.environ.setdefault("MASTHEAD_PAGE_CACHE_SECONDS", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from masthead.newsroom.models import ArticlePage, SectionPage

    # DEBUG is off, so templates need the hashed static file names of a collected manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    english = ArticlePage.objects.live().filter(locale__language_code="en")
    article = english.get(slug=slug)
    pages = [("article " + slug, article.url)]
    archive = english.filter(slug="story-301").first()
    if archive is not None:
        pages.append(("article story-301 (bulk)", archive.url))
    section = SectionPage.objects.get(pk=article.get_parent().pk)
    pages.append((f"section /{section.slug}/ page 1", section.url))
    pages.append(("home page (latest)", "/"))

    client = Client(HTTP_HOST=HOST)
    rows = []
    for name, url in pages:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        # Count now: the next request's start clears the connection's query log.
        queries = len(captured)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        timings.sort()
        rows.append(
            {
                "page": name,
                "url": url,
                "median_ms": statistics.median(timings),
                "p90_ms": timings[int(len(timings) * 0.9) - 1],
                "queries": queries,
                "bytes": len(response.content),
            }
        )
    return {
        "articles": english.count(),
        "database": connection.vendor,
        "rows": rows,
    }


def run_child(target, requests, slug, script=__file__):
    """`script --child` (this one, or another that takes the same options) for one target; its last line, JSON."""
    data_dir, _comma, database_url = target.partition(",")
    env = dict(os.environ, MASTHEAD_DATA_DIR=data_dir)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, script, "--child", "--requests", str(requests), "--slug", slug]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"measuring {target} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(results):
    reference = {row["page"]: row["median_ms"] for row in results[0][1]["rows"]}
    header = ("target", "db", "articles", "page", "median ms", "p90 ms", "queries", "KiB", "x ref")
    lines = [header]
    for target, result in results:
        for row in result["rows"]:
            ref = reference.get(row["page"])
            lines.append(
                (
                    target.partition(",")[0],
                    result["database"],
                    f"{result['articles']:,}",
                    row["page"],
                    f"{row['median_ms']:.1f}",
                    f"{row['p90_ms']:.1f}",
                    str(row["queries"]),
                    f"{row['bytes'] / 1024:.1f}",
                    f"{row['median_ms'] / ref:.2f}" if ref else "-",
                )
            )
    print_rows(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="DATA_DIR or DATA_DIR,DATABASE_URL; the first is the reference")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--slug", default="story-11", help="the English article to render (a base story)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.requests, args.slug)))
        return
    targets = args.targets or [os.environ.get("MASTHEAD_DATA_DIR", str(ROOT / "var"))]
    if not args.targets and os.environ.get("DATABASE_URL"):
        targets = [f"{targets[0]},{os.environ['DATABASE_URL']}"]
    print(f"{args.requests} requests a page, load average before: {os.getloadavg()[0]:.2f}", flush=True)
    results = [(target, run_child(target, args.requests, args.slug)) for target in targets]
    print_table(results)


if __name__ == "__main__":
    main()
