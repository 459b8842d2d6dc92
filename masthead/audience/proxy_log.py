"""Counting views in the caching proxy's log: a page served from the proxy costs no second request.

The shipped nginx configuration (masthead/pagecache/nginx/masthead.conf) writes one line per anonymous HTML
page it answers with 200, from its cache or not:

    <time, seconds since the epoch>\\t<reader's address>\\t<path and query>\\t<user agent>\\t<prefetch headers>

(fields escaped as JSON strings). `ingest()` reads the lines added since its last run, keeps those for live
articles, drops robots and prefetches exactly as the beacon does (readers.py), and records each view in the
same buffer with the same reader fingerprint as the beacon, so the dedup window spans both ways of counting.
With `MASTHEAD_AUDIENCE_PROXY_LOG` set, anonymous article pages carry no beacon; readers with a session still
send it (the proxy passes their pages through unlogged), so every view is counted one way, never both.

Where it stopped is kept in a small state file (inode and byte offset). A crash between recording and saving
the offset reads those lines again, and the dedup marks count them once; a rotated log is followed from the
start of the new file (lines written to the old one after the last run are lost: at most one ingest interval).
"""

import json
import logging
import os
from collections import OrderedDict
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from masthead.site_time import site_zone

from . import conf, readers
from .buffers import current_buffer

logger = logging.getLogger(__name__)

MAX_BYTES_PER_RUN = 32 * 1024 * 1024


def parse_line(line):
    """(epoch seconds, address, path, user agent, prefetch headers), or None for a line that is not ours."""
    fields = line.rstrip("\n").split("\t")
    if len(fields) != 5:
        return None
    try:
        moment = float(fields[0])
        address, uri, agent, purpose = (json.loads(f'"{field}"') for field in fields[1:])
    except ValueError:
        return None
    return moment, address, uri.split("?", 1)[0], agent, purpose


def article_ids_by_path(paths):
    """{path: article id} for the paths that are live articles: one query a thousand distinct paths."""
    from masthead.newsroom.models import ArticlePage, HomePage

    default = settings.LANGUAGE_CODE
    prefixes = {code: f"/{code}/" for code, _name in settings.LANGUAGES if code != default}
    homes = dict(HomePage.objects.values_list("locale__language_code", "url_path"))
    wanted = {}
    for path in paths:
        language = next((code for code, prefix in prefixes.items() if path.startswith(prefix)), default)
        rest = path[len(prefixes[language]) :] if language != default else path.lstrip("/")
        if language in homes:
            wanted[homes[language] + rest] = path
    url_paths, ids = list(wanted), {}
    for start in range(0, len(url_paths), 1000):  # within every database's limit on query parameters
        chunk = url_paths[start : start + 1000]
        found = ArticlePage.objects.live().filter(url_path__in=chunk).values_list("url_path", "pk")
        ids.update({wanted[url_path]: pk for url_path, pk in found})
    return ids


def count_lines(lines):
    """Record the views in these log lines; returns (counted, skipped) with skipped by reason."""
    entries = [entry for entry in map(parse_line, lines) if entry is not None]
    ids = article_ids_by_path({entry[2] for entry in entries})
    buffer, window, zone = current_buffer(), conf.dedup_window(), site_zone()
    counted, skipped = 0, {}
    seen = OrderedDict()  # one record per reader and article within the batch
    for moment, address, path, agent, purpose in entries:
        reason = ""
        if path not in ids:
            reason = "not_an_article"
        elif readers.is_prefetch({"HTTP_SEC_PURPOSE": purpose}):
            reason = "prefetch"
        elif readers.is_robot_agent(agent[:512]):
            reason = "robot"
        if reason:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        reader = readers.anonymous_fingerprint(address, agent)
        day = timezone.localdate(datetime.fromtimestamp(moment, tz=UTC), zone)
        seen.setdefault((ids[path], reader), day)
    for (article_id, reader), day in seen.items():
        if buffer.record(article_id=article_id, reader=reader, day=day, window=window):
            counted += 1
        else:
            skipped["repeat"] = skipped.get("repeat", 0) + 1
    return counted, skipped


def state_path(log_path):
    return Path(settings.DATA_DIR) / f"views-log-{Path(log_path).name}.offset"


def read_state(log_path):
    try:
        inode, offset = state_path(log_path).read_text().split()
        return int(inode), int(offset)
    except (OSError, ValueError):
        return None, 0


def ingest(log_path):
    """Count the views logged since the last run. Returns (counted, skipped by reason)."""
    try:
        stat = os.stat(log_path)
    except FileNotFoundError:
        return 0, {}
    inode, offset = read_state(log_path)
    if inode != stat.st_ino or offset > stat.st_size:  # a new or rotated log: from its start
        offset = 0
    with open(log_path, "rb") as log:
        log.seek(offset)
        chunk = log.read(MAX_BYTES_PER_RUN)
    complete = chunk[: chunk.rfind(b"\n") + 1]  # a line nginx is still writing waits for the next run
    lines = complete.decode("utf-8", errors="replace").splitlines()
    counted, skipped = count_lines(lines) if lines else (0, {})
    state_path(log_path).write_text(f"{stat.st_ino} {offset + len(complete)}")
    return counted, skipped


def ingest_configured_log():
    """The worker's periodic job: ingest MASTHEAD_AUDIENCE_PROXY_LOG when the site counts from the proxy."""
    log_path = conf.proxy_log()
    if log_path:
        counted, skipped = ingest(log_path)
        if counted or skipped:
            logger.info("views from the proxy log: %s counted, not counted: %s", counted, skipped)
