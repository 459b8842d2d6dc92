"""A VK community gets each story on its wall, posted by the community, once, whatever VK answers on the way."""

import urllib.parse

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from masthead.channels.adapters import LiveUpdate, Story
from masthead.channels.adapters.vk import VKAdapter
from masthead.channels.models import Channel, ChannelPost

from .conftest import VK_GROUP, VK_TOKEN, retry_now, vk_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(vk_api):
    return Channel.objects.create(name="VK", kind="vk", endpoint=vk_api.url, destination=VK_GROUP, secret=VK_TOKEN)


def sent_fields(vk_api):
    return [dict(urllib.parse.parse_qsl(body.decode())) for _path, _headers, body in vk_api.requests]


def test_a_story_goes_on_the_communitys_wall_as_the_community_with_its_link_for_vk_to_draw(vk_api, community, publish):
    article = publish(title="Bridge reopens", lead="Traffic flows again & ferries <stop>.")
    [(path, headers, _body)] = vk_api.requests
    assert path == "/method/wall.post"  # the token travels in the body, never in an address a log keeps
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    [fields] = sent_fields(vk_api)
    assert (fields["owner_id"], fields["from_group"]) == (f"-{VK_GROUP}", "1")
    assert fields["message"] == "Bridge reopens\n\nTraffic flows again & ferries <stop>."  # plain text, as VK shows
    assert fields["attachments"] == article.full_url
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.POSTED and post.attempts == 1
    assert post.external_url == f"https://vk.com/wall-{VK_GROUP}_{post.external_id}"


def test_a_try_whose_answer_was_lost_is_repeated_with_the_same_guid_so_the_wall_keeps_one_post(
    vk_api, community, publish, settings
):
    settings.MASTHEAD_CHANNELS_TIMEOUT = 0.5
    vk_api.hang_seconds = 1.5
    vk_api.then("lose the answer")  # VK made the post, but its answer never came
    publish(title="Bridge reopens")
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.PENDING and "No answer" in post.last_error
    retry_now()
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.POSTED and post.attempts == 2
    first, second = sent_fields(vk_api)
    assert first["guid"] == second["guid"]
    assert len(vk_api.wall) == 1
    assert post.external_id == str(next(iter(vk_api.wall.values()))[0])


def test_vks_too_many_requests_and_its_own_failures_are_tried_again_later(vk_api, community, publish):
    vk_api.then(vk_error(6, "Too many requests per second"), vk_error(10, "Internal server error"))
    publish(title="Bridge reopens")
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.PENDING and "VK error 6" in post.last_error
    retry_now()
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.PENDING and "VK error 10" in post.last_error
    retry_now()
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.POSTED and post.attempts == 3


def test_a_wrong_token_fails_at_once_and_the_error_never_repeats_it(vk_api, publish):
    wrong = "vk1.a.a-token-that-was-revoked"
    Channel.objects.create(name="VK", kind="vk", endpoint=vk_api.url, destination=f"club{VK_GROUP}", secret=wrong)
    publish(title="Bridge reopens")
    post = ChannelPost.objects.get()
    assert (post.status, post.attempts) == (ChannelPost.Status.FAILED, 1)
    assert "VK error 5: User authorization failed" in post.last_error
    assert wrong not in post.last_error


def test_a_live_update_goes_to_vk_with_the_story_its_own_text_and_its_own_link(vk_api, community):
    story = Story(id=1, headline="Storm hits the coast", lead="", url="https://news.example/storm/", language="en",
                  published_at="", update=LiveUpdate(id="u1", headline="Transport halts", text="Ferries stop.",
                                                     url="https://news.example/storm/#update-u1", time=""))  # fmt: skip
    result = VKAdapter().post(channel=community, story=story, delivery_id=7)
    [fields] = sent_fields(vk_api)
    assert fields["message"] == "LIVE · Storm hits the coast\n\nTransport halts\n\nFerries stop."
    assert fields["attachments"] == "https://news.example/storm/#update-u1"
    assert result.external_url.startswith(f"https://vk.com/wall-{VK_GROUP}_")


@pytest.mark.parametrize("written", ["218765", "-218765", "club218765", "public218765", " 218765 "])
def test_a_community_may_be_written_as_its_number_or_as_in_its_address(written):
    assert VKAdapter().check(endpoint="", destination=written, secret="t") == {}


def test_the_admin_refuses_a_vk_community_given_by_its_name(client):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))
    form = {"name": "VK", "kind": "vk", "enabled": "on", "language": "", "endpoint": "", "destination": "testcity",
            "secret": VK_TOKEN}  # fmt: skip
    response = client.post(reverse("channels_channels:add"), form)
    assert response.status_code == 200 and not Channel.objects.exists()
    assert "vk.com/club123456" in response.content.decode()
