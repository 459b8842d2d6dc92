"""Each new update of a live story goes to the channels once, as it is published; old ones never go out as news."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from masthead.channels import services
from masthead.channels.models import Channel, ChannelPost
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories

from .conftest import CHAT, TOKEN

pytestmark = pytest.mark.django_db


def update(text, *, headline="", at=None, image=None):
    return ("update", {"time": at, "headline": headline, "text": RichText(f"<p>{text}</p>"), "image": image})


@pytest.fixture
def telegram(bot_api):
    return Channel.objects.create(
        name="Telegram", kind="telegram", endpoint=bot_api.url, destination=CHAT, secret=TOKEN
    )


@pytest.fixture
def newsroom(django_capture_on_commit_callbacks):
    """A live story published, then editors' publications of it, each running what it queued (channel tasks)."""

    class Newsroom:
        def publish_story(self, *updates, status="live", **fields):
            with django_capture_on_commit_callbacks(execute=True):
                story = factories.article(
                    title="Storm hits the coast", live_coverage=status, live_updates=list(updates), **fields
                )
            return ArticlePage.objects.get(pk=story.pk)

        def publish_edit(self, story, change):
            draft = ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object()
            change(draft)
            with django_capture_on_commit_callbacks(execute=True):
                draft.save_revision().publish()
            return ArticlePage.objects.get(pk=story.pk)

        def add_update(self, story, *updates):
            return self.publish_edit(story, lambda draft: [draft.live_updates.append(u) for u in updates])

    return Newsroom()


def messages(bot_api):
    return [payload["text"] for method, payload in bot_api.calls() if method == "sendMessage"]


def test_each_new_update_goes_to_telegram_once_with_the_story_its_text_and_its_link(bot_api, telegram, newsroom):
    story = newsroom.publish_story()
    assert len(bot_api.calls()) == 1  # the story itself, on its first publication
    story = newsroom.add_update(story, update("Ferries &lt;stop&gt; &amp; trains too.", headline="Transport halts"))
    [text] = messages(bot_api)[1:]
    update_id = story.live_updates[0].id
    assert text == (
        "<b>LIVE · Storm hits the coast</b>\n\n<b>Transport halts</b>\n\nFerries &lt;stop&gt; &amp; trains too.\n\n"
        f'<a href="{story.full_url}#update-{update_id}">Read more</a>'
    )
    post = ChannelPost.objects.get(trigger=ChannelPost.Trigger.UPDATE)
    assert (post.update_id, post.status) == (update_id, ChannelPost.Status.POSTED)

    # Published again with a fix elsewhere: nothing new goes out. A second update: only it goes out.
    story = newsroom.publish_edit(story, lambda draft: setattr(draft, "lead", "A corrected lead."))
    assert len(bot_api.calls()) == 2
    newsroom.add_update(story, update("The wind drops."))
    assert len(bot_api.calls()) == 3
    assert "The wind drops." in messages(bot_api)[-1]


def test_updates_the_story_first_appeared_with_or_from_long_ago_are_not_posted(bot_api, telegram, newsroom):
    earlier = timezone.now() - timedelta(minutes=5)
    story = newsroom.publish_story(update("Winds rise.", at=earlier))
    newsroom.add_update(story, update("Yesterday's note, added late.", at=timezone.now() - timedelta(hours=3)))
    assert len(bot_api.calls()) == 1  # the story alone
    assert not ChannelPost.objects.filter(trigger=ChannelPost.Trigger.UPDATE).exists()


def test_a_channel_that_takes_no_live_updates_and_an_ended_story_get_none(bot_api, telegram, newsroom):
    quiet = Channel.objects.create(
        name="Quiet", kind="telegram", endpoint=bot_api.url, destination=CHAT, secret=TOKEN, post_live_updates=False
    )
    story = newsroom.add_update(newsroom.publish_story(), update("Ferries stop."))
    assert set(ChannelPost.objects.filter(trigger="update").values_list("channel_id", flat=True)) == {telegram.pk}
    assert ChannelPost.objects.filter(channel=quiet).count() == 1  # the story itself

    ended = newsroom.publish_edit(story, lambda draft: setattr(draft, "live_coverage", "ended"))
    newsroom.add_update(ended, update("A last word."))
    assert ChannelPost.objects.filter(trigger="update").count() == 1


