"""What the in-process benchmarks share: Django started on a data directory as production runs it, and a timer."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_django(data_dir=None):
    """Production settings with DEBUG off and no page cache (the render is what is measured), on `data_dir` if
    given; static files collected, as templates need the manifest's hashed names when DEBUG is off."""
    if data_dir:
        os.environ["MASTHEAD_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    os.environ["DEBUG"] = "0"
    os.environ["MASTHEAD_PAGE_CACHE_SECONDS"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def median_ms(work, requests):
    """The median of `requests` calls of `work`, in milliseconds."""
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def statements_of(work):
    """How many SQL statements one call of `work` sends (Django must be set up)."""
    from django.db import connection

    statements = []

    def counted(execute, sql, *args):
        statements.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(counted):
        work()
    return len(statements)


def time_pages(client, pages, requests):
    """(name, median ms, statements) of each (name, address) of `pages`, after one request that must answer 200
    and fills the caches a first reader fills."""
    rows = []
    for name, url in pages:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.content[:300])
        rows.append(
            (name, median_ms(lambda url=url: client.get(url), requests), statements_of(lambda url=url: client.get(url)))
        )
    return rows


def print_ratio_table(rows):
    """The rows as a Markdown table, each divided by the first (the reference measured in the same run)."""
    reference = rows[0][1]
    print(f"| {'what':<42} | median ms | queries | ÷ reference |")
    print(f"|{'-' * 44}|-----------|---------|-------------|")
    for name, ms, queries in rows:
        print(f"| {name:<42} | {ms:9.1f} | {queries:7d} | {ms / reference:11.2f} |")
