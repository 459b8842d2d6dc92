"""What the in-process benchmarks share: Django started on a data directory as production runs it, and a timer."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_django(data_dir=None):
    """Production settings with DEBUG off and no page cache (the render is what is measured), on `data_dir` if
    given; static files collected, as templates need the manifest's hashed names when DEBUG is off."""
    if data_dir:
        os.environ["MASTHEAD_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    os.environ["DEBUG"] = "0"
    os.environ["MASTHEAD_PAGE_CACHE_SECONDS"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def median_ms(work, requests):
    """The median of `requests` calls of `work`, in milliseconds."""
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000
