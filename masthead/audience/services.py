"""Writes: counting a view, flushing buffered views into the counts, keeping the archive's index.

How a view is counted, and why this way: the article page includes a beacon script
(`audience/article_beacon.html`) that POSTs to `/api/v1/articles/<id>/views` once the page is really
shown. The page's HTML can then come from any cache (Django's, a reverse proxy, a CDN) and every
reading still reaches `view_record`, whereas counting while rendering would miss every cached hit.
Counting inside a Django page cache would be one call cheaper per view, and `view_record` is what such
a cache should call, but only a request that reaches Django can be counted there; the beacon works
whatever stands in front.
"""

import logging
import time
from collections import defaultdict
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from wagtail.models import Page

from masthead.redis_cache import UNREACHABLE, away
from masthead.site_time import site_today, site_zone

from . import conf, readers
from .buffers import current_buffer
from .models import ArchiveEntry, DailyViews, FlushedBatch

logger = logging.getLogger(__name__)

FLUSH_LOCK = "audience:flush-lock"
# A number that moves on whenever the archive changes; cached fragments that show it carry the number.
GENERATION_KEY = "audience:archive-generation"
# Rows per statement when adding a batch to the counts.
CHUNK = 500


# --- counting --------------------------------------------------------------------------------------------


def view_record(*, request, article_id):
    """Count one view of an article by the reader making `request`, unless it must not count.

    Returns "" when the view counted, or the reason it did not: "prefetch", "cross_site", "robot",
    "editor" or "repeat" (the same reader within the dedup window), or "unavailable" while the Redis buffer cannot
    be reached (those views are lost: the reader's page must not fail for a count). Touches no table but the buffer.
    """
    reason = readers.skip_reason(request)
    if reason:
        return reason
    try:
        counted = current_buffer().record(
            article_id=article_id,
            reader=readers.reader_fingerprint(request),
            day=site_today(),
            window=conf.dedup_window(),
        )
    except UNREACHABLE as error:
        away("view buffer", error)
        return "unavailable"
    flush_if_overdue()
    return "" if counted else "repeat"


def flush_view_counts():
    """Add every buffered view to the articles' totals and per-day counts. Safe to run from several
    processes at once: each buffered view is applied exactly once. Returns how many views were added."""
    buffer = current_buffer()
    added = buffer.flush(apply_counts)
    buffer.forget_expired_marks()
    FlushedBatch.objects.filter(flushed_at__lt=timezone.now() - timedelta(days=1)).delete()
    return added


# The last time this process looked at whether a flush is due; the first look waits one interval.
_last_look = time.monotonic()


def flush_if_overdue():
    """Flush from a web request when no worker has done it for a while, so counts move even when only the
    web server runs. One process a cluster wins the lock; the others go on at once."""
    global _last_look
    interval = conf.flush_interval()
    if not conf.flush_on_request() or time.monotonic() - _last_look < interval:
        return
    _last_look = time.monotonic()
    if cache.add(FLUSH_LOCK, 1, timeout=interval):
        try:
            flush_view_counts()
        except Exception:  # noqa: BLE001 - the reader's beacon must not fail; the buffer keeps the views.
            logger.exception("Flushing view counts from a request failed; the next flush retries")


def apply_counts(views):
    """Add {(article_id, day): n} to the counts, inside the caller's transaction.

    Only atomic increments (`views = views + n`, `view_count = view_count + n`) touch shared rows, so
    flushes running side by side, or an editor's save of the article, never lose a count. Views of
    articles that no longer exist are dropped. Returns how many views were added.
    """
    from masthead.newsroom.models import ArticlePage

    ids = sorted({article_id for article_id, _day in views})
    languages = {}
    for start in range(0, len(ids), CHUNK):
        languages.update(
            ArticlePage.objects.filter(pk__in=ids[start : start + CHUNK]).values_list("pk", "locale__language_code")
        )
    rows = sorted(
        (article_id, day, languages[article_id], n) for (article_id, day), n in views.items() if article_id in languages
    )
    daily_views_upsert(rows)
    totals = defaultdict(int)
    for article_id, _day, _language, n in rows:
        totals[article_id] += n
    # Rows are updated in id order, so two flushes can never wait on each other in a cycle.
    ordered = sorted(totals.items())
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        increment = Case(
            *[When(pk=article_id, then=Value(n)) for article_id, n in chunk],
            default=Value(0),
            output_field=models.BigIntegerField(),
        )
        ArticlePage.objects.filter(pk__in=[article_id for article_id, _n in chunk]).update(
            view_count=F("view_count") + increment
        )
    return sum(totals.values())


