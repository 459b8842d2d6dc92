"""Sending one digest to 100,000 subscribers through the real code, against smtplib alone, in the same run.

    .venv/bin/python bench/newsletter_bench.py                     # SQLite in a fresh data dir under /tmp
    .venv/bin/python bench/newsletter_bench.py --subscribers 20000 --batch-size 500
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsletter_bench .venv/bin/python bench/newsletter_bench.py

Steps, each timed:

1. a fresh database (production settings, DEBUG off), a small newsroom with 20 stories published yesterday, and
   N confirmed daily subscribers written with bulk_create by a child process (so its memory is not counted below);
2. `services.digest_prepare`: choose the stories and write one delivery row per subscriber;
3. `delivery.digest_send`: render once, then batches of claim -> one SMTP connection -> record, until done: the
   code the worker runs, handing every mail to an SMTP sink (aiosmtpd, accepting and discarding) on loopback, which
   runs in its own process so it does not share this one's interpreter lock;
4. the reference: the bytes of one rendered mail, sent N times with smtplib alone to the same sink, one connection
   per batch of the same size.

Prints mails per second for 3 and 4 and their ratio, the CPU time this process spent per mail in each (the
sink's and the database server's work not included: the figure that depends least on the machine's load), the
peak resident memory of the sending process (before and
after sending; `ru_maxrss`), the sink's count of received mails, and the load average before and after.
With DATABASE_URL set to PostgreSQL the database is flushed first (it must not be a real one).
"""

import argparse
import os
import resource
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# --- the sink, run as a child process -------------------------------------------------------------------------


def run_sink(port):
    """Accept every mail and discard it; print how many arrived when stdin closes."""
    from aiosmtpd.controller import Controller

    class Sink:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.received += 1
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()
    print(Sink.received, flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_sink():
    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, __file__, "--sink", str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert sink.stdout.readline().strip() == "ready"
    return sink, port


def stop_sink(sink):
    sink.stdin.close()
    count = int(sink.stdout.readline().strip() or 0)
    sink.wait(timeout=30)
    return count


# --- Django -------------------------------------------------------------------------------------------------------


def setup_django(data_dir):
    os.environ["MASTHEAD_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(data_dir, subscribers):
    """Child process: migrate, make the newsroom and the subscribers."""
    setup_django(data_dir)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    from datetime import timedelta

    from masthead.audience.models import DailyViews
    from masthead.newsletter.digests import DIGESTS
    from masthead.newsletter.models import Subscriber
    from masthead.newsroom.tests import factories

    start, _end = DIGESTS["daily"].period(now=timezone.now())
    section = factories.section(title="City")
    for n in range(20):
        story = factories.article(
            parent=section,
            title=f"Story number {n} about the city council and its winter budget",
            lead="The city council approved the winter budget after a three-hour debate. " * 2,
            published_at=start + timedelta(minutes=30 * n + 5),
        )
        DailyViews.objects.create(
            article=story, day=timezone.localtime(start).date(), language="en", views=1000 - n * 37
        )
    started = time.perf_counter()
    now = timezone.now()
    batch = []
    for n in range(subscribers):
        batch.append(Subscriber(email=f"reader{n}@example.org", language="en", status="confirmed", confirmed_at=now))
        if len(batch) == 5000:
            Subscriber.objects.bulk_create(batch)
            batch = []
    if batch:
        Subscriber.objects.bulk_create(batch)
    print(f"{time.perf_counter() - started:.1f}", flush=True)


def reference_rate(message_bytes, sender, count, batch_size, port):
    """The same bytes, `count` times, with smtplib alone: one connection per batch, as the real code does."""
    started = time.perf_counter()
    sent = 0
    while sent < count:
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for _ in range(min(batch_size, count - sent)):
                smtp.sendmail(sender, [f"reader{sent}@example.org"], message_bytes)
                sent += 1
    return count / (time.perf_counter() - started)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=None, help="default: the newsletter's setting (100)")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        return run_sink(args.sink)
    if args.build:
        return build(args.build, args.subscribers)

    load_before = os.getloadavg()
    data_dir = tempfile.mkdtemp(prefix="newsletter-bench-")
    built = subprocess.run(
        [sys.executable, __file__, "--build", data_dir, "--subscribers", str(args.subscribers)],
        check=True,
        capture_output=True,
        text=True,
    )
    generate_seconds = float(built.stdout.strip().splitlines()[-1])

    setup_django(data_dir)
    from django.conf import settings
    from django.db import connection

    from masthead.newsletter import conf, delivery, services
    from masthead.newsletter.digests import render_digest, site_name
    from masthead.newsletter.mail import PreparedDigest, unsubscribe_url
    from masthead.newsletter.models import Subscriber

    if args.batch_size:
        settings.MASTHEAD_NEWSLETTER_BATCH_SIZE = args.batch_size
    batch_size = conf.batch_size()
    sink, port = start_sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    rss_before = rss_mb()

    started = time.perf_counter()
    digest, _created = services.digest_prepare(kind="daily", language="en")
    prepare_seconds = time.perf_counter() - started

    started, cpu_started = time.perf_counter(), cpu_seconds()
    accepted, _more = delivery.digest_send(digest=digest, time_budget=10**9)
    send_seconds, send_cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    rss_after = rss_mb()
    digest.refresh_from_db()

    one = Subscriber.objects.order_by("pk").first()
    prepared = PreparedDigest(render_digest(digest), name=site_name())
    message_bytes = prepared.bytes_for(address=one.email, unsubscribe=unsubscribe_url(one))
    cpu_started = cpu_seconds()
    reference = reference_rate(message_bytes, prepared.sender, accepted, batch_size, port)
    reference_cpu = cpu_seconds() - cpu_started
    received = stop_sink(sink)
    load_after = os.getloadavg()

    ours = accepted / send_seconds
    print(f"database: {connection.vendor}; subscribers: {args.subscribers:,}; batch size: {batch_size}")
    loads = (*load_before[:2], *load_after[:2])
    print("load average (1, 5 min) before: {:.2f} {:.2f}; after: {:.2f} {:.2f}".format(*loads))
    print(f"generate subscribers (bulk_create, child process): {generate_seconds:.1f} s")
    print(f"prepare digest (stories + {digest.recipients:,} delivery rows): {prepare_seconds:.1f} s")
    print(f"send digest: {accepted:,} mails in {send_seconds:.1f} s = {ours:,.0f} mails/s")
    print(f"reference, smtplib alone, same bytes and batches: {reference:,.0f} mails/s")
    print(f"ratio (ours / reference): {ours / reference:.2f}")
    mine, theirs = 1000 * send_cpu / accepted, 1000 * reference_cpu / accepted
    print(f"CPU of this process per mail: {mine:.2f} ms (reference {theirs:.2f} ms, {mine / theirs:.1f}x)")
    print(f"one mail: {len(message_bytes):,} bytes")
    print(f"peak RSS of the sending process: {rss_before:.0f} MB before preparing, {rss_after:.0f} MB after sending")
    print(f"sink received: {received:,} (digest {accepted:,} + reference {accepted:,}); digest: {digest.status}")
    if received != 2 * accepted or digest.sent_count != args.subscribers:
        sys.exit("mismatch: not every mail arrived")


if __name__ == "__main__":
    sys.exit(main())
