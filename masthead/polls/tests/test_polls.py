"""Reader polls in articles: one vote each, with or without JavaScript, results for everyone, floods stopped."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.rich_text import RichText

from masthead.comments.tests.helpers import all_at_once, reader
from masthead.feeds.content import render_full_text
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories
from masthead.polls import services
from masthead.polls.models import Poll, PollOption, PollVote
from masthead.typos.places import PlaceRefused, locate, rendered_block_text, selection_in_article

pytestmark = pytest.mark.django_db

ANSWERS = ["Yes", "No", "Not sure"]


def make_poll(question="Should the tram line return?", answers=ANSWERS, **fields):
    poll = Poll(question=question, **fields)
    poll.options = [PollOption(text=text, sort_order=order) for order, text in enumerate(answers)]
    poll.save()
    return poll


def story_with(*polls, **fields):
    body = [("paragraph", RichText("<p>The council debated the tram.</p>")), *(("poll", poll) for poll in polls)]
    return ArticlePage.objects.get(pk=factories.article(body=body, **fields).pk)


def answer(poll, text):
    return poll.options.get(text=text)


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def counts(poll):
    return {option.text: option.vote_count for option in poll.options.all()}


def test_the_article_shows_the_question_and_answers_and_nobodys_vote(client, settings):
    settings.MASTHEAD_PAGE_CACHE_SECONDS = 60
    settings.MASTHEAD_PAGE_CACHE_CLOCK_SKEW = 0
    poll = make_poll()
    story = story_with(poll)
    block = page(client, story.url).select_one("[data-poll]")
    assert block.select_one("legend").get_text(strip=True) == "Should the tram line return?"
    assert [label.get_text(strip=True) for label in block.select(".poll__option")] == ANSWERS
    form = block.select_one("form")
    assert (form["method"], form["action"]) == ("get", f"/polls/{poll.pk}/")
    assert block.select_one("input[name=csrfmiddlewaretoken]") is None
    assert client.get(story.url).headers["X-Page-Cache"] == "hit"  # the same page for every anonymous reader


def test_voting_without_javascript_confirms_on_the_polls_page_and_shows_the_results(client):
    poll = make_poll()
    story = story_with(poll)
    no = answer(poll, "No")
    soup = page(client, f"/polls/{poll.pk}/", choice=no.pk, **{"from": story.url})
    form = soup.select_one("form.poll__form")
    assert form.select_one("input[checked]")["value"] == str(no.pk)
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None
    response = client.post(f"/polls/{poll.pk}/", {"choice": no.pk, "from": story.url})
    assert response.status_code == 302
    assert services.VOTER_COOKIE in response.cookies and response.cookies[services.VOTER_COOKIE]["httponly"]
    results = page(client, response["Location"])
    assert "Thank you for voting." in results.get_text()
    mine = [li.get_text(" ", strip=True) for li in results.select(".poll-results__option")]
    assert mine[1].startswith("No (your vote)") and "100% (1 vote)" in mine[1]
    assert results.select_one(f'a[href="{story.url}"]').get_text(strip=True) == "Back to the story"
    assert counts(poll) == {"Yes": 0, "No": 1, "Not sure": 0}
    # The voter's token is kept only as a hash.
    assert PollVote.objects.get().browser != response.cookies[services.VOTER_COOKIE].value


def test_one_vote_per_browser_and_per_account(client):
    poll = make_poll()
    client.post(f"/polls/{poll.pk}/", {"choice": answer(poll, "Yes").pk})
    again = client.post(f"/polls/{poll.pk}/", {"choice": answer(poll, "No").pk}, follow=True)
    assert "You have already voted in this poll." in again.content.decode()
    maria = reader("Maria")
    for device in (Client(), Client()):
        device.force_login(maria)
        device.post(f"/polls/{poll.pk}/", {"choice": answer(poll, "No").pk})
    assert counts(poll) == {"Yes": 1, "No": 1, "Not sure": 0}
    assert PollVote.objects.filter(poll=poll).count() == 2


def test_the_way_back_goes_only_to_this_sites_pages(client):
    poll = make_poll()
    soup = page(client, f"/polls/{poll.pk}/", results="1", **{"from": "https://evil.example/"})
    assert "Back to the story" not in soup.get_text()


def test_a_closed_poll_takes_no_votes_and_shows_its_results(client):
    poll = make_poll(closes_at=timezone.now() - timedelta(minutes=1))
    soup = page(client, f"/polls/{poll.pk}/")
    assert soup.select_one(".poll-results") is not None and "This poll is closed." in soup.get_text()
    refused = client.post(f"/polls/{poll.pk}/", {"choice": answer(poll, "Yes").pk}, follow=True)
    assert "This poll is closed." in refused.content.decode()
    assert sum(counts(poll).values()) == 0
    story = story_with(poll)
    block = page(client, story.url).select_one("[data-poll]")
    assert block.select(".poll__option") == [] and "This poll is closed." in block.get_text()
    # The results are in the story itself, not behind a link.
    rows = [" ".join(row.get_text(" ", strip=True).split()) for row in block.select(".poll-results__option")]
    assert rows == [f"{option.text} 0% (0 votes)" for option in poll.options.order_by("sort_order")]
    assert "0 votes in all" in block.select_one(".poll-results__total").get_text()


def test_a_readers_only_poll_asks_others_to_sign_in(client):
    poll = make_poll(voters=Poll.Voters.READERS)
    soup = page(client, f"/polls/{poll.pk}/")
    link = soup.select_one('form.poll__form a[href^="/accounts/login/"]')
    assert link.get_text(strip=True) == "Sign in to vote in this poll."
    response = client.post(f"/api/v1/polls/{poll.pk}/vote", {"answer": answer(poll, "Yes").pk}, "application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (401, "sign_in")


def test_an_answer_of_another_poll_or_nonsense_is_refused_clearly(client):
    poll, other = make_poll(), make_poll(question="Another?")
    for choice in (answer(other, "Yes").pk, "abc", "", 2**70):
        response = client.post(f"/polls/{poll.pk}/", {"choice": choice}, follow=True)
        assert "Choose one of the answers." in response.content.decode(), choice
    bad = client.post(f"/api/v1/polls/{poll.pk}/vote", {"answer": "abc"}, "application/json")
    assert bad.status_code == 422 and "answer" in bad.json()["error"]["fields"]
    assert client.get("/polls/999999/").status_code == 404
    assert client.get(f"/api/v1/polls/{2**70}").status_code == 404
    assert PollVote.objects.count() == 0


def test_the_api_gives_a_token_counts_the_vote_and_refuses_a_vote_without_it():
    poll = make_poll()
    browser = Client(enforce_csrf_checks=True)
    yes = answer(poll, "Yes").pk
    refused = browser.post(f"/api/v1/polls/{poll.pk}/vote", {"answer": yes}, "application/json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "csrf_failed")
    state = browser.get(f"/api/v1/polls/{poll.pk}").json()
    assert (state["voted_for"], state["open"], state["total"]) == (None, True, 0)
    voted = browser.post(
        f"/api/v1/polls/{poll.pk}/vote", {"answer": yes}, "application/json", headers={"X-CSRFToken": state["token"]}
    )
    assert voted.status_code == 200
    assert (voted.json()["voted_for"], voted.json()["total"]) == (yes, 1)
    assert voted.json()["answers"][0] == {"id": yes, "text": "Yes", "votes": 1, "percent": 100}
    assert browser.get(f"/api/v1/polls/{poll.pk}").json()["voted_for"] == yes  # the cookie remembers it


def test_a_flood_from_one_address_is_stopped_after_the_limit(monkeypatch):
    monkeypatch.setattr(services, "VOTES_PER_ADDRESS", "3/d")
    poll = make_poll()
    answers = []
    for _ in range(5):  # five "browsers" from one address: a script that drops its cookies
        answers.append(Client().post(f"/polls/{poll.pk}/", {"choice": answer(poll, "Yes").pk}, follow=True))
    assert sum(counts(poll).values()) == 3
    assert "Too many votes from your network." in answers[-1].content.decode()
    api = Client().post(f"/api/v1/polls/{poll.pk}/vote", {"answer": answer(poll, "No").pk}, "application/json")
    assert api.status_code == 429


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_votes_are_all_counted():
    poll = make_poll()
    yes = answer(poll, "Yes").pk

    def vote(token, _number):
        services.vote_cast(poll=poll, option_id=yes, reader=None, browser_token=token)

    assert all_at_once(vote, [f"browser-{n}" for n in range(50)]) == []
    assert counts(poll)["Yes"] == 50 == PollVote.objects.filter(poll=poll).count()


def test_results_and_articles_with_polls_cost_a_fixed_number_of_queries(client):
    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    small, large = make_poll(answers=["A", "B"]), make_poll(answers=[f"Answer {n}" for n in range(10)])
    assert queries(f"/polls/{small.pk}/?results=1") == queries(f"/polls/{large.pk}/?results=1")
    assert queries(story_with(small).url) == queries(story_with(small, large, make_poll()).url)


def test_feeds_carry_the_question_and_where_to_vote():
    poll = make_poll()
    story = story_with(poll)
    html = render_full_text(article=story, body=story.body, root_url="https://news.example")
    link = BeautifulSoup(html, "html.parser").find("a", string="Vote on the site")
    assert link["href"] == f"https://news.example/polls/{poll.pk}/"
    assert "Poll: Should the tram line return?" in BeautifulSoup(html, "html.parser").get_text()


def test_a_typo_in_a_poll_is_sent_to_the_editor_to_fix_under_polls():
    story = story_with(make_poll(question="Should the tram line retrun?"))
    block = story.body[1]
    assert selection_in_article(article=story, scope="body", block_id=block.id, selection="retrun")
    offset = rendered_block_text(story, block).index("retrun")
    with pytest.raises(PlaceRefused) as refused:
        locate(story, scope="body", block_id=block.id, selection="retrun", offset=offset)
    assert refused.value.code == "poll"


def test_a_deleted_account_leaves_its_vote_counted_and_the_data_download_lists_votes(client):
    poll = make_poll()
    maria = reader("Maria")
    client.force_login(maria)
    client.post(f"/polls/{poll.pk}/", {"choice": answer(poll, "No").pk})
    data = client.get("/accounts/profile/data/").json()
    assert data["poll_votes"][0]["poll"] == poll.question and data["poll_votes"][0]["answer"] == "No"
    maria.delete()
    vote = PollVote.objects.get()
    assert vote.reader is None and counts(poll)["No"] == 1


def test_the_poll_page_speaks_the_readers_language(client):
    poll = make_poll()
    soup = page(client, f"/ru/polls/{poll.pk}/")
    assert soup.select_one("form.poll__form button").get_text(strip=True) == "Голосовать"


def test_a_poll_in_a_private_story_answers_only_the_readers_the_story_admits(django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    poll, shared = make_poll(), make_poll(question="Open the bridge at night?")
    with django_capture_on_commit_callbacks(execute=True):  # the reference index is kept after the commit
        private = story_with(poll, shared)
        story_with(shared)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    stranger, member = Client(), Client()
    member.force_login(reader("member"))
    for address in (f"/api/v1/polls/{poll.pk}", f"/polls/{poll.pk}/"):
        assert stranger.get(address).status_code == 404, address
        assert member.get(address).status_code == 200, address
    refused = stranger.post(f"/api/v1/polls/{poll.pk}/vote", {"answer": answer(poll, "Yes").pk}, "application/json")
    assert refused.status_code == 404 and counts(poll)["Yes"] == 0
    # A poll placed in a public story as well stays open to everyone; one placed nowhere yet too (a draft's).
    assert stranger.get(f"/api/v1/polls/{shared.pk}").status_code == 200
    assert stranger.get(f"/api/v1/polls/{make_poll().pk}").status_code == 200
