"""Every page's reads find their rows through indexes instead of walking all of the site's pages.

Query counts (test_query_counts.py) cannot see a query that reads every page of the site: at 100,000 articles the
menu's query took 140 ms a page that way while the test data, a few dozen pages, showed nothing. SQLite's plan
says it up front ("SCAN wagtailcore_page"), and it plans from statistics, not rows: so the queries are planned
in an empty copy of the test database that holds the statistics of the 100,000-article demo newsroom
(data/statistics_100k.json: `bench/make_data.sh`, then the rows of `sqlite_stat1` in /tmp/bench-100k after
`masthead.planner_statistics.refresh_planner_statistics()`). PostgreSQL rightly reads a small test table whole,
so its plans say nothing here; the benchmarks measure it at 100,000 articles (bench/render_article.py).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.newsroom import selectors

from . import factories
from .planner import large_newsroom_planner

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans name a whole-table walk as such"),
]


@pytest.fixture
def empty_copy():
    with large_newsroom_planner() as copy:
        yield copy


def whole_page_table_walks(copy, callable_):
    """The queries `callable_` runs that walk the page table from end to end, each with its plan's line."""
    with CaptureQueriesContext(connection) as queries:
        callable_()
    # Walking a partial index reads only the rows it holds (newsroom migration 0005 indexes the root pages alone).
    partial = {
        name for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'")
    }
    walks = []
    for query in queries:
        for row in copy.execute("EXPLAIN QUERY PLAN " + query["sql"]).fetchall():
            whole_table = row[3] == "SCAN wagtailcore_page" or row[3].startswith("SCAN wagtailcore_page ")
            if whole_table and not any(row[3].endswith(f"INDEX {name}") for name in partial):
                walks.append((row[3], query["sql"]))
    return walks


def test_site_menus_are_read_without_walking_every_page(empty_copy):
    section = factories.section()
    factories.article(parent=section)
    about = factories.info_page(section.get_parent())
    menus = {}
    walks = whole_page_table_walks(empty_copy, lambda: menus.update(selectors.site_menus(locale=section.locale_id)))
    assert [page.pk for page in menus["sections"]] == [section.pk]
    assert [page.pk for page in menus["info_pages"]] == [about.pk]
    assert walks == []


def test_pages_are_read_without_walking_every_page(client, empty_copy):
    section = factories.section()
    writer = factories.author()
    topic = factories.tag("Bridges")
    story = factories.article(parent=section, authors=[writer], tags=[topic], image=factories.image())
    home = section.get_parent()
    day = story.first_published_at
    urls = [
        home.url,
        section.url,
        story.url,
        writer.url,
        factories.info_page(home).url,
        f"{home.url}tags/{topic.slug}/",
        f"/archive/{day:%Y}/{day:%m}/{day:%d}/",
        "/search/?q=bridges",
        "/api/v1/articles",
        f"/api/v1/articles?tag={topic.slug}&author={writer.slug}&section={section.slug}",
        f"/api/v1/articles/{story.pk}",
        "/api/v1/sections",
        "/fact-checks/",
        "/fact-checks/?verdict=false",
    ]
    factories.article(parent=section, title="An older story", published_at=day - timedelta(days=1))
    cursor = client.get("/api/v1/articles?limit=1").json()["next_cursor"]
    assert cursor
    urls.append(f"/api/v1/articles?limit=1&cursor={cursor}")
    for url in urls:
        client.get(url)  # Wagtail's site and rendition caches are filled by a first request
        assert whole_page_table_walks(empty_copy, lambda url=url: client.get(url)) == [], url


def test_admin_pages_are_read_without_walking_every_page(client, empty_copy, django_user_model):
    factories.article()
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.com", "a-long-password"))
    # Every admin page of a superuser asks for the tree's root (the sidebar's "Pages"): without the index of root
    # pages (newsroom migration 0005) that read the whole page table, 170 ms of each page at 100,000 articles.
    # The dashboard is left out: Wagtail's summary panel counts every page of the site there, by design.
    for url in ("/admin/sites/", "/admin/comments/queue/", "/admin/typos/corrections/new/", "/admin/users/"):
        client.get(url)
        assert whole_page_table_walks(empty_copy, lambda url=url: client.get(url)) == [], url
