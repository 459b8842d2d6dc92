"""Editors check a channel's settings before a story fails on them: its service is asked, and nothing is posted."""

import hashlib
import hmac
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from masthead.channels.models import Channel, ChannelPost

from .conftest import CHAT, MASTODON_TOKEN, TOKEN, VK_GROUP, VK_TOKEN, server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))


def checked(client, channel):
    """What the editor is told after pressing "Check now"."""
    response = client.post(reverse("channels_check", args=[channel.pk]), follow=True)
    assert response.status_code == 200
    return [message.message for message in response.context["messages"]]


def test_a_telegram_check_names_the_bot_and_the_channel_and_posts_nothing(bot_api, client, editor):
    channel = Channel.objects.create(name="TG", kind="telegram", endpoint=bot_api.url, destination=CHAT, secret=TOKEN)
    assert checked(client, channel) == ["The bot @courier_bot may post to “Test City News”."]
    assert [method for method, _payload in bot_api.calls()] == ["getMe", "getChat", "getChatMember"]
    assert not ChannelPost.objects.exists()


def test_a_telegram_check_says_when_the_bot_is_not_an_administrator_that_may_post(bot_api, client, editor):
    bot_api.bot_status = "member"
    channel = Channel.objects.create(name="TG", kind="telegram", endpoint=bot_api.url, destination=CHAT, secret=TOKEN)
    [told] = checked(client, channel)
    assert told.startswith("The check failed: The bot @courier_bot may not post to “Test City News”")


def test_a_wrong_telegram_token_is_told_without_repeating_it(bot_api, client, editor):
    channel = Channel.objects.create(
        name="TG", kind="telegram", endpoint=bot_api.url, destination=CHAT, secret="999:a-revoked-token"
    )
    [told] = checked(client, channel)
    assert told == "The check failed: Telegram error 401: Unauthorized"


def test_a_vk_check_names_the_community_its_token_administers(vk_api, client, editor):
    channel = Channel.objects.create(name="VK", kind="vk", endpoint=vk_api.url, destination=VK_GROUP, secret=VK_TOKEN)
    assert checked(client, channel) == ["The token may post on the wall of “Курьер” as the community."]
    assert [path for path, _headers, _body in vk_api.requests] == ["/method/groups.getById"]
    vk_api.is_admin = 0
    assert checked(client, channel) == [
        "The check failed: The token's account is not an administrator of “Курьер”, so it may not post there."
    ]
    assert not vk_api.wall


def test_a_mastodon_check_names_the_account_the_token_posts_as(mastodon, client, editor):
    channel = Channel.objects.create(name="M", kind="mastodon", endpoint=mastodon.url, secret=MASTODON_TOKEN)
    assert checked(client, channel) == ["The token posts as @courier on 127.0.0.1."]
    channel.secret = "revoked"
    channel.save()
    assert checked(client, channel) == ["The check failed: Mastodon answered HTTP 401: The access token is invalid"]
    assert not mastodon.statuses


def test_a_webhook_check_sends_a_signed_ping_with_no_story(bot_api, client, editor):
    channel = Channel.objects.create(name="Hook", kind="webhook", endpoint=bot_api.url + "/hook", secret="shared")
    assert checked(client, channel) == ["The address answered HTTP 200 to a signed test event (“ping”)."]
    [(_path, headers, body)] = bot_api.requests
    assert json.loads(body)["event"] == "ping" and "article" not in json.loads(body)
    assert headers["X-Masthead-Signature"] == "sha256=" + hmac.new(b"shared", body, hashlib.sha256).hexdigest()
    bot_api.then(server_error(503))
    assert checked(client, channel) == ["The check failed: The webhook answered HTTP 503"]


def test_only_those_who_configure_channels_may_check_them_and_the_list_offers_it(bot_api, client, editor):
    channel = Channel.objects.create(name="TG", kind="telegram", endpoint=bot_api.url, destination=CHAT, secret=TOKEN)
    check_url = reverse("channels_check", args=[channel.pk])
    listing = BeautifulSoup(client.get(reverse("channels_channels:list")).content, "html.parser")
    assert listing.find("a", href=check_url)
    edit_page = BeautifulSoup(client.get(reverse("channels_channels:edit", args=[channel.pk])).content, "html.parser")
    assert edit_page.find("a", href=check_url)
    page = BeautifulSoup(client.get(check_url).content, "html.parser")
    assert "Nothing is posted." in page.get_text() and page.select_one("form[method=post] button[type=submit]")

    # Editors see channels' posts and post stories again, but do not configure channels.
    writer = get_user_model().objects.create_user("writer", "writer@example.org", "pw")
    writer.groups.add(Group.objects.get(name="Editors"))
    client.force_login(writer)
    for answer in (client.get(check_url), client.post(check_url)):
        assert answer.status_code in {302, 403} and answer.headers.get("Location") != check_url
    assert bot_api.requests == []


def test_the_command_checks_every_channel_and_fails_when_one_does(bot_api, vk_api):
    from io import StringIO

    from django.core.management import CommandError, call_command

    Channel.objects.create(name="TG", kind="telegram", endpoint=bot_api.url, destination=CHAT, secret=TOKEN)
    output = StringIO()
    call_command("channels_check", stdout=output)
    assert output.getvalue() == "✓ TG: The bot @courier_bot may post to “Test City News”.\n"

    Channel.objects.create(name="VK", kind="vk", endpoint=vk_api.url, destination=VK_GROUP, secret="revoked")
    Channel.objects.create(name="Off", kind="vk", endpoint=vk_api.url, destination="1", secret="x", enabled=False)
    output = StringIO()
    with pytest.raises(CommandError, match="1 of 2 channels failed their check") as failure:
        call_command("channels_check", stdout=output)
    assert failure.value.returncode == 1
    assert "✗ VK: VK error 5: User authorization failed" in output.getvalue() and "Off" not in output.getvalue()
    assert not vk_api.wall and not ChannelPost.objects.exists()
