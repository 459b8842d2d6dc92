"""What the content API costs as the archive grows: median ms and queries a request, uncached, in process.

    .venv/bin/python bench/content_api.py /tmp/bench-100k [--requests 30]

Times the list's first page, pages 500 and 50,000 stories deep (by cursor, where the archive is that deep), the
most common topic's first page, a section's stories with that topic, one story with its whole text, and the
edition's authors and tags in use. The
reference, timed in the same run, is the site's JSON Feed (`/feeds/latest.json`): the same twenty newest stories
through the feeds' own code (its finished answers are not kept for the run). The last column divides by it.
"""

import argparse

from in_process import print_ratio_table, start_django, time_pages


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()
    start_django(options.data_dir)
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from masthead.feeds.api import encode_cursor
    from masthead.newsroom.models import ArticlePage, NewsTag, SectionPage

    settings.MASTHEAD_FEEDS_CACHE_SECONDS = 0  # the feed is built for every request, as the API answers are

    english = ArticlePage.objects.live().filter(locale__language_code="en").order_by("-first_published_at", "-pk")
    common = (
        NewsTag.objects.filter(kind="topic", tagged_articles__content_object__locale__language_code="en")
        .annotate(uses=Count("tagged_articles"))
        .order_by("-uses")
        .first()
    )
    total = english.count()
    section = SectionPage.objects.live().filter(locale__language_code="en").order_by("path").first()
    pages = [
        ("reference: JSON Feed, 20 newest", "/feeds/latest.json"),
        ("articles, page 1", "/api/v1/articles"),
        *(
            (f"articles, {depth:,} stories deep", f"/api/v1/articles?cursor={encode_cursor(english[depth - 1])}")
            for depth in (500, 50_000)
            if depth < total
        ),
        (f"topic “{common.name}”, page 1", f"/api/v1/articles?tag={common.slug}"),
        (f"section “{section.slug}” + that topic", f"/api/v1/articles?tag={common.slug}&section={section.slug}"),
        ("one story with its text", f"/api/v1/articles/{english[10].pk}"),
        ("the edition's authors", "/api/v1/authors"),
        ("the edition's tags in use", "/api/v1/tags"),
    ]
    rows = time_pages(Client(HTTP_HOST="127.0.0.1"), pages, options.requests)
    print(f"{english.count():,} English articles, {connection.vendor}; {options.requests} requests each, medians")
    print_ratio_table(rows)


if __name__ == "__main__":
    main()
