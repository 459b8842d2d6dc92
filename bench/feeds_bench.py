"""SQL queries and median render time of the feeds and sitemaps, on a small and a large data set in one run.

    .venv/bin/python bench/feeds_bench.py /tmp/feeds-1k /tmp/feeds-100k
    .venv/bin/python bench/feeds_bench.py /tmp/feeds-1k /tmp/feeds-pg-100k,postgres://postgres@127.0.0.1:5432/feedsbench

Each target is a data directory (MASTHEAD_DATA_DIR) built by `masthead demo --articles N` (see
bench/make_data.sh), optionally followed by a comma and a DATABASE_URL. The first target is the reference:
the last column divides each median by the reference's median for the same address. Every target runs in
its own child process with the production settings and DEBUG off; for each address one warm-up request (it
fills Wagtail's site cache, makes missing renditions and, for full text, the cached bodies), one request with
the SQL queries captured, then --requests timed requests (--sitemap-requests for sitemaps, which hold up to
10,000 URLs) through django.test.Client: no server, and the app's cache of finished feeds and sitemaps off
(MASTHEAD_FEEDS_CACHE_SECONDS=0), so every timed request builds the response; the last two rows turn that
cache on to show a hit. The full-text row switches the site's feed setting to full text for its measurement
(its bodies are cached after the warm-up, as in production) and back afterwards.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tables import print_rows

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def addresses():
    from django.db.models.functions import ExtractYear
    from django.utils import timezone

    from masthead.newsroom.models import ArticlePage, AuthorPage, NewsTag, SectionPage

    english = ArticlePage.objects.live().filter(locale__language_code="en")
    section = SectionPage.objects.filter(locale__language_code="en").order_by("path").first()
    author = AuthorPage.objects.filter(locale__language_code="en").order_by("path").first()
    tag = NewsTag.objects.order_by("name").first()
    years = sorted(set(english.annotate(y=ExtractYear("first_published_at")).values_list("y", flat=True)))
    this_year = timezone.localtime().year
    full_year = next((y for y in reversed(years) if y < this_year), years[0])
    return [
        ("feed", "site RSS", "/feeds/latest.rss"),
        ("feed", "site Atom", "/feeds/latest.atom"),
        ("feed", "site JSON Feed", "/feeds/latest.json"),
        ("full", "site RSS, full text (cached)", "/feeds/latest.rss"),
        ("feed", "Russian site RSS", "/ru/feeds/latest.rss"),
        ("feed", f"section /{section.slug}/ RSS", f"/feeds/sections/{section.slug}.rss"),
        ("feed", f"tag {tag.slug} RSS", f"/feeds/tags/{tag.slug}.rss"),
        ("feed", f"author {author.slug} RSS", f"/feeds/authors/{author.slug}.rss"),
        ("feed", "site RSS page 50", "/feeds/latest.rss?page=50"),
        ("feed", "robots.txt", "/robots.txt"),
        ("sitemap", "sitemap index", "/sitemap.xml"),
        ("sitemap", "pages sitemap", "/sitemaps/pages.xml"),
        ("sitemap", "tags sitemap", "/sitemaps/tags.xml"),
        ("sitemap", "news sitemap (48 h)", "/sitemaps/news.xml"),
        ("sitemap", "articles sitemap, this year p=1", f"/sitemaps/articles-{this_year}.xml"),
        ("sitemap", f"articles sitemap, {full_year} p=1", f"/sitemaps/articles-{full_year}.xml"),
        ("cached", "site RSS from the cache", "/feeds/latest.rss"),
        ("cached", f"articles sitemap, {full_year}, from the cache", f"/sitemaps/articles-{full_year}.xml"),
    ], english.count()


def measure(requests, sitemap_requests):
    """Runs inside a child process whose environment names one data dir / database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    from masthead.feeds.models import FeedSettings

    call_command("migrate", "feeds", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    feed_settings = FeedSettings.for_site(Site.objects.get(is_default_site=True))
    pages, articles = addresses()
    client = Client(HTTP_HOST=HOST)
    rows = []
    for kind, name, url in pages:
        feed_settings.content = "full" if kind == "full" else "summary"
        feed_settings.save()
        # Generation is what is measured, so finished responses are not cached, except in the last rows.
        settings.MASTHEAD_FEEDS_CACHE_SECONDS = 600 if kind == "cached" else 0
        response = client.get(url)
        if response.status_code != 200:
            rows.append({"page": name, "url": url, "status": response.status_code})
            continue
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured)
        timings = []
        for _ in range(sitemap_requests if kind == "sitemap" else requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        rows.append(
            {
                "page": name,
                "url": url,
                "median_ms": statistics.median(timings),
                "max_ms": timings[-1],
                "queries": queries,
                "bytes": len(response.content),
                "urls": response.content.count(b"<loc>"),
            }
        )
    feed_settings.content = "summary"
    feed_settings.save()
    return {"articles": articles, "database": connection.vendor, "rows": rows}


def run_child(target, requests, sitemap_requests):
    data_dir, _comma, database_url = target.partition(",")
    env = dict(os.environ, MASTHEAD_DATA_DIR=data_dir)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, __file__, "--child", "--requests", str(requests)]
    command += ["--sitemap-requests", str(sitemap_requests)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"measuring {target} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(results):
    # Rows are matched by position: names carry slugs and years that differ between data sets.
    reference = [row.get("median_ms") for row in results[0][1]["rows"]]
    header = ("target", "db", "articles", "address", "median ms", "max ms", "queries", "URLs", "KiB", "x ref")
    lines = [header]
    for target, result in results:
        for index, row in enumerate(result["rows"]):
            if "median_ms" not in row:
                lines.append((target, result["database"], "", row["page"], f"HTTP {row['status']}", "", "", "", "", ""))
                continue
            ref = reference[index] if index < len(reference) else None
            lines.append(
                (
                    target.partition(",")[0],
                    result["database"],
                    f"{result['articles']:,}",
                    row["page"],
                    f"{row['median_ms']:.1f}",
                    f"{row['max_ms']:.1f}",
                    str(row["queries"]),
                    f"{row['urls']:,}" if row["urls"] else "",
                    f"{row['bytes'] / 1024:.1f}",
                    f"{row['median_ms'] / ref:.2f}" if ref else "-",
                )
            )
    print_rows(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="DATA_DIR or DATA_DIR,DATABASE_URL; the first is the reference")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--sitemap-requests", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.requests, args.sitemap_requests)))
        return
    targets = args.targets or [os.environ.get("MASTHEAD_DATA_DIR", str(ROOT / "var"))]
    load = os.getloadavg()[0]
    print(f"{args.requests} requests a feed, {args.sitemap_requests} a sitemap; load average before: {load:.2f}")
    results = [(target, run_child(target, args.requests, args.sitemap_requests)) for target in targets]
    print_table(results)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
