"""A Mastodon account posts each story publicly, once, in the story's language, within the server's 500 characters."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from masthead.channels.adapters import LiveUpdate, Story
from masthead.channels.adapters.mastodon import MastodonAdapter
from masthead.channels.models import Channel, ChannelPost

from .conftest import MASTODON_TOKEN, retry_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(mastodon):
    return Channel.objects.create(name="Mastodon", kind="mastodon", endpoint=mastodon.url, secret=MASTODON_TOKEN)


def posted(mastodon):
    return [json.loads(body) for _path, _headers, body in mastodon.requests]


def counted_length(text):
    return len(re.sub(r"https?://\S+", "x" * 23, text))


def test_a_story_is_posted_publicly_in_its_language_with_headline_lead_and_link(mastodon, account, publish):
    article = publish(title="Bridge reopens", lead="Traffic flows again & ferries <stop>.")
    [status] = posted(mastodon)
    assert status == {
        "status": f"Bridge reopens\n\nTraffic flows again & ferries <stop>.\n\n{article.full_url}",
        "visibility": "public",
        "language": "en",
    }
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.POSTED
    assert post.external_url == f"https://social.example/@courier/{post.external_id}"


def test_a_long_lead_is_cut_at_a_word_so_the_post_fits_the_servers_500_characters(mastodon, account, publish):
    publish(title="Budget", lead="The council debated the winter budget for hours. " * 40)
    [status] = posted(mastodon)
    assert counted_length(status["status"]) <= 500
    assert "…\n\nhttp" in status["status"]  # the lead cut short, the link whole
    assert ChannelPost.objects.get().status == ChannelPost.Status.POSTED


def test_a_try_whose_answer_was_lost_sends_the_same_idempotency_key_so_one_status_is_made(
    mastodon, account, publish, settings
):
    settings.MASTHEAD_CHANNELS_TIMEOUT = 0.5
    mastodon.hang_seconds = 1.5
    mastodon.then("lose the answer")
    publish(title="Bridge reopens")
    assert ChannelPost.objects.get().status == ChannelPost.Status.PENDING
    retry_now()
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.POSTED and post.attempts == 2
    keys = [
        {name.lower(): value for name, value in headers.items()}["idempotency-key"]
        for _p, headers, _b in mastodon.requests
    ]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert len(mastodon.statuses) == 1


def test_the_servers_rate_limit_is_waited_out_until_it_resets(mastodon, account, publish):
    reset = (datetime.now(UTC) + timedelta(minutes=20)).isoformat().replace("+00:00", "Z")
    mastodon.then({"status": 429, "json": {"error": "Too many requests"}, "headers": {"X-RateLimit-Reset": reset}})
    publish(title="Bridge reopens")
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.PENDING and "429" in post.last_error
    assert post.next_attempt_at >= timezone.now() + timedelta(minutes=19)
    retry_now()
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.POSTED


def test_a_wrong_token_fails_at_once_and_is_never_repeated(mastodon, publish):
    Channel.objects.create(name="Mastodon", kind="mastodon", endpoint=mastodon.url, secret="revoked-token")
    publish(title="Bridge reopens")
    post = ChannelPost.objects.get()
    assert (post.status, post.attempts) == (ChannelPost.Status.FAILED, 1)
    assert "401" in post.last_error and "revoked-token" not in post.last_error


def test_a_live_update_is_posted_with_the_story_its_own_text_and_its_own_link(mastodon, account):
    story = Story(id=1, headline="Storm hits the coast", lead="", url="https://news.example/storm/", language="ru",
                  published_at="", update=LiveUpdate(id="u1", headline="Паромы встали", text="Ветер усилился.",
                                                     url="https://news.example/storm/#update-u1", time=""))  # fmt: skip
    MastodonAdapter().post(channel=account, story=story, delivery_id=3)
    [status] = posted(mastodon)
    assert status["language"] == "ru"
    assert status["status"] == (
        "ОНЛАЙН · Storm hits the coast\n\nПаромы встали\n\nВетер усилился.\n\nhttps://news.example/storm/#update-u1"
    )
