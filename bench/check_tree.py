"""Checks a (large) demo page tree the way treebeard's `Page.find_problems()` does, but quickly.

    MASTHEAD_DATA_DIR=/tmp/bench-100k .venv/bin/python bench/check_tree.py

`find_problems()` looks at the tree node by node and takes minutes past a few tens of thousands
of pages; this reads every path once and reports the same five kinds of problem: characters outside
the alphabet, paths not a whole number of steps, orphans (no parent path), depths that disagree
with the path, and `numchild` that disagrees with the children. It also counts articles by locale.
"""

import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")


def main():
    import django

    django.setup()
    from wagtail.models import Page

    from masthead.newsroom.models import ArticlePage

    started = time.monotonic()
    steplen, alphabet = Page.steplen, set(Page.alphabet)
    rows = list(Page.objects.values_list("path", "depth", "numchild"))
    paths = {path for path, _depth, _numchild in rows}
    children = Counter(path[:-steplen] for path in paths)
    problems = {
        "evil characters": [p for p, _d, _n in rows if not set(p) <= alphabet],
        "bad step length": [p for p, _d, _n in rows if len(p) % steplen],
        "orphans": [p for p, _d, _n in rows if len(p) > steplen and p[:-steplen] not in paths],
        "wrong depth": [p for p, d, _n in rows if d * steplen != len(p)],
        "wrong numchild": [p for p, _d, n in rows if children.get(p, 0) != n],
    }
    articles = Counter(ArticlePage.objects.values_list("locale__language_code", flat=True))
    print(f"{len(rows):,} pages; articles by locale: {dict(sorted(articles.items()))}")
    for kind, found in problems.items():
        print(f"{kind}: {len(found)}{' e.g. ' + ', '.join(found[:3]) if found else ''}")
    print(f"checked in {time.monotonic() - started:.1f} s")
    sys.exit(1 if any(problems.values()) else 0)


if __name__ == "__main__":
    main()
