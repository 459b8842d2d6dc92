"""Builders and readers for feed and sitemap tests."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from wagtail.rich_text import RichText

import masthead
from masthead.feeds.models import FeedSettings
from masthead.newsroom.tests import factories

TESTDATA = Path(masthead.__file__).resolve().parents[1].parent / "shared" / "testdata"

# RFC 822 as RSS 2.0 uses it (with RFC 1123's four-digit year): "Wed, 25 Nov 2026 06:58:00 +0000".
RFC822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)"
)
# RFC 3339 section 5.6 date-time.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def shared_testdata(*parts):
    path = TESTDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test data not found at {path}")
    return path


def feed_settings(**fields):
    factories.home()
    current = FeedSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(current, name, value)
    current.save()
    return current


def story(*, parent=None, authors=(), tags=(), image=None, **fields):
    body = fields.pop(
        "body",
        [
            ("paragraph", RichText('<p>The first paragraph, with <a href="https://example.org/">a link</a>.</p>')),
            ("heading", {"text": "What happens next", "level": "h2"}),
        ],
    )
    return factories.article(parent=parent, authors=authors, tags=tags, image=image, body=body, **fields)


def count_queries(client, url):
    client.get(url)  # the first request fills Wagtail's site, rendition and full-text caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)
