"""Settings for bench/audience_counting.py: production settings behind Django's own page cache.

There is no page cache in Masthead yet, so this stands in for one: Django's cache middleware stores the
article's response for anonymous readers and serves the stored bytes on every later request (the
middleware stack runs, the view and the database do not). BENCH_COUNT_IN_CACHE_LAYER=1 adds a middleware
that counts the view while the cached page is served (the alternative to the beacon: one request a view).
"""

import os

from masthead.settings import *  # noqa: F403

CACHE_MIDDLEWARE_SECONDS = 3600
CACHE_MIDDLEWARE_KEY_PREFIX = "bench-page"
MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    *MIDDLEWARE,  # noqa: F405
    "django.middleware.cache.FetchFromCacheMiddleware",
]
if os.environ.get("BENCH_COUNT_IN_CACHE_LAYER") == "1":
    # Before the cache lookup, so a hit is counted too.
    MIDDLEWARE.insert(1, "audience_bench_middleware.CountArticleViews")

# BENCH_CONN_MAX_AGE=60 keeps database connections open between requests, as DATABASE_URL deployments do. The
# embedded SQLite default opens one per request, and closing the last connection checkpoints the WAL.
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])  # noqa: F405
