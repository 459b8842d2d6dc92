"""Editors configure channels, see each story's posts per channel, and post a story again; secrets stay hidden."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from masthead.channels.models import Channel, ChannelPost
from masthead.newsroom.tests import factories

from .conftest import CHAT, TOKEN, server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def channel_form(**fields):
    return {"name": "Telegram", "kind": "telegram", "enabled": "on", "language": "", "endpoint": "",
            "destination": CHAT, "secret": "", **fields}  # fmt: skip


def test_a_saved_token_is_never_shown_again_and_an_empty_field_keeps_it(client, editor):
    response = client.post(reverse("channels_channels:add"), channel_form(secret=TOKEN))
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert channel.secret == TOKEN
    edit_url = reverse("channels_channels:edit", args=[channel.pk])
    assert TOKEN not in client.get(edit_url).content.decode()
    assert TOKEN not in client.get(reverse("channels_channels:list")).content.decode()
    client.post(edit_url, channel_form(name="Telegram (English)"))
    channel.refresh_from_db()
    assert (channel.name, channel.secret) == ("Telegram (English)", TOKEN)


def test_a_channel_missing_what_its_kind_needs_is_refused_with_a_reason(client, editor):
    response = client.post(reverse("channels_channels:add"), channel_form(destination="", secret=""))
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "This kind of channel needs a destination." in text
    assert "This kind of channel needs a token or secret." in text
    webhook = client.post(reverse("channels_channels:add"), channel_form(kind="webhook", secret="x", destination=""))
    assert "This kind of channel needs an address." in webhook.content.decode()
    assert Channel.objects.count() == 0


def test_a_new_channel_sent_back_for_another_field_keeps_the_token_typed(client, editor):
    response = client.post(
        reverse("channels_channels:add"), channel_form(kind="vk", destination="club_abc", secret=TOKEN)
    )
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("input[name=secret]")["value"] == TOKEN
    assert Channel.objects.count() == 0


def test_story_screen_shows_each_channels_post_and_posts_again(
    client, editor, bot_api, django_capture_on_commit_callbacks
):
    telegram = Channel.objects.create(
        name="Telegram", kind="telegram", endpoint=bot_api.url, destination=CHAT, secret=TOKEN
    )
    Channel.objects.create(name="Quiet hook", kind="webhook", endpoint=bot_api.url + "/hook", secret="s", enabled=False)
    bot_api.then(server_error(500))
    with django_capture_on_commit_callbacks(execute=True):
        article = factories.article(title="Bridge reopens")
    screen = reverse("channels_article_posts", args=[article.pk])
    assert screen in client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()

    soup = BeautifulSoup(client.get(screen).content, "html.parser")
    rows = [row.get_text(" ", strip=True) for row in soup.select("table tbody tr")]
    assert rows[0].startswith("Quiet hook") and "Not posted" in rows[0]
    assert rows[1].startswith("Telegram Waiting 1") and "500" in rows[1]

    # Asked again while the first post waits to retry: that one is tried now, and no second copy is made.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(screen, {"channels": [telegram.pk]}, follow=True)
    assert "a post of this story is still on its way there" in response.content.decode()
    statuses = [
        span["data-post-status"]
        for span in BeautifulSoup(client.get(screen).content, "html.parser").select("[data-post-status]")
    ]
    assert statuses == ["posted"]

    # Once it is out, posting again makes a new post, the editor's.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(screen, {"channels": [telegram.pk]}, follow=True)
    assert "1 post queued." in response.content.decode()
    again = ChannelPost.objects.get(trigger=ChannelPost.Trigger.AGAIN)
    assert again.requested_by == editor and again.status == ChannelPost.Status.POSTED


def test_post_list_filters_by_status_and_posts_the_selection_again(
    client, editor, bot_api, django_capture_on_commit_callbacks
):
    Channel.objects.create(
        name="Wrong chat", kind="telegram", endpoint=bot_api.url, destination="@nowhere", secret=TOKEN
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.article(title="Bridge reopens")
    failed = ChannelPost.objects.get()
    listing = client.get(reverse("channels_posts:list") + "?status=failed").content.decode()
    assert "Bridge reopens" in listing and "chat not found" in listing
    bulk = reverse("wagtail_bulk_action", args=["channels", "channelpost", "post_again"]) + f"?id={failed.pk}"
    assert "Bridge reopens" in client.get(bulk).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk)
    assert ChannelPost.objects.filter(trigger=ChannelPost.Trigger.AGAIN).count() == 1


def test_editors_cannot_write_posts_by_hand(client, editor):
    assert client.get(reverse("channels_posts:add")).status_code in {302, 403}


def test_wagtail_editors_see_posts_and_may_post_again_but_never_see_secrets(client):
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("writer", "writer@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    article = factories.article(title="Bridge reopens")
    assert editor.has_perm("channels.post_again") and editor.has_perm("channels.view_channelpost")
    assert client.get(reverse("channels_article_posts", args=[article.pk])).status_code == 200
    assert not editor.has_perm("channels.change_channel")


def test_the_token_field_says_what_each_kind_of_channel_needs_and_that_it_is_never_shown_again(client, editor):
    text = BeautifulSoup(client.get(reverse("channels_channels:add")).content, "html.parser").get_text(" ")
    for needed in ("the bot's token", "community administrator", "write:statuses", "Never shown again after saving"):
        assert needed in text


@pytest.mark.parametrize("typed", ["99999999999999999999", "-3", "0"])
def test_an_article_id_no_row_can_have_is_a_filter_error_not_a_500(client, editor, typed):
    response = client.get(reverse("channels_posts:list"), {"article": typed})
    assert response.status_code == 200


def test_the_channel_list_says_whether_a_channel_posts_in_words_not_true(client, editor):
    Channel.objects.create(
        name="Telegram", kind="telegram", endpoint="http://127.0.0.1:9", destination=CHAT, secret=TOKEN
    )
    page = BeautifulSoup(client.get(reverse("channels_channels:list")).content, "html.parser")
    cells = [cell.get_text(strip=True) for cell in page.select("table tbody td")]
    assert "True" not in cells and "Yes" in cells


def test_a_russian_editor_reads_a_posts_error_in_russian_on_every_admin_page(client, editor):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "ru"
    profile.save()
    article = factories.article(title="Bridge reopens")  # before the channel: no post of its own
    channel = Channel.objects.create(name="Telegram", kind="telegram", endpoint="http://127.0.0.1:9", destination=CHAT)
    post = ChannelPost.objects.create(
        channel=channel, article=article, last_error="Could not connect: [Errno -2] Name or service not known"
    )
    said = "Адрес сервиса не найден"
    for page in [
        reverse("channels_posts:list"),
        reverse("channels_posts:inspect", args=[post.pk]),
        reverse("channels_article_posts", args=[article.pk]),
    ]:
        text = BeautifulSoup(client.get(page).content, "html.parser").get_text(" ", strip=True)
        assert said in text and "Errno" not in text, page
