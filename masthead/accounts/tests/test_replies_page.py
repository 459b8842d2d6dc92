"""A reader finds the replies to their comments on their account, those since their last look marked new."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.comments import services
from masthead.comments.tests import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation():
    helpers.policy()
    article = helpers.article(title="Bridge closes for repairs")
    maria, boris = helpers.reader("Maria"), helpers.reader("Boris")
    question = services.comment_submit(article=article, author=maria, text="Will the trams run?", ip_hash="m")
    return {"article": article, "maria": maria, "boris": boris, "question": question}


def reply(conversation, author, text):
    return services.comment_submit(
        article=conversation["article"], author=author, text=text, ip_hash="x", parent=conversation["question"]
    )


def test_replies_by_others_are_listed_and_marked_new_until_seen(client, conversation):
    maria = conversation["maria"]
    answer = reply(conversation, conversation["boris"], "Only until ten.")
    reply(conversation, maria, "Thanks!")  # her own follow-up is not a reply to her
    troll = helpers.reader("Troll")
    services.author_ignore(reader=maria, author=troll)
    reply(conversation, troll, "Who cares")
    client.force_login(maria)
    assert "1 new" in client.get("/accounts/profile/").content.decode()

    page = client.get("/accounts/profile/replies/").content.decode()
    assert "Only until ten." in page and "Boris" in page and "Bridge closes for repairs" in page
    assert "Thanks!" not in page and "Who cares" not in page
    assert f'href="{answer.get_absolute_url()}"' in page and ">New<" in page

    assert "new</span>" not in client.get("/accounts/profile/").content.decode()  # seen now
    assert ">New<" not in client.get("/accounts/profile/replies/").content.decode()
    reply(conversation, helpers.reader("Vera"), "Buses run all night.")
    again = client.get("/accounts/profile/replies/").content.decode()
    assert again.count(">New<") == 1 and "Buses run all night." in again


def test_replies_page_costs_the_same_queries_for_two_replies_as_for_twenty(client, conversation):
    client.force_login(conversation["maria"])
    reply(conversation, conversation["boris"], "One")
    reply(conversation, conversation["boris"], "Two")
    client.get("/")  # the first page fills the site's caches (the breaking news banner's, Wagtail's site)
    with CaptureQueriesContext(connection) as few:
        client.get("/accounts/profile/replies/")
    for n in range(18):
        reply(conversation, helpers.reader(f"R{n}"), f"More {n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/accounts/profile/replies/").content.decode().count("<li>") >= 20
    assert len(many) == len(few)


def test_with_no_replies_the_page_says_so_and_needs_a_login(client, conversation):
    assert client.get("/accounts/profile/replies/").status_code == 302
    client.force_login(conversation["maria"])
    assert "Nobody has replied to your comments yet." in client.get("/accounts/profile/replies/").content.decode()


def header_notice(client, url):
    from bs4 import BeautifulSoup

    link = BeautifulSoup(client.get(url).content, "html.parser").select_one(".account-link__replies")
    return (link.get_text(strip=True), link["href"]) if link else None


def test_every_page_tells_a_signed_in_reader_of_new_replies_until_they_read_them(client, conversation):
    reply(conversation, conversation["boris"], "Only until ten.")
    reply(conversation, helpers.reader("Vera"), "Buses run all night.")
    client.force_login(conversation["maria"])
    article_url = conversation["article"].url
    assert header_notice(client, article_url) == ("2 new replies", "/accounts/profile/replies/")
    assert header_notice(client, "/") == ("2 new replies", "/accounts/profile/replies/")
    client.get("/accounts/profile/replies/")
    assert header_notice(client, article_url) is None
    client.logout()
    assert header_notice(client, article_url) is None


def test_the_header_asks_the_database_once_a_minute_at_most(client, conversation):
    reply(conversation, conversation["boris"], "Only until ten.")
    client.force_login(conversation["maria"])
    article_url = conversation["article"].url
    client.get(article_url)
    with CaptureQueriesContext(connection) as again:
        assert header_notice(client, article_url) == ("1 new reply", "/accounts/profile/replies/")
    assert not [q for q in again if q["sql"].startswith("SELECT COUNT(*)") and '"comments_comment"' in q["sql"]]
