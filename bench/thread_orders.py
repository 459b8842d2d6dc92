"""A long thread read in each order: median ms of `comment_thread` for its first and second page, in process.

    .venv/bin/python bench/thread_orders.py /tmp/bench-1k [--comments 20000] [--requests 20]

Copies the data directory (SQLite) to a scratch one, brings it up to date, adds `--comments` published top comments
with random like counts to the article `story-11` (once; a second run reuses them), and times an anonymous reader's
thread oldest first, newest first and most liked first. The oldest order is the reference: the last column divides
each order's median by it. Nothing is served: this is the query work of the article page's comment section.
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/bench-thread-orders")


def measure(comments, requests):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from masthead.comments.models import Comment
    from masthead.comments.selectors import THREAD_ORDERS, comment_thread
    from masthead.newsroom.models import ArticlePage

    article = ArticlePage.objects.live().filter(locale__language_code="en").get(slug="story-11")
    missing = comments - Comment.objects.filter(article=article, parent__isnull=True).count()
    if missing > 0:
        author = get_user_model().objects.order_by("pk").first()
        random.seed(1)
        rows = [
            Comment(
                article=article,
                author=author,
                text=f"Comment {n}",
                status="published",
                like_count=random.randint(0, 50),
            )
            for n in range(missing)
        ]
        Comment.objects.bulk_create(rows, batch_size=2000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    reader = AnonymousUser()
    rows, reference = [], None
    for order in THREAD_ORDERS:
        first, second = [], []
        for _ in range(requests):
            started = time.perf_counter()
            thread = comment_thread(article=article, viewer=reader, order=order)
            first.append(time.perf_counter() - started)
            started = time.perf_counter()
            comment_thread(article=article, viewer=reader, order=order, after=thread["next_cursor"])
            second.append(time.perf_counter() - started)
        median = statistics.median(first) * 1000
        reference = reference or median
        rows.append((order, median, statistics.median(second) * 1000, median / reference))
    print(f"{comments:,} top comments on one article; median of {requests} reads")
    print(f"{'order':<8} {'page 1 ms':>10} {'page 2 ms':>10} {'÷ oldest':>9}")
    for order, first, second, ratio in rows:
        print(f"{order:<8} {first:>10.1f} {second:>10.1f} {ratio:>9.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--comments", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        measure(args.comments, args.requests)
        return
    if not SCRATCH.exists():
        shutil.copytree(args.data_dir, SCRATCH)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "MASTHEAD_DATA_DIR": str(SCRATCH),
        "MASTHEAD_PAGE_CACHE_SECONDS": "0",
        "DEBUG": "0",
    }
    masthead = ROOT / ".venv" / "bin" / "masthead"
    subprocess.run([str(masthead), "migrate", "-v0"], env=env, check=True)
    child = [sys.executable, __file__, args.data_dir, "--child", "--comments", str(args.comments)]
    subprocess.run([*child, "--requests", str(args.requests)], env=env, check=True)


if __name__ == "__main__":
    main()
