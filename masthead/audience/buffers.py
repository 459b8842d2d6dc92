"""Where counted views wait for the next flush: Redis when the site has it, the database otherwise.

Both buffers do the same two things. `record` checks the reader's dedup mark and, if the view is new,
adds it to the buffer, as one atomic step. `flush(apply)` hands batches of buffered views
({(article_id, day): views}) to `apply` inside a database transaction and removes exactly those views
from the buffer, so every view reaches the counts once.

What a crash can lose:
- Database buffer: nothing a reader was told was counted. A view is committed before the beacon answers,
  and a flush removes buffered rows in the same transaction that adds them to the counts.
- Redis buffer: a crashed app server or flush loses nothing (a batch is claimed by renaming it, applied
  under a batch id recorded in the same transaction as the counts, and released only afterwards, so a
  retried batch never counts twice). Losing Redis itself loses the views not yet flushed: at most one
  flush interval's worth (`MASTHEAD_AUDIENCE_FLUSH_INTERVAL`, 20 s) while the flush runs on time.
"""

import hashlib
import uuid
from collections import Counter
from datetime import date, timedelta
from functools import cache

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import conf
from .models import FlushedBatch, PendingView

KEY_PREFIX = "masthead:audience:"
PENDING = KEY_PREFIX + "pending"
FLUSHING = KEY_PREFIX + "flushing"
FLUSHING_BATCH = KEY_PREFIX + "flushing:batch"

# One round trip: set the reader's mark if it is not there, and only then count the view.
RECORD_SCRIPT = """
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  return 1
end
return 0
"""

# Claim the pending views as a batch by renaming them, unless an earlier batch was never released
# (its flush crashed): then that batch is handed out again, with its own id.
CLAIM_SCRIPT = """
local current = redis.call('GET', KEYS[3])
if current then return current end
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('SET', KEYS[3], ARGV[1])
return ARGV[1]
"""

# Release a batch only if it is still the one this flush claimed: a slower flush of the same batch must not
# delete the next one.
RELEASE_SCRIPT = """
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 1
end
return 0
"""


def field_for(article_id, day):
    return f"{article_id}:{day.isoformat()}"


def parse_field(field):
    article_id, day = field.split(":", 1)
    return int(article_id), date.fromisoformat(day)


class RedisBuffer:
    kind = "redis"

    def __init__(self, url):
        import redis

        self.client = redis.Redis.from_url(url)
        self.record_script = self.client.register_script(RECORD_SCRIPT)
        self.claim_script = self.client.register_script(CLAIM_SCRIPT)
        self.release_script = self.client.register_script(RELEASE_SCRIPT)

    def record(self, *, article_id, reader, day, window):
        seen_key = f"{KEY_PREFIX}seen:{article_id}:{reader}"
        counted = self.record_script(keys=[seen_key, PENDING], args=[int(window * 1000), field_for(article_id, day)])
        return bool(counted)

    def pending(self):
        """Views waiting in the buffer, claimed or not (for tests and the admin)."""
        total = Counter()
        for key in (PENDING, FLUSHING):
            for field, value in self.client.hgetall(key).items():
                total[parse_field(field.decode())] += int(value)
        return dict(total)

    def flush(self, apply):
        """Claim one batch, hand it to `apply` inside a transaction that also records the batch's id, then
        release it. Returns what `apply` returns (0 when the batch had been applied already)."""
        batch = self.claim_script(keys=[PENDING, FLUSHING, FLUSHING_BATCH], args=[uuid.uuid4().hex])
        if not batch:
            return 0
        batch = batch.decode()
        views = {parse_field(field.decode()): int(value) for field, value in self.client.hgetall(FLUSHING).items()}
        applied = 0
        with transaction.atomic():
            if mark_batch_applied(batch):
                applied = apply(views)
        # A crash here leaves the batch claimed: the next flush gets it again, finds its id and only releases it.
        self.release_script(keys=[FLUSHING, FLUSHING_BATCH], args=[batch])
        return applied

    def forget_expired_marks(self):
        """Redis expires the marks by itself."""


class DatabaseBuffer:
    kind = "database"

    # Rows taken per flush transaction, so one flush never holds the write lock for long.
    DRAIN_SIZE = 20_000

    def record(self, *, article_id, reader, day, window):
        now = timezone.now()
        key = hashlib.sha256(f"{article_id}:{reader}".encode()).hexdigest()
        qn = connection.ops.quote_name
        table, key_column = qn("audience_readermark"), qn("key")
        # One statement decides: a new mark, or an expired one renewed, counts; a live mark does not. Both
        # SQLite and PostgreSQL run the upsert atomically, so two tabs opening at once count once.
        sql = (
            f"INSERT INTO {table} ({key_column}, expires_at) VALUES (%s, %s) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET expires_at = excluded.expires_at "
            f"WHERE {table}.expires_at <= %s RETURNING 1"
        )
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [key, now + timedelta(seconds=window), now])
                counted = cursor.fetchone() is not None
            if counted:
                PendingView.objects.create(article_id=article_id, day=day)
        return counted

    def pending(self):
        return dict(Counter((row.article_id, row.day) for row in PendingView.objects.all()))

    def flush(self, apply):
        """Move buffered rows into the counts, a slice at a time, each slice in one transaction.

        DELETE ... RETURNING removes exactly the rows it reports, in the transaction that adds them to the
        counts, so a view inserted meanwhile is in this slice or the next, never counted twice or dropped.
        """
        table = connection.ops.quote_name(PendingView._meta.db_table)
        sql = f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT %s) RETURNING article_id, day"
        applied = 0
        while True:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql, [self.DRAIN_SIZE])
                    rows = cursor.fetchall()
                views = Counter()
                for article_id, day in rows:
                    # SQLite hands dates back as text.
                    views[(int(article_id), day if isinstance(day, date) else date.fromisoformat(day))] += 1
                if views:
                    applied += apply(dict(views))
            if len(rows) < self.DRAIN_SIZE:
                return applied

    def forget_expired_marks(self):
        from .models import ReaderMark

        ReaderMark.objects.filter(expires_at__lte=timezone.now()).delete()


def mark_batch_applied(batch):
    """Record a Redis batch as counted, inside the flush's transaction. False if it already was."""
    if batch is None:
        return True
    try:
        with transaction.atomic():
            FlushedBatch.objects.create(batch=batch, flushed_at=timezone.now())
    except IntegrityError:
        return False
    return True


@cache
def _redis_buffer(url):
    return RedisBuffer(url)


def current_buffer():
    if conf.buffer_kind() == "redis":
        return _redis_buffer(conf.redis_url())
    return DatabaseBuffer()
