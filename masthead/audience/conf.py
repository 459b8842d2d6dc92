"""The audience app's settings, each read here with its default and the reason for it.

Set any of them in the project's settings module as `MASTHEAD_AUDIENCE_<NAME>`.
"""

from django.conf import settings


def setting(name, default):
    return getattr(settings, f"MASTHEAD_AUDIENCE_{name}", default)


def dedup_window():
    """Seconds during which repeat views of one article by one reader count once (30 minutes)."""
    return int(setting("DEDUP_WINDOW", 30 * 60))


def flush_interval():
    """Seconds between flushes of buffered views into the database. The worker's scheduler flushes on
    this beat; the web process also flushes when a flush is this overdue, so counts move even with no
    worker running."""
    return int(setting("FLUSH_INTERVAL", getattr(settings, "MASTHEAD_SCHEDULER_INTERVAL", 20)))


def proxy_log():
    """The caching proxy's log of anonymous page views (proxy_log.py), when views are counted there instead
    of by the beacon; "" counts every view by the beacon."""
    return setting("PROXY_LOG", "")


def flush_on_request():
    """Whether a beacon request may run an overdue flush itself (see `flush_interval`)."""
    return bool(setting("FLUSH_ON_REQUEST", True))


def buffer_kind():
    """Where views wait between flushes: "redis" when the site's cache is Redis, "database" otherwise.

    A local-memory cache is private to one process, so it can neither deduplicate readers across
    several app servers nor survive a restart; the database can do both.
    """
    chosen = setting("BUFFER", "")
    if chosen:
        return chosen
    return "redis" if redis_url() else "database"


def redis_url():
    """The Redis the site's cache uses (so tests that give each worker its own database stay apart)."""
    explicit = setting("REDIS_URL", "")
    if explicit:
        return explicit
    cache = settings.CACHES.get("default", {})
    if cache.get("BACKEND", "").endswith("RedisCache"):
        location = cache["LOCATION"]
        return location[0] if isinstance(location, list | tuple) else location
    return ""


def sidebar_ttl():
    """Seconds the sidebar (calendar and most read) is kept rendered. Publishing and unpublishing clear it
    at once; the most-read list otherwise follows the counts within this time."""
    return int(setting("SIDEBAR_TTL", 300))


def most_read_ttl():
    """Seconds a computed most-read list is reused by the most-read page."""
    return int(setting("MOST_READ_TTL", 120))
