"""Live coverage: a story told as timed updates while it unfolds (a storm, an election night, a trial).

The updates are a stream field of the article, so each one goes through drafts, revisions and the publishing
workflow like the rest of the story, and publishing one drops the stored pages exactly as any edit does. Readers'
pages look for new ones while the coverage is live (`live.js`) by asking for the page again, which the page cache
and the proxy answer with a 304 until something changed: a live story read by many costs the app almost nothing.
"""

import hashlib
import html
import json

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.html import strip_tags

from .text import cut_at_word

LIVE = "live"
ENDED = "ended"
# Google reads at most 110 characters of a headline; an update without one is headed by its text, cut to that.
HEADLINE_LIMIT = 110
# A key event without a headline is listed by the start of its text.
KEY_EVENT_LIMIT = 90


def stamp_new_updates(updates, *, now=None):
    """Give each update saved without a time the time it is saved: an editor posting as it happens leaves the
    time empty. Stamped once, it is kept in the revision, so publishing again later does not move it."""
    now = now or timezone.now()
    for block in updates:
        if block.block_type == "update" and not block.value.get("time"):
            block.value["time"] = now


def newest_first(updates):
    """The updates newest first; of two with the same time, the one placed later in the stream first. An update
    without a time (only imported data lacks one) counts as the oldest."""

    def moment(entry):
        index, block = entry
        time = block.value.get("time")
        return (time.timestamp() if time else float("-inf"), index)

    entries = [(index, block) for index, block in enumerate(updates) if block.block_type == "update"]
    return [block for _index, block in sorted(entries, key=moment, reverse=True)]


def plain_text(rich_text):
    return " ".join(html.unescape(strip_tags(rich_text.source if rich_text else "")).split())


def live_coverage(article):
    """What the article page shows of the live coverage, or None for an ordinary story. The updates' images come
    with their renditions in one query for them all."""
    if article.live_coverage not in (LIVE, ENDED):
        return None
    updates = newest_first(article.live_updates)
    images = [block.value["image"] for block in updates if block.value.get("image")]
    if images:
        prefetch_related_objects(images, "renditions")
    for block in updates:
        block.fingerprint = fingerprint(block)
    return {
        "is_live": article.live_coverage == LIVE,
        "updates": updates,
        "key_events": [key_event_entry(block) for block in updates if block.value.get("key_event")],
        "poll_seconds": settings.MASTHEAD_LIVE_POLL_SECONDS,
    }


def fingerprint(block):
    """A short digest of what an update says, so an open page can tell an update that was corrected since."""
    stored = json.dumps(block.block.get_prep_value(block.value), sort_keys=True, default=str)
    return hashlib.sha256(stored.encode()).hexdigest()[:16]


def key_event_entry(block):
    """A key event as its line in the list at the top: its time, and its headline or the start of its text."""
    return {
        "id": block.id,
        "time": block.value.get("time"),
        "title": block.value.get("headline") or cut_at_word(plain_text(block.value["text"]), KEY_EVENT_LIMIT),
    }


def structured_updates(live, *, url):
    """schema.org's LiveBlogPosting fields for the page's structured data (as search engines ask for them)."""
    updates = []
    for block in live["updates"]:
        text = plain_text(block.value["text"])
        entry = {
            "@type": "BlogPosting",
            "headline": cut_at_word(block.value.get("headline") or text, HEADLINE_LIMIT),
            "url": f"{url}#update-{block.id}",
            "articleBody": text,
        }
        if block.value.get("time"):
            entry["datePublished"] = timezone.localtime(block.value["time"]).isoformat(timespec="seconds")
        updates.append(entry)
    return updates