def test_an_update_removed_before_its_post_went_out_is_cancelled(bot_api, telegram, newsroom):
    story = newsroom.publish_story()
    bot_api.then({"status": 500, "json": {"ok": False, "error_code": 500, "description": "Internal"}})
    story = newsroom.add_update(story, update("A wrong report."))
    post = ChannelPost.objects.get(trigger="update")
    assert post.status == ChannelPost.Status.PENDING  # Telegram failed; it will be tried again
    newsroom.publish_edit(story, lambda draft: draft.live_updates.__delitem__(0))
    ChannelPost.objects.filter(pk=post.pk).update(next_attempt_at=timezone.now())
    services.deliver_due()
    post.refresh_from_db()
    assert (post.status, post.last_error) == (ChannelPost.Status.CANCELLED, "The update was removed from the story.")
    assert len(bot_api.calls()) == 2  # the story, and the one failed try


def test_an_update_with_a_picture_goes_to_telegram_as_a_photo_captioned_like_its_message(bot_api, telegram, newsroom):
    story = newsroom.add_update(
        newsroom.publish_story(),
        update("The harbour wall gave way.", headline="Wall breached", image=factories.image()),
    )
    method, payload = bot_api.calls()[-1]
    assert method == "sendPhoto"
    assert payload["photo"].startswith("http://127.0.0.1:8000/media/") and payload["photo"].endswith(".jpg")
    update_id = story.live_updates[0].id
    assert payload["caption"] == (
        "<b>LIVE · Storm hits the coast</b>\n\n<b>Wall breached</b>\n\nThe harbour wall gave way.\n\n"
        f'<a href="{story.full_url}#update-{update_id}">Read more</a>'
    )
    assert ChannelPost.objects.get(trigger=ChannelPost.Trigger.UPDATE).status == ChannelPost.Status.POSTED


def test_an_update_whose_picture_telegram_cannot_fetch_still_goes_as_a_message(bot_api, telegram, newsroom):
    bot_api.photo_unreachable = True
    newsroom.add_update(newsroom.publish_story(), update("The harbour wall gave way.", image=factories.image()))
    assert [method for method, _payload in bot_api.calls()][-2:] == ["sendPhoto", "sendMessage"]
    assert "The harbour wall gave way." in messages(bot_api)[-1]
    assert ChannelPost.objects.get(trigger=ChannelPost.Trigger.UPDATE).status == ChannelPost.Status.POSTED


def test_a_long_update_is_cut_to_fit_a_telegram_message(bot_api, telegram, newsroom):
    newsroom.add_update(newsroom.publish_story(), update("word " * 2000, headline="A long one"))
    text = messages(bot_api)[-1]
    visible = text.replace("<b>", "").replace("</b>", "").split("<a href=")[0] + "Read more"
    assert len(visible) <= 4096
    assert "word…" in text


def test_a_webhook_gets_the_update_as_its_own_event(bot_api, newsroom):
    Channel.objects.create(name="Hook", kind="webhook", endpoint=bot_api.url + "/hook", secret="s3cret")
    story = newsroom.add_update(newsroom.publish_story(), update("Ferries stop.", headline="Transport"))
    path, headers, body = bot_api.requests[-1]
    payload = json.loads(body)
    assert headers["X-Masthead-Event"] == payload["event"] == "article.live_update"
    assert payload["article"]["headline"] == "Storm hits the coast"
    block = story.live_updates[0]
    assert payload["article"]["update"] == {
        "id": block.id,
        "headline": "Transport",
        "text": "Ferries stop.",
        "url": f"{story.full_url}#update-{block.id}",
        "time": timezone.localtime(block.value["time"]).isoformat(),
        "image_url": "",
    }
    assert json.loads(bot_api.requests[0][2])["article"]["update"] is None
