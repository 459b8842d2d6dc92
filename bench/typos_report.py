"""Cost of a typo report, in process, against references measured in the same run.

    .venv/bin/python bench/typos_report.py                      # SQLite in a fresh data dir under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/typos_bench .venv/bin/python bench/typos_report.py

Builds a fresh newsroom (migrate, one article with five paragraphs) with the production settings and DEBUG off,
then times requests through django.test.Client (the whole middleware stack, no network):

- reference: GET /api/v1/typos/token, the cheapest request through the same stack;
- a new report (a new row: validation, the place check, one insert and its reader);
- the same place from another reader (deduplicated: the count goes up);
- a flood past the rate limit (refused before the body is parsed);
- the warm article page without and with a correction (the corrections note comes from the cache);
- applying a suggestion (a new revision, published), as a service call.

Prints the median and 90th percentile in milliseconds, and each median as a multiple of the reference's.
With DATABASE_URL set to PostgreSQL that database is dropped and created afresh: never point it at a real one.
"""

import gzip
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "200"))


def fresh_postgres(url):
    """Drop and create the benchmark's PostgreSQL database, so every run starts from the same state."""
    from urllib.parse import urlsplit

    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup():
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        fresh_postgres(os.environ["DATABASE_URL"])
    data_dir = tempfile.mkdtemp(prefix="typos-bench-")
    os.environ.setdefault("MASTHEAD_DATA_DIR", data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["LOG_LEVEL"] = "ERROR"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 429s are meant
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    # Static files are served by name (no collectstatic, no manifest): static URLs are not what is measured.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
    return data_dir


def timed(label, action, runs=RUNS):
    action()  # warm-up
    samples = []
    for number in range(runs):
        started = time.perf_counter()
        action(number)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return label, statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


def timed_interleaved(*named_actions, runs=RUNS // 2):
    """Like timed(), taking turns, so a drift in the machine's load falls on every action alike."""
    samples = {label: [] for label, _action in named_actions}
    for _label, action in named_actions:
        action()
    for number in range(runs):
        for label, action in named_actions:
            started = time.perf_counter()
            action(number)
            samples[label].append((time.perf_counter() - started) * 1000)
    return [
        (label, statistics.median(values), sorted(values)[int(len(values) * 0.9) - 1])
        for label, values in samples.items()
    ]


def main():
    data_dir = setup()
    try:
        measure()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def measure():
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.rich_text import RichText

    from masthead.newsroom.tests import factories
    from masthead.typos import services
    from masthead.typos.models import TypoReport
    from masthead.typos.tests import helpers

    settings.MASTHEAD_TYPOS_RATES = ["1000000/m"]
    # Words that are never part of one another, so each selection is unique in its paragraph.
    words = [f"w{n:05d}x" for n in range(RUNS * 3)]
    paragraphs = [" ".join(words[n : n + 40]) for n in range(0, len(words), 40)]
    article = factories.article(body=[("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs])
    plain = factories.article(title="Plain story")
    corrected = factories.article(title="Corrected story")
    chief = helpers.chief()
    services.correction_add(article=corrected, text="We misspelt the mayor's name.", editor=chief)
    client = Client()
    blocks = list(article.body)

    def place_of(number):
        word = words[number % len(words)]
        index = next(i for i, text in enumerate(paragraphs) if f"{word} " in f"{text} ")
        return helpers.place(article, word, block_index=index) | {"block_id": blocks[index].id}

    payloads = [place_of(number) for number in range(RUNS + 1)]

    def new_report(number=RUNS):
        response = helpers.post_report(client, article.pk, payloads[number], REMOTE_ADDR="192.0.2.1")
        assert response.status_code == 201, response.content

    def duplicate(number=0):
        response = helpers.post_report(
            client, article.pk, payloads[0], REMOTE_ADDR=f"10.0.{number // 250}.{number % 250}"
        )
        assert response.status_code in {200, 201}, response.content

    def token(number=0):
        assert client.get("/api/v1/typos/token").status_code == 200

    def page(url):
        def get(number=0):
            assert client.get(url).status_code == 200

        return get

    results = [timed("GET token (reference)", token)]
    results.append(timed("POST new report", new_report))
    results.append(timed("POST same place, another reader", duplicate))
    settings.MASTHEAD_TYPOS_RATES = ["1/h"]
    results.append(
        timed("POST past the rate limit (429)", lambda number=0: helpers.post_report(client, article.pk, payloads[1]))
    )
    settings.MASTHEAD_TYPOS_RATES = ["1000000/m"]
    results += timed_interleaved(
        ("GET article, no correction", page(plain.url)), ("GET article with a correction", page(corrected.url))
    )
    queries = {}
    for name, story in (("plain", plain), ("corrected", corrected)):
        client.get(story.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(story.url)
        queries[name] = len(captured)

    reports = list(TypoReport.objects.filter(status="new", count=1).order_by("pk")[: RUNS // 4])
    for report in reports:
        TypoReport.objects.filter(pk=report.pk).update(suggestion=report.selection.upper())
    pending = iter(reports)

    def apply(number=0):
        report = next(pending)
        report.refresh_from_db()
        services.report_apply_suggestion(report=report, editor=chief)

    results.append(timed("apply a suggestion (publish)", apply, runs=len(reports) - 1))

    reference = results[0][1]
    print(f"database: {connection.vendor}; runs per row: {RUNS}; load average: {os.getloadavg()[0]:.2f}")
    print(f"{'':36} {'median ms':>10} {'p90 ms':>8} {'x reference':>12}")
    for label, median, p90 in results:
        print(f"{label:36} {median:10.2f} {p90:8.2f} {median / reference:12.1f}")
    print(f"warm article page queries: {queries['plain']} without, {queries['corrected']} with a correction")
    script = (ROOT / "masthead" / "typos" / "static" / "typos" / "typos.js").read_bytes()
    print(f"typos.js: {len(script)} bytes, {len(gzip.compress(script, 9))} gzipped")


if __name__ == "__main__":
    main()
