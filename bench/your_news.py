"""What a reader's "Your news" page costs as the archive grows: median ms and queries, uncached, in process.

    .venv/bin/python bench/your_news.py /tmp/bench-100k [--requests 30]

A reader is made for the run and follows the English edition's most common topic, its rarest, a place and two
authors; everything the run writes is rolled back at the end. It times the page's first and second pages, and the
query of that reader's daily round-up mail. The reference, timed in the same run, is the first page of the most
common topic's own listing: what every reader of that tag page gets. The last column divides by it.
"""

import argparse

from in_process import median_ms, print_ratio_table, start_django, time_pages


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()
    start_django(options.data_dir)
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from masthead.following import round_ups, services
    from masthead.newsroom.models import ArticlePage, AuthorPage, HomePage, NewsTag

    english = ArticlePage.objects.live().filter(locale__language_code="en")
    topics = (
        NewsTag.objects.filter(kind="topic", tagged_articles__content_object__locale__language_code="en")
        .annotate(uses=Count("tagged_articles"))
        .order_by("-uses")
    )
    common, rare = topics.first(), topics.last()
    place = NewsTag.objects.filter(kind="place").first()
    authors = list(AuthorPage.objects.live().filter(locale__language_code="en").order_by("pk")[:2])
    home = HomePage.objects.live().get(locale__language_code="en")
    newest = english.order_by("-first_published_at").values_list("first_published_at", flat=True).first()

    class Rollback(Exception):
        pass

    rows = []
    try:
        with transaction.atomic():
            reader = get_user_model().objects.create_user(username="bench-follower", email="bench@example.org")
            for tag in (common, rare, place):
                services.follow(reader=reader, tag=tag)
            for author in authors:
                services.follow(reader=reader, author=author)
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(reader)
            pages = [
                (
                    f"reference: topic “{common.name}” page 1",
                    home.url + home.reverse_subpage("tag", args=[common.slug]),
                ),
                ("Your news page 1", "/accounts/following/"),
                ("Your news page 2", "/accounts/following/?page=2"),
            ]
            rows += time_pages(client, pages, options.requests)
            day_end = timezone.localtime(newest).replace(hour=0, minute=0, second=0, microsecond=0)
            start, end = day_end, day_end + timezone.timedelta(days=1)

            def round_up():
                round_ups.stories_of(reader, locale=home.locale, start=start, end=end)

            with CaptureQueriesContext(connection) as captured:
                round_up()
            rows.append(("round-up mail's stories (newest day)", median_ms(round_up, options.requests), len(captured)))
            raise Rollback
    except Rollback:
        pass

    print(f"{english.count():,} English articles, {connection.vendor}; {options.requests} requests each, medians")
    print(f"follows: topics “{common.name}” (most common) and “{rare.name}” (rarest), place “{place.name}”, 2 authors")
    print_ratio_table(rows)


if __name__ == "__main__":
    main()
