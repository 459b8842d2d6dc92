"""Fills a data directory with a year of per-day view counts, for the audience benchmarks.

    MASTHEAD_DATA_DIR=/tmp/audience-100k .venv/bin/python bench/audience_make_counts.py [--days 365]

Run after `masthead demo --articles 100000` and `masthead migrate` in that directory (the migration files the
bulk articles into the archive's index; `masthead audience_rebuild_archive` does it again). Each article
published in the period is read for 30 days after publication, most on its first day and fading
(views on day k = first-day views x 0.75^k, first-day views log-normal around 400); on every day a further 300
older articles get a few views each (the long tail). Articles' all-time counts are set to the sum.
Replaces any counts already there. Deterministic (seeded).
"""

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402

from masthead.audience.models import ArchiveEntry, DailyViews  # noqa: E402
from masthead.audience.services import site_today  # noqa: E402
from masthead.newsroom.models import ArticlePage  # noqa: E402

READ_FOR_DAYS = 30
DECAY = 0.75
TAIL_PER_DAY = 300


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    rng = random.Random(20261125)
    today = site_today()
    first = today - timedelta(days=args.days - 1)
    started = time.monotonic()
    articles = list(ArchiveEntry.objects.values_list("article_id", "language", "day"))
    recent = [row for row in articles if row[2] >= first - timedelta(days=READ_FOR_DAYS)]
    older = [row for row in articles if row[2] < first]
    counts = defaultdict(int)
    for article_id, language, published in recent:
        views = rng.lognormvariate(6, 1)
        for k in range(READ_FOR_DAYS):
            day = published + timedelta(days=k)
            n = int(views * DECAY**k)
            if first <= day <= today and n > 0:
                counts[(article_id, day, language)] += n
    for offset in range(args.days):
        day = first + timedelta(days=offset)
        for article_id, language, _published in rng.sample(older, min(TAIL_PER_DAY, len(older))):
            counts[(article_id, day, language)] += rng.randint(1, 20)
    with transaction.atomic():
        DailyViews.objects.all().delete()
        ArticlePage.objects.update(view_count=0)
        rows = [DailyViews(article_id=a, day=d, language=lang, views=n) for (a, d, lang), n in counts.items()]
        DailyViews.objects.bulk_create(rows, batch_size=5000)
        totals = defaultdict(int)
        for (article_id, _day, _language), n in counts.items():
            totals[article_id] += n
        by_total = defaultdict(list)
        for article_id, total in totals.items():
            by_total[total].append(article_id)
        for total, ids in by_total.items():
            for start in range(0, len(ids), 500):
                ArticlePage.objects.filter(pk__in=ids[start : start + 500]).update(view_count=F("view_count") + total)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{len(counts):,} per-day counts for {len(totals):,} articles over {args.days} days "
        f"({sum(counts.values()):,} views) in {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