def daily_views_upsert(rows):
    """Insert per-day counts, or add to the existing ones, one statement per chunk (SQLite and PostgreSQL
    both have INSERT ... ON CONFLICT DO UPDATE)."""
    if not rows:
        return
    table = connection.ops.quote_name(DailyViews._meta.db_table)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        params = [value for row in chunk for value in row]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (article_id, day, language, views) VALUES {placeholders} "
                f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + excluded.views",
                params,
            )


def pending_views():
    """{(article_id, day): views} still in the buffer."""
    return current_buffer().pending()


# --- the archive's index ----------------------------------------------------------------------------------


def archive_changed():
    """Drop every cached fragment that shows the archive, once the surrounding transaction commits."""
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, time.time_ns(), None))


def archive_entry_for(article):
    published_at = article.first_published_at
    return ArchiveEntry(
        article_id=article.pk,
        language=article.locale.language_code,
        day=timezone.localdate(published_at, site_zone()),
        published_at=published_at,
        section_id=section_id_of(article),
    )


def section_id_of(article):
    from masthead.newsroom.models import SectionPage

    parent_path = article.path[: -Page.steplen]
    return SectionPage.objects.filter(path=parent_path).values_list("pk", flat=True).first()


def archive_entry_save(*, article):
    """File a live, public article under its local publication day (on publish and move)."""
    from masthead.newsroom.privacy import is_public

    if not article.live or article.first_published_at is None or not is_public(article):
        archive_entry_remove(article_id=article.pk)
        return
    entry = archive_entry_for(article)
    ArchiveEntry.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "language": entry.language,
            "day": entry.day,
            "published_at": entry.published_at,
            "section_id": entry.section_id,
        },
    )


def archive_entry_remove(*, article_id):
    ArchiveEntry.objects.filter(article_id=article_id).delete()


def archive_rebuild(*, batch_size=5000, under=None):
    """Rebuild the archive's index from the live, public articles: after a bulk import, or a change of TIME_ZONE;
    with `under` (a tree path), only the articles below that page, whose privacy changed.

    Returns how many articles were filed.
    """
    from masthead.newsroom.models import ArticlePage, SectionPage
    from masthead.newsroom.privacy import public

    sections = dict(SectionPage.objects.values_list("path", "pk"))
    steplen = Page.steplen
    articles = public(ArticlePage.objects.live())
    filed_before = ArchiveEntry.objects.all()
    if under is not None:
        articles = articles.filter(path__startswith=under)
        filed_before = filed_before.filter(article__path__startswith=under)
    articles = (
        articles.filter(first_published_at__isnull=False)
        .values_list("pk", "locale__language_code", "first_published_at", "path")
        .order_by("pk")
    )
    zone = site_zone()
    filed = 0
    with transaction.atomic():
        filed_before.delete()
        batch = []
        for pk, language, published_at, path in articles.iterator(chunk_size=batch_size):
            batch.append(
                ArchiveEntry(
                    article_id=pk,
                    language=language,
                    day=timezone.localdate(published_at, zone),
                    published_at=published_at,
                    section_id=sections.get(path[:-steplen]),
                )
            )
            if len(batch) >= batch_size:
                ArchiveEntry.objects.bulk_create(batch)
                filed += len(batch)
                batch = []
        ArchiveEntry.objects.bulk_create(batch)
        filed += len(batch)
        archive_changed()
    return filed
