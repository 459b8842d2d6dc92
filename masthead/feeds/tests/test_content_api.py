"""The content API: published stories as JSON for apps and partners, filtered, walked by cursor, never a private or
unpublished one, in a fixed number of queries, with clear refusals for what it cannot answer."""

from datetime import timedelta

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories

from .helpers import count_queries, story

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def newsroom():
    home = factories.home()
    policy = factories.section(title="Policy", slug="policy")
    culture = factories.section(title="Culture", slug="culture")
    anna = factories.author(name="Anna Petrova")
    budget = factories.tag("Budget")
    stories = [
        story(
            parent=policy,
            title="Budget passes",
            lead="The council voted 7 to 2.",
            authors=[anna],
            tags=[budget],
            image=factories.image(title="Council hall"),
            published_at=NOW - timedelta(hours=3),
            body=[("paragraph", RichText('<p>Read <a href="/policy/">more</a> about it.</p>'))],
        ),
        story(parent=culture, title="Theatre reopens", published_at=NOW - timedelta(hours=2)),
        story(parent=policy, title="Mayor resigns", tags=[budget], published_at=NOW - timedelta(hours=1)),
    ]
    return {"home": home, "policy": policy, "anna": anna, "budget": budget, "stories": stories}


def headlines(answer):
    assert answer.status_code == 200, answer.content
    return [item["headline"] for item in answer.json()["items"]]


def test_stories_come_newest_first_with_what_a_teaser_shows(client, newsroom):
    ArticlePage.objects.filter(pk=newsroom["stories"][0].pk).update(view_count=5753)
    answer = client.get("/api/v1/articles")
    assert headlines(answer) == ["Mayor resigns", "Theatre reopens", "Budget passes"]
    first = answer.json()["items"][2]
    budget = newsroom["stories"][0]
    assert first["url"] == budget.full_url and first["lead"] == "The council voted 7 to 2."
    assert first["section"]["slug"] == "policy" and first["section"]["url"] == newsroom["policy"].full_url
    assert [author["name"] for author in first["authors"]] == ["Anna Petrova"]
    assert first["tags"] == [{"slug": newsroom["budget"].slug, "name": "Budget", "kind": "topic"}]
    assert first["image"]["url"].startswith("http://") and first["image"]["alt"] == "Council hall"
    assert first["language"] == "en" and first["sponsored"] is False and first["comment_count"] == 0
    assert first["views"] == 5753
    assert answer.json()["next_cursor"] is None
    # A story's own alt text for its lead picture comes before the library's description.
    ArticlePage.objects.filter(pk=budget.pk).update(image_alt="The council hall, full for the vote")
    first = client.get("/api/v1/articles").json()["items"][2]
    assert first["image"]["alt"] == "The council hall, full for the vote"


def test_filters_combine(client, newsroom):
    tag = newsroom["budget"].slug
    assert headlines(client.get("/api/v1/articles", {"section": "policy"})) == ["Mayor resigns", "Budget passes"]
    assert headlines(client.get("/api/v1/articles", {"tag": tag})) == ["Mayor resigns", "Budget passes"]
    assert headlines(client.get("/api/v1/articles", {"author": newsroom["anna"].slug})) == ["Budget passes"]
    assert headlines(client.get("/api/v1/articles", {"section": "culture", "tag": tag})) == []


def test_the_cursor_walks_every_story_once_even_at_one_instant_and_while_new_ones_appear(client, newsroom):
    same_time = NOW - timedelta(days=1)
    for number in range(5):
        story(parent=newsroom["policy"], title=f"Briefing {number}", published_at=same_time)
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/articles", params).json()
        seen += [item["id"] for item in page["items"]]
        if len(seen) == 2:  # a story published while the client walks joins the front, not the pages ahead
            story(parent=newsroom["policy"], title="Breaking", published_at=NOW)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 8


def test_one_story_comes_with_its_whole_text_and_its_other_editions(client, newsroom):
    budget = newsroom["stories"][0]
    factories.home(language="ru", title="Новости города")
    factories.translate(newsroom["policy"], "ru")
    russian = factories.translate(budget, "ru", title="Бюджет принят")
    answer = client.get(f"/api/v1/articles/{budget.pk}").json()
    assert answer["headline"] == "Budget passes"
    assert 'href="http://' in answer["body_html"] and "about it" in answer["body_html"]
    assert answer["editions"] == [{"id": russian.pk, "language": "ru", "url": russian.full_url}]
    assert headlines(client.get("/api/v1/articles", {"language": "ru"})) == ["Бюджет принят"]


def test_unpublished_and_private_stories_are_not_there(client, newsroom):
    mayor, theatre = newsroom["stories"][2], newsroom["stories"][1]
    mayor.unpublish()
    PageViewRestriction.objects.create(page=theatre, restriction_type="password", password="pw")
    assert headlines(client.get("/api/v1/articles")) == ["Budget passes"]
    for hidden in (mayor, theatre):
        missing = client.get(f"/api/v1/articles/{hidden.pk}")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"cursor": "not-a-cursor"}, 400, "cursor"),
        ({"cursor": "MjAyNnwx"}, 400, "cursor"),  # base64 of "2026|1": ours in shape only
        ({"limit": 0}, 422, "limit"),
        ({"limit": 51}, 422, "limit"),
        ({"limit": "ten"}, 422, "limit"),
        ({"language": "de"}, 422, "language"),
        ({"section": "sport"}, 404, None),
        ({"tag": "no-such-tag"}, 404, None),
        ({"author": "nobody"}, 404, None),
    ],
)
def test_what_it_cannot_answer_is_refused_with_the_reason(client, newsroom, params, status, field):
    answer = client.get("/api/v1/articles", params)
    assert answer.status_code == status
    error = answer.json()["error"]
    assert error["message"]
    if field:
        assert field in error["fields"]


