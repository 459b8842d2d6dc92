"""Search page latency on a big demo database, in process, against the article page as reference.

    .venv/bin/python bench/search_bench.py /tmp/search-100k [--rebuild] [--database-url postgres://...]

The data directory is one built by `masthead demo --articles 100000` (see bench/make_data.sh), migrated.
With --rebuild the search index is rebuilt first and the rebuild timed. Then, with DEBUG off and the
production settings, django.test.Client requests the search page for common, middling and rare words and
two-word queries in English and Russian (words sampled from the indexed text itself), plus second pages of
common words, each timed once after a warm-up. The reference is the median render of one article page,
measured in the same process just before, so the ratio holds however loaded the machine is.
"""

import argparse
import collections
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def word_sample(language, *, documents=3000):
    """Words of one language by how many of the sampled documents hold them, most common first."""
    from masthead.search.models import SearchDocument
    from masthead.search.text import WORD, normalize

    ids = list(SearchDocument.objects.filter(language=language).order_by("pk").values_list("pk", flat=True))
    picked = random.Random(7).sample(ids, min(documents, len(ids)))
    frequency = collections.Counter()
    for text in SearchDocument.objects.filter(pk__in=picked).values_list("text", flat=True).iterator():
        frequency.update({normalize(w) for w in WORD.findall(text) if len(w) > 2 and not w.isdigit()})
    return [word for word, _ in frequency.most_common()]


def queries_for(language, words):
    rng = random.Random(language)
    common, rare = words[:40], words[-200:]
    middle = words[len(words) // 3 : len(words) // 3 + 200]
    yield from ((language, "common", w, 1) for w in common[:30])
    yield from ((language, "middle", w, 1) for w in rng.sample(middle, 25))
    yield from ((language, "rare", w, 1) for w in rng.sample(rare, 25))
    yield from ((language, "two words", f"{a} {b}", 1) for a, b in zip(common[:20], common[20:40], strict=True))
    yield from ((language, "common, page 2", w, 2) for w in common[:10])
    yield from ((language, "no match", f"{w}zq", 1) for w in common[:10])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    os.environ.update(MASTHEAD_DATA_DIR=args.data_dir, DJANGO_SETTINGS_MODULE="masthead.settings", DEBUG="0")
    # Renders are what is measured: with the page cache on, the reference article and any repeated search would
    # be answered from memory.
    os.environ["MASTHEAD_PAGE_CACHE_SECONDS"] = "0"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from masthead.newsroom.models import ArticlePage
    from masthead.search.selectors import RankedMatches, search_query_parse
    from masthead.search.services import index_rebuild

    load = open("/proc/loadavg").read().split()[0]
    print(f"database {connection.vendor}, load average {load} on {os.cpu_count()} cores")
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.rebuild:
        started = time.perf_counter()
        indexed = index_rebuild()
        print(f"index rebuild: {indexed} live articles in {time.perf_counter() - started:.1f} s")

    client = Client(HTTP_HOST="127.0.0.1")
    article = ArticlePage.objects.live().filter(locale__language_code="en").order_by("-pk").first()
    client.get(article.url)
    reference = []
    for _ in range(30):
        started = time.perf_counter()
        assert client.get(article.url).status_code == 200
        reference.append((time.perf_counter() - started) * 1000)
    reference_ms = statistics.median(reference)
    print(f"reference: article page {article.url} median {reference_ms:.1f} ms")

    plan = [*queries_for("en", word_sample("en")), *queries_for("ru", word_sample("ru"))]
    for language in ("en", "ru"):  # warm the code paths and translations of each edition
        client.get(("/ru" if language == "ru" else "") + "/search/", {"q": "x"})
    timings = collections.defaultdict(list)
    query_counts, matches = set(), collections.defaultdict(list)
    for language, kind, words, page in plan:
        url = ("/ru" if language == "ru" else "") + "/search/"
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, {"q": words, "page": page})
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, words, page, response.status_code)
        query_counts.add(len(captured))
        timings[(language, kind)].append(elapsed)
        # Counted outside the timing: response.context exists only under the test runner's instrumentation.
        parsed = search_query_parse(text=words, language=language)
        matches[(language, kind)].append(RankedMatches(parsed).engine.count(parsed, window=10**9))

    everything = [ms for values in timings.values() for ms in values]
    print(f"\n{'language':8} {'kind':15} {'n':>4} {'matches (median)':>17} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for (language, kind), values in timings.items():
        print(
            f"{language:8} {kind:15} {len(values):4d} {statistics.median(matches[(language, kind)]):17,.0f}"
            f" {percentile(values, 0.5):8.1f} {percentile(values, 0.95):8.1f} {max(values):8.1f}"
        )
    p50, p95 = percentile(everything, 0.5), percentile(everything, 0.95)
    print(
        f"\nall {len(everything)} searches: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(everything):.1f} ms;"
        f" SQL queries per search page: {sorted(query_counts)}"
    )
    print(f"ratio to the article page median: p50 {p50 / reference_ms:.2f}x, p95 {p95 / reference_ms:.2f}x")


if __name__ == "__main__":
    main()
