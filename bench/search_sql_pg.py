"""PostgreSQL search SQL with the planner's default costs against the ones the search queries set for themselves.

    .venv/bin/python bench/search_sql_pg.py /tmp/bench-pg-100k postgres://postgres@127.0.0.1:5432/bulkbench

For common and middling words of each language (sampled from the indexed text as bench/search_bench.py does),
times the two statements a search page runs on PostgreSQL: the capped count of matches and the ranking of the
newest matches. "default" runs both with the server's random_page_cost (4 unless configured), as the code did
before it set its own: the planner then walks the primary key or reads the whole table, and leaves the index on
(language, article) of migration search/0003 alone. "shipped" runs them as the code does now (1.1, for these
queries only). Each word: one warm-up, then the median of --runs.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("database_url")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.update(
        MASTHEAD_DATA_DIR=args.data_dir,
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="masthead.settings",
        DEBUG="0",
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.db import connection
    from search_bench import word_sample

    from masthead.search import conf
    from masthead.search.selectors import _PostgresEngine, search_query_parse

    assert connection.vendor == "postgresql", "this bench times PostgreSQL's search SQL; give a postgres:// URL"
    shipped_engine, default_engine = _PostgresEngine(), _PostgresEngine()
    default_engine.page_cost = "DEFAULT"
    window = conf.ranking_window()

    def search(query, engine):
        engine.count(query, window=window + 1)
        return engine.ranked(query, offset=0, limit=conf.page_size(), window=window)

    def median_ms(function):
        function()
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    print(f"{'language':8} {'words':8} {'n':>3} {'default ms':>11} {'shipped ms':>11}")
    for language in ("ru", "en"):
        words = word_sample(language)
        middle = len(words) // 3
        for kind, sample in (("common", words[:15]), ("middling", words[middle : middle + 10])):
            default, shipped = [], []
            for word in sample:
                query = search_query_parse(text=word, language=language)
                default.append(median_ms(lambda q=query: search(q, default_engine)))
                shipped.append(median_ms(lambda q=query: search(q, shipped_engine)))
            print(
                f"{language:8} {kind:8} {len(sample):3d} {statistics.median(default):11.0f}"
                f" {statistics.median(shipped):11.0f}"
            )


if __name__ == "__main__":
    main()
