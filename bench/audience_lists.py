"""Archive pages and most-read lists on a large archive: time and SQL queries per request, in process.

    MASTHEAD_DATA_DIR=/tmp/audience-100k .venv/bin/python bench/audience_lists.py [--requests 50]

Needs the 100,000-article demo (`masthead demo --articles 100000`) and a year of per-day counts
(`bench/audience_make_counts.py`). Each page is requested through `django.test.Client` with the production
settings and DEBUG off (no server, no network): one warm-up, one request with the queries captured, then
`--requests` timed ones; the median and 90th percentile are printed in milliseconds. Most-read pages are
measured twice: "warm" reuses the computed list (as every request but one in MASTHEAD_AUDIENCE_MOST_READ_TTL
does), "cold" clears the cache before each request, so the list is computed from the per-day counts every
time. The sidebar (calendar and most read) is in every page; "cold" recomputes it too.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from masthead.audience.models import ArchiveEntry, DailyViews  # noqa: E402
from masthead.audience.services import site_today  # noqa: E402


def pages():
    today = site_today()
    last_year = today.replace(year=today.year - 1)
    year_count = ArchiveEntry.objects.filter(language="en", day__year=last_year.year).count()
    last_page = max(1, (year_count + 19) // 20)
    return [
        ("archive year (page 1)", f"/archive/{last_year.year}/", False),
        (f"archive year (last page, {last_page})", f"/archive/{last_year.year}/?page={last_page}", False),
        ("archive month", f"/archive/{last_year:%Y/%m}/", False),
        ("archive day", f"/archive/{last_year:%Y/%m/%d}/", False),
        ("archive day, Russian", f"/ru/archive/{last_year:%Y/%m/%d}/", False),
        ("most read 24 hours", "/most-read/", False),
        ("most read 7 days", "/most-read/7-days/", False),
        ("most read 30 days", "/most-read/30-days/", False),
        ("most read 30 days, cold", "/most-read/30-days/", True),
        ("most read 30 days, Russian, cold", "/ru/most-read/30-days/", True),
        ("archive day, cold sidebar", f"/archive/{last_year:%Y/%m/%d}/", True),
    ]


def measure(client, url, cold, requests):
    client.get(url)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Counted now: the next request's start empties the connection's query log.
    query_count = len(queries)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    times = []
    for _ in range(requests):
        if cold:
            cache.clear()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], query_count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    # Pages name their stylesheets through the manifest of collected static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"{ArchiveEntry.objects.count():,} articles in the archive, {DailyViews.objects.count():,} per-day counts "
        f"({DailyViews.objects.order_by('day').values_list('day', flat=True).first()} to "
        f"{DailyViews.objects.order_by('-day').values_list('day', flat=True).first()}); "
        f"{connection.vendor}; load average {os.getloadavg()[0]:.2f}"
    )
    print(f"{'page':<42} {'median ms':>9} {'p90 ms':>7} {'queries':>7}")
    for name, url, cold in pages():
        median, p90, queries = measure(client, url, cold, args.requests)
        print(f"{name:<42} {median:>9.1f} {p90:>7.1f} {queries:>7}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
