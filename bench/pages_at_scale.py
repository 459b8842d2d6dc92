"""Every kind of page, reader-facing and admin, timed on two or more data sets: what grows with the archive?

    .venv/bin/python bench/pages_at_scale.py /tmp/bench-1k /tmp/bench-100k
    .venv/bin/python bench/pages_at_scale.py /tmp/bench-100k /tmp/bench-pg-100k,postgres://postgres@127.0.0.1:5432/bulkbench

Each target is a data directory (MASTHEAD_DATA_DIR), optionally with a comma and a DATABASE_URL, measured in a
child process of its own with DEBUG off and the page cache off. The reader pages: home, a section and its third
page, an author, a tag, an information page, the Russian home, an article, two searches, the archive's year,
month and day, most read, the sitemap, the comment API and the authors' index. The admin pages: every admin URL
that takes no argument and only shows something (lists, reports, dashboards, the new-correction form), plus the
explorer of the article's section, the article's editor and a page search, as a superuser. All of it runs in
one transaction that is rolled back, so the superuser it may create leaves no trace.

Each page: one request to warm up, then --requests timed ones; the table gives the median wall time, the queries
of one request and each target's median over the first target's. Pages that answer an error are listed as such.
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from in_process import start_django
from render_article import run_child
from tables import print_rows

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Admin addresses that change something, need an object, or only redirect: not timed.
SKIPPED_ADMIN_WORDS = (
    "logout", "delete", "password", "reset", "jsi18n", "autocomplete", "create", "add", "login", "choose",
    "chooser", "preview", "usage", "workflow", "copy", "move", "unpublish", "lock", "convert", "revisions",
    "history", "export", "bulk", "/action", "edit", "failwhale", ".*", "/find/",
)  # fmt: skip


def reader_pages(article):
    from masthead.newsroom.models import AuthorPage, InfoPage, NewsTag

    day = article.first_published_at
    author = AuthorPage.objects.live().filter(locale_id=article.locale_id).first()
    info = InfoPage.objects.live().filter(locale_id=article.locale_id).first()
    tag = NewsTag.objects.filter(tagged_articles__content_object=article).first()
    section = article.get_parent()
    pages = {
        "home": "/",
        "section": section.url,
        "section, page 3": section.url + "?page=3",
        "author": author.url if author else None,
        "tag": f"/tags/{tag.slug}/" if tag else None,
        "information page": info.url if info else None,
        "home, Russian": "/ru/",
        "article": article.url,
        "search, a common word": "/search/?q=council",
        "search, no match": "/search/?q=zzzqqq",
        "archive year": f"/archive/{day:%Y}/",
        "archive month": f"/archive/{day:%Y/%m}/",
        "archive day": f"/archive/{day:%Y/%m/%d}/",
        "most read": "/most-read/",
        "sitemap": "/sitemap.xml",
        "comments API": f"/api/v1/articles/{article.pk}/comments",
        "authors": "/authors/",
    }
    return {name: url for name, url in pages.items() if url}


def admin_pages(article):
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if route.startswith("admin/") and "<" not in route and "(?P" not in route:
                    yield "/" + route.replace("^", "").replace("$", "")

    urls = sorted({url for url in walk(get_resolver().url_patterns) if not any(w in url for w in SKIPPED_ADMIN_WORDS)})
    pages = {url: url for url in urls}
    pages["/admin/typos/corrections/new/"] = "/admin/typos/corrections/new/"
    section = article.get_parent()
    pages["explorer of the article's section"] = f"/admin/pages/{section.pk}/"
    pages["the article's editor"] = f"/admin/pages/{article.pk}/edit/"
    pages["page search"] = "/admin/pages/search/?q=council"
    return pages


def time_pages(client, pages, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = {}
    for name, url in pages.items():
        response = client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured)  # now: the next request's start empties the connection's log
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        rows[name] = {
            "status": response.status_code,
            "median_ms": statistics.median(timings),
            "queries": queries,
            "bytes": len(response.content),
        }
    return rows


def measure(requests, slug):
    """Runs inside a child process whose environment names one data dir / database."""
    start_django()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client

    from masthead.newsroom.models import ArticlePage

    english = ArticlePage.objects.live().filter(locale__language_code="en")
    article = english.get(slug=slug)
    with transaction.atomic():
        readers = time_pages(Client(HTTP_HOST=HOST, raise_request_exception=False), reader_pages(article), requests)
        editor = Client(HTTP_HOST=HOST, raise_request_exception=False)
        users = get_user_model().objects
        admin = users.filter(is_superuser=True).first() or users.create_superuser("bench-admin", "bench@example.com")
        editor.force_login(admin)
        admins = time_pages(editor, admin_pages(article), requests)
        transaction.set_rollback(True)
    return {"articles": english.count(), "rows": {**readers, **admins}}


def print_table(targets, results):
    names = list(results[0]["rows"])
    header = ["page"]
    for target, result in zip(targets, results, strict=True):
        header += [f"{target.partition(',')[0]} ({result['articles']:,}) ms", "queries"]
    header += [f"× {targets[0].partition(',')[0]}" for target in targets[1:]]
    lines = [tuple(header)]
    for name in names:
        line = [name]
        for result in results:
            row = result["rows"].get(name)
            status = "" if row is None or row["status"] == 200 else f" ({row['status']})"
            line += [f"{row['median_ms']:.1f}{status}" if row else "-", str(row["queries"]) if row else "-"]
        first = results[0]["rows"][name]["median_ms"]
        line += [
            f"{result['rows'][name]['median_ms'] / first:.2f}" if name in result["rows"] else "-"
            for result in results[1:]
        ]
        lines.append(tuple(line))
    print_rows(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="DATA_DIR or DATA_DIR,DATABASE_URL; the first is the reference")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--slug", default="story-11", help="the English article whose pages are timed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.requests, args.slug)))
        return
    if not args.targets:
        parser.error("name at least one data directory")
    print(f"{args.requests} requests a page, load average before: {os.getloadavg()[0]:.2f}", flush=True)
    results = [run_child(target, args.requests, args.slug, script=__file__) for target in args.targets]
    print_table(args.targets, results)


if __name__ == "__main__":
    main()