def test_a_missing_story_is_not_found(client, newsroom):
    for address in ("/api/v1/articles/999999", "/api/v1/articles/99999999999999999999"):
        assert client.get(address).status_code == 404


def test_sections_are_listed_per_edition(client, newsroom):
    sections = client.get("/api/v1/sections").json()
    assert [section["slug"] for section in sections] == ["policy", "culture"]
    assert client.get("/api/v1/sections", {"language": "xx"}).status_code == 422


def test_query_counts_do_not_grow_with_the_page(client, newsroom):
    addresses = ["/api/v1/articles", f"/api/v1/articles?tag={newsroom['budget'].slug}&limit=50"]
    few = [count_queries(client, address) for address in addresses]
    for number in range(8):
        story(
            parent=newsroom["policy"],
            title=f"More {number}",
            authors=[newsroom["anna"], factories.author(name=f"Writer {number}")],
            tags=[newsroom["budget"], factories.tag(f"Topic {number}")],
            image=factories.image(),
        )
    assert [count_queries(client, address) for address in addresses] == few


def test_answers_match_the_published_openapi_document(client, newsroom):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]

    def validate(instance, name):
        jsonschema.validate(instance, {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}})

    validate(client.get("/api/v1/articles").json(), "ArticlesOut")
    validate(client.get(f"/api/v1/articles/{newsroom['stories'][0].pk}").json(), "ArticleDetailOut")


def test_anonymous_reads_are_kept_until_a_story_they_show_changes(client, newsroom, settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    address = f"/api/v1/articles?tag={newsroom['budget'].slug}"
    assert headlines(client.get(address)) == ["Mayor resigns", "Budget passes"]
    assert client.get(address)["X-Page-Cache"] == "hit"
    story(parent=newsroom["policy"], title="Budget revised", tags=[newsroom["budget"]])
    assert headlines(client.get(address)) == ["Budget revised", "Mayor resigns", "Budget passes"]
    newsroom["stories"][0].unpublish()
    assert headlines(client.get(address)) == ["Budget revised", "Mayor resigns"]


def test_a_common_tags_stories_are_walked_newest_first_with_the_same_pages_as_sorted(client, newsroom):
    tag = newsroom["budget"]
    for number in range(4):
        story(
            parent=newsroom["policy"], title=f"Budget note {number}", tags=[tag], published_at=NOW - timedelta(days=1)
        )

    def walk(limit):
        titles, cursor = [], None
        while True:
            params = {"tag": tag.slug, "limit": limit} | ({"cursor": cursor} if cursor else {})
            with CaptureQueriesContext(connection) as captured:
                page = client.get("/api/v1/articles", params).json()
            titles += [item["headline"] for item in page["items"]]
            walked = any("EXISTS" in query["sql"] for query in captured)
            cursor = page["next_cursor"]
            if cursor is None:
                return titles, walked

    # The four notes share one instant: the newest first is the last made.
    expected = ["Mayor resigns", "Budget passes"] + [f"Budget note {number}" for number in (3, 2, 1, 0)]
    # Six of the edition's seven stories carry the tag: a short page is found by walking, a long one by sorting.
    assert walk(limit=1) == (expected, True)
    assert walk(limit=50)[0] == walk(limit=1)[0]
    assert walk(limit=50)[1] is False


def test_authors_come_by_name_with_their_bio_and_portrait(client, newsroom):
    factories.author(name="Boris Orlov", bio='<p>Writes on <a href="/policy/">policy</a>.</p>', job_title="Editor")
    authors = client.get("/api/v1/authors").json()
    assert [author["name"] for author in authors] == ["Anna Petrova", "Boris Orlov"]
    boris = authors[1]
    assert boris["job_title"] == "Editor" and 'href="http://' in boris["bio_html"]
    assert boris["url"].startswith("http://") and boris["portrait_url"] is None


def test_tags_are_those_the_editions_published_stories_carry(client, newsroom):
    factories.tag("Unused")
    hidden = factories.tag("Only on a withdrawn story")
    story(parent=newsroom["policy"], title="Withdrawn", tags=[hidden]).unpublish()
    tags = client.get("/api/v1/tags").json()
    assert tags == [
        {
            "slug": newsroom["budget"].slug,
            "name": "Budget",
            "kind": "topic",
            "url": newsroom["home"].full_url + newsroom["home"].reverse_subpage("tag", args=[newsroom["budget"].slug]),
        }
    ]
    assert client.get(tags[0]["url"].removeprefix("http://testserver")).status_code == 200
    # Kept between publications: a story with a new tag brings it, taking the story down takes it away.
    floods = factories.tag("Floods")
    news = story(parent=newsroom["policy"], title="River rises", tags=[floods])
    assert [tag["name"] for tag in client.get("/api/v1/tags").json()] == ["Budget", "Floods"]
    news.unpublish()
    assert [tag["name"] for tag in client.get("/api/v1/tags").json()] == ["Budget"]


def test_author_and_tag_lists_cost_the_same_queries_however_long(client, newsroom):
    factories.author(name="Pictured", portrait=factories.image())  # one portrait: its renditions' query is made
    addresses = ["/api/v1/authors", "/api/v1/tags"]
    few = [count_queries(client, address) for address in addresses]
    for number in range(5):
        writer = factories.author(name=f"Writer {number}", portrait=factories.image())
        story(parent=newsroom["policy"], title=f"Story {number}", authors=[writer], tags=[factories.tag(f"T{number}")])
    assert [count_queries(client, address) for address in addresses] == few
