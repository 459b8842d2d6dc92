"""Settings for the test suite: the production module with fast, in-process parts swapped in."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405 - the tips' private storage among them
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# Most tests measure what rendering a page does (its queries, its text after a change); the page cache would
# answer them from memory. masthead/pagecache's tests turn it on.
MASTHEAD_PAGE_CACHE_SECONDS = 0

# Pages are indexed for search by tests that search; everywhere else indexing only slows page creation.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}

# Parallel test workers each get their own Redis database, so one worker's cache.clear() spares the other.
if REDIS_URL:  # noqa: F405
    import os as _os

    _worker = _os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    CACHES["default"]["LOCATION"] = REDIS_URL.rsplit("/", 1)[0] + f"/{15 - int(_worker)}"  # noqa: F405

# Without Redis, each test process gets its own on-disk cache (the embedded default's backend), removed when
# the process ends, so parallel workers and earlier runs never share cached pages or counts.
if not REDIS_URL:  # noqa: F405
    import atexit as _atexit
    import shutil as _shutil
    import tempfile as _tempfile

    _cache_dir = _tempfile.mkdtemp(prefix="masthead-test-cache-")
    _atexit.register(_shutil.rmtree, _cache_dir, ignore_errors=True)
    CACHES["default"]["LOCATION"] = _cache_dir  # noqa: F405

# SQLite tests use a file in WAL mode, as production does, so tests with several threads see real locking
# rather than the shared-cache table locks of an in-memory database. (pytest-django suffixes it per worker.)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os as _os
    import tempfile as _tempfile

    # One file per process, so two test runs on one machine never share a database.
    _name = f"masthead-test-{_os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_tempfile.gettempdir()) / _name)}  # noqa: F405
