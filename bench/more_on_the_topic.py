"""What "More on the topic" costs when it is not cached: median ms of its query for articles across the archive.

    .venv/bin/python bench/more_on_the_topic.py /tmp/bench-100k [--requests 20]

Reads the data directory as it is (nothing is written). For the English edition's newest article, one in the middle
of the archive and one near its start, for an article carrying the edition's rarest topic and one carrying its most
common, and for the newest with a topic no earlier story has (the whole window walked), it times
`related.earlier_stories`: the query a page runs once per publish, before the list is cached.
The reference, timed in the same run, is the first page of that article's section listing: the query every section
page runs. The last column divides by it.
"""

import argparse
from functools import partial

from in_process import median_ms, start_django


def measure(requests):
    from django.db.models import Count

    from masthead.newsroom.models import ArticlePage, NewsTag, SectionPage
    from masthead.newsroom.related import earlier_stories
    from masthead.newsroom.selectors import ancestor_of, article_listing

    english = ArticlePage.objects.live().filter(locale__language_code="en").order_by("-first_published_at", "-pk")
    total = english.count()
    topics = (
        NewsTag.objects.filter(kind="topic", tagged_articles__content_object__locale__language_code="en")
        .annotate(size=Count("tagged_articles"))
        .order_by("size")
    )
    rarest, commonest = topics.first(), topics.last()
    picks = [
        ("newest", english.first()),
        ("middle", english[total // 2]),
        ("near the start", english[total - max(total // 100, 2)]),
        (f"rarest topic ({rarest.size:,} articles)", english.filter(tagged_items__tag=rarest).first()),
        (f"commonest topic ({commonest.size:,} articles)", english.filter(tagged_items__tag=commonest).first()),
    ]
    newest = picks[0][1]
    # The worst case: a topic no earlier story has, so the whole window is walked and nothing found.
    unshared = NewsTag(pk=0, name="unshared", kind="topic")
    print(f"{total:,} English articles; median of {requests} runs of each query")
    print(f"{'article':<36} {'related ms':>10} {'section ms':>10} {'÷ section':>9} {'found':>5}")
    for label, article, tags in [
        *((label, a, list(a.tags.all())) for label, a in picks),
        ("newest, topic unshared", newest, [unshared]),
    ]:
        section = ancestor_of(article, depth=article.depth - 1, model=SectionPage)
        found = earlier_stories(article=article, tags=tags, section=section)
        related = median_ms(partial(earlier_stories, article=article, tags=tags, section=section), requests)
        listing = article_listing(locale=article.locale, section=section)
        reference = median_ms(lambda listing=listing: list(listing.all()[:20]), requests)
        print(f"{label:<36} {related:>10.1f} {reference:>10.1f} {related / reference:>9.2f} {len(found):>5}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    start_django(args.data_dir)
    measure(args.requests)


if __name__ == "__main__":
    main()
