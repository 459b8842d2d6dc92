"""Where an uncached article page's time goes, for an anonymous and a signed-in reader, in process.

    .venv/bin/python bench/article_parts.py /tmp/bench-100k              # /news/story-11/, 100 requests each
    .venv/bin/python bench/article_parts.py /tmp/bench-100k --path /news/story-301/ --requests 300

The page cache is off (MASTHEAD_PAGE_CACHE_SECONDS=0), DEBUG is off. The newsroom's selectors, the template's
blocks and the whole template are timed by wrapping them (inclusive times: a selector called inside another
counts in both), so the parts say where to look, not a sum. The reference is the median of the whole request
for the anonymous reader: every part is also given as its share of it.
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from tables import print_rows

ROOT = Path(__file__).resolve().parent.parent
SELECTORS = (
    "article_page_context",
    "page_chrome",
    "localized_authors",
    "article_translations",
    "series_parts",
    "body_images",
    "site_texts",
)


def timed(spent, owner, name, label):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label].append(time.perf_counter() - started)

    setattr(owner, name, wrapper)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--path", default="/news/story-11/")
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    os.environ.update(MASTHEAD_DATA_DIR=args.data_dir, DJANGO_SETTINGS_MODULE="masthead.settings", DEBUG="0")
    os.environ["MASTHEAD_PAGE_CACHE_SECONDS"] = "0"
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.template import loader_tags
    from django.template.response import TemplateResponse
    from django.test import Client

    from masthead.newsroom import selectors

    call_command("collectstatic", interactive=False, verbosity=0)
    spent = defaultdict(list)
    for name in SELECTORS:
        timed(spent, selectors, name, f"selector {name}")
    timed(spent, TemplateResponse, "render", "template (whole)")
    block_render = loader_tags.BlockNode.render

    def render_block(node, context):
        started = time.perf_counter()
        try:
            return block_render(node, context)
        finally:
            spent[f"template block {node.name}"].append(time.perf_counter() - started)

    loader_tags.BlockNode.render = render_block

    reader = get_user_model().objects.filter(is_staff=False).order_by("pk").first()
    results = {}
    for who in ("anonymous", "signed in"):
        client = Client(HTTP_HOST="127.0.0.1")
        if who == "signed in":
            client.force_login(reader)
        for _ in range(10):
            assert client.get(args.path).status_code == 200
        spent.clear()
        totals = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(args.path)
            totals.append(time.perf_counter() - started)
        results[who] = (
            statistics.median(totals),
            {label: sum(times) / args.requests for label, times in spent.items()},
        )

    reference = results["anonymous"][0]
    labels = sorted(results["anonymous"][1], key=lambda label: -results["anonymous"][1][label])
    rows = [("part", "anonymous ms", "share", "signed in ms", "share")]
    rows.append(
        (
            "whole request (median)",
            f"{reference * 1000:.2f}",
            "1.00",
            f"{results['signed in'][0] * 1000:.2f}",
            f"{results['signed in'][0] / reference:.2f}",
        )
    )
    for label in labels:
        anonymous = results["anonymous"][1].get(label, 0)
        signed_in = results["signed in"][1].get(label, 0)
        if anonymous < 0.0001 and signed_in < 0.0001:
            continue
        rows.append(
            (
                label,
                f"{anonymous * 1000:.2f}",
                f"{anonymous / reference:.2f}",
                f"{signed_in * 1000:.2f}",
                f"{signed_in / reference:.2f}",
            )
        )
    print(f"{args.path} in {args.data_dir}, {args.requests} requests each, signed in as {reader}")
    print_rows(rows)


if __name__ == "__main__":
    main()
