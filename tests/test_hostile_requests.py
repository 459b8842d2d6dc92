"""Readers' pages answer any address a browser, a crawler or an attacker may send without a server error.

Hypothesis sends every public page the query parameters the site reads (page, p, q, comments, after, and a poll's
choice, from and results), with values
a person would never type: negative, huge, fractional, empty, markup, control characters. Readers' form posts and
moderators' pages with an id in their address get ids no row can have. Each answer must be a page or a refusal,
never a 5xx.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.comments.services import comment_submit
from masthead.comments.tests.helpers import policy, reader
from masthead.newsroom.models import Series
from masthead.newsroom.tests import factories
from masthead.polls.models import Poll, PollOption

pytestmark = pytest.mark.django_db

PARAMETERS = ["page", "p", "q", "comments", "after", "choice", "from", "results"]
ODD_VALUES = [
    "-1",
    "0",
    "1.5",
    "1e3",
    "99999999999999999999999999",
    str(2**63),
    "",
    "'",
    '"><script>alert(1)</script>',
    "%00",
    "\x00",
    "likes.x",
    "9999.9999",
    "oldest",
    "liked",
    "../../etc/passwd",
]
values = st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=20), st.integers().map(str))
queries = st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=3)
# Past the largest primary key, or none a row has.
IDS = [0, 1, 2**31, 2**63 - 1, 2**63, 10**30]


@pytest.fixture(scope="module")
def public_pages(module_db):
    policy()
    budget = factories.tag("Budget")
    writer = factories.author(name="Anna Petrova")
    story = factories.article(tags=[budget], authors=[writer])
    day = timezone.localtime(story.first_published_at)
    comment_submit(article=story, author=reader("Olga"), text="A first comment.", ip_hash="")
    home = factories.home()
    section = story.get_parent()
    series = Series.objects.create(title="The tram line", slug="tram-line", locale=home.locale)
    factories.article(series=series)
    poll = Poll(question="Should the tram line return?")
    poll.options = [PollOption(text="Yes", sort_order=0), PollOption(text="No", sort_order=1)]
    poll.save()
    return [
        f"/polls/{poll.pk}/",
        f"{home.url}series/{series.slug}/",
        home.url,
        section.url,
        story.url,
        writer.url,
        f"{home.url}tags/{budget.slug}/",
        f"/archive/{day:%Y}/",
        f"/archive/{day:%Y/%m}/",
        f"/archive/{day:%Y/%m/%d}/",
        "/most-read/",
        "/search/",
        "/corrections/",
        "/feeds/latest.rss",
        "/feeds/latest.json",
        f"/feeds/tags/{budget.slug}.atom",
        "/sitemap.xml",
        f"/sitemaps/articles-{day:%Y}.xml",
        f"/api/v1/articles/{story.pk}/comments",
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=queries, which=st.integers(min_value=0, max_value=100))
def test_public_pages_never_fail_on_odd_query_parameters(public_pages, query, which):
    url = public_pages[which % len(public_pages)]
    response = Client().get(f"{url}?{urlencode(query)}")
    assert response.status_code < 500, (url, query)


@pytest.mark.parametrize("number", IDS)
def test_forms_with_an_id_in_their_address_refuse_ids_no_row_has(public_pages, number):
    client = Client()
    client.force_login(reader("Prowler"))
    for address in [
        f"/articles/{number}/comments/",
        f"/comments/{number}/edit/",
        f"/comments/{number}/delete/",
        f"/comments/{number}/report/",
        f"/comments/{number}/like/",
        f"/comments/authors/{number}/ignore/",
        f"/comments/authors/{number}/unignore/",
        f"/saved/{number}/",
        f"/polls/{number}/",
        f"/follow/topics/{number}/",
        f"/follow/authors/{number}/",
    ]:
        response = client.post(
            address, {"text": "Hello", "reason": "spam", "like": "1", "save": "1", "choice": "1", "follow": "1"}
        )
        assert response.status_code < 500, address
        assert client.get(address).status_code < 500, address


def test_the_admins_record_pages_refuse_ids_no_row_has(public_pages, admin_client):
    for address in [
        f"/admin/comments/readers/{2**63}/",
        f"/admin/comments/ban/{2**63}/",
        f"/admin/comments/bans/{10**30}/lift/",
        f"/admin/audience/articles/{2**63}/",
        f"/admin/channels/article/{2**63}/",
    ]:
        assert admin_client.get(address).status_code == 404, address


@pytest.mark.parametrize("parent", ["²", "٣", str(2**63), "-1", "1.5"])
def test_a_reply_to_a_parent_no_row_has_is_answered_not_failed(public_pages, parent):
    from masthead.newsroom.models import ArticlePage

    story = ArticlePage.objects.live().first()
    client = Client()
    client.force_login(reader("Replier"))
    response = client.post(f"/articles/{story.pk}/comments/", {"text": "A reply.", "parent": parent})
    assert response.status_code < 500


def test_public_pages_refuse_methods_they_do_not_serve(public_pages):
    """TRACE (which some servers echo back, cookies and all) and the other methods a reader's page has no use for
    are refused, not answered with the page."""
    client = Client()
    answers = {url: client.generic("TRACE", url).status_code for url in public_pages}
    assert answers == dict.fromkeys(public_pages, 405)
    # While HEAD, which link checkers and feed readers send, is answered wherever GET is.
    assert {url: client.head(url).status_code for url in public_pages} == dict.fromkeys(public_pages, 200)
