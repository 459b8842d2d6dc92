"""Publishing a story posts it to every channel once, without waiting; a failing channel is retried, never lost."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.channels import services
from masthead.channels.adapters.http import retry_after_header
from masthead.channels.models import Channel, ChannelPost
from masthead.newsroom.tests import factories

from .conftest import CHAT, TOKEN, retry_now, server_error, too_many_requests

pytestmark = pytest.mark.django_db


@pytest.fixture
def telegram(bot_api):
    return Channel.objects.create(
        name="Telegram", kind="telegram", endpoint=bot_api.url, destination=CHAT, secret=TOKEN
    )


def test_story_with_a_lead_image_goes_to_telegram_as_a_photo_with_headline_lead_and_link(bot_api, telegram, publish):
    article = publish(title="Bridge reopens", lead="Traffic flows again & ferries stop.", image=factories.image())
    [(method, payload)] = bot_api.calls()
    assert method == "sendPhoto"
    assert payload["chat_id"] == CHAT and payload["parse_mode"] == "HTML"
    assert payload["photo"].startswith("http://127.0.0.1:8000/media/")
    caption = payload["caption"]
    assert caption.startswith("<b>Bridge reopens</b>\n\nTraffic flows again &amp; ferries stop.")
    assert f'<a href="{article.full_url}">Read more</a>' in caption
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.POSTED and post.attempts == 1
    assert post.external_url == f"https://t.me/testcity/{post.external_id}"


def test_story_without_image_goes_as_a_message_with_its_text_escaped(bot_api, telegram, publish):
    publish(title="Mayor: <b>no</b> new taxes", lead='A & B said "yes".')
    [(method, payload)] = bot_api.calls()
    assert method == "sendMessage"
    assert payload["text"].startswith(
        "<b>Mayor: &lt;b&gt;no&lt;/b&gt; new taxes</b>\n\nA &amp; B said &quot;yes&quot;."
    )


def test_long_lead_is_cut_at_a_word_to_fit_telegrams_caption_limit(bot_api, telegram, publish):
    publish(title="Budget", lead="word " * 400, image=factories.image())
    [(_method, payload)] = bot_api.calls()
    visible = payload["caption"].replace("<b>", "").replace("</b>", "")
    visible = visible.split("<a href=")[0] + "Read more"
    assert len(visible) <= 1024
    assert "word…" in payload["caption"]


def test_picture_telegram_cannot_fetch_still_posts_the_story_as_a_message(bot_api, telegram, publish):
    bot_api.photo_unreachable = True
    publish(title="Bridge reopens", image=factories.image())
    assert [method for method, _payload in bot_api.calls()] == ["sendPhoto", "sendMessage"]
    assert ChannelPost.objects.get().status == ChannelPost.Status.POSTED


def test_editing_and_republishing_a_story_does_not_post_it_again(
    bot_api, telegram, publish, django_capture_on_commit_callbacks
):
    article = publish(title="Bridge reopens")
    article.title = "Bridge reopens after repairs"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert len(bot_api.calls()) == 1
    assert ChannelPost.objects.count() == 1


def test_publishing_only_queues_the_post_and_never_calls_a_channel(
    bot_api, telegram, settings, django_capture_on_commit_callbacks
):
    # A queue that keeps tasks instead of running them, as the database queue does until a worker takes them.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    with django_capture_on_commit_callbacks(execute=True):
        article = factories.article(title="Bridge reopens")
    assert article.live
    assert bot_api.requests == []
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.QUEUED
    queued = [r for r in task_backends["default"].results if r.task.func.__name__ == "deliver_channel_post"]
    assert [result.kwargs for result in queued] == [{"post_id": post.pk}]


def test_a_channel_answering_500_never_blocks_publication_and_is_retried(bot_api, telegram, publish):
    bot_api.then(server_error(500))
    article = publish(title="Bridge reopens")
    assert article.live
    post = ChannelPost.objects.get()
    assert (post.status, post.attempts) == (ChannelPost.Status.PENDING, 1)
    assert "500" in post.last_error
    retry_now()
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.POSTED and post.attempts == 2


def test_posting_again_while_a_post_is_still_retrying_tries_that_one_now_instead_of_a_second(
    bot_api, telegram, publish
):
    bot_api.then(server_error(500))
    article = publish(title="Bridge reopens")
    waiting = ChannelPost.objects.get()
    assert waiting.status == ChannelPost.Status.PENDING and waiting.next_attempt_at > timezone.now()
    done = services.channel_post_again(article=article, channels=[telegram], user=factories_editor())
    assert done.posts == [] and done.still_on_the_way == [telegram]
    assert ChannelPost.objects.count() == 1  # the story would have gone out twice once Telegram answered
    waiting.refresh_from_db()
    assert waiting.next_attempt_at <= timezone.now()


def test_telegrams_retry_after_is_honoured(bot_api, telegram, publish):
    bot_api.then(too_many_requests(retry_after=600))
    publish(title="Bridge reopens")
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.PENDING
    assert post.next_attempt_at >= timezone.now() + timedelta(seconds=590)
    assert "429" in post.last_error
    assert services.deliver_due() == 0  # not before Telegram's time
    retry_now()
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.POSTED


def test_errors_and_timeouts_back_off_exponentially_then_fail_visibly_and_can_be_posted_again(
    bot_api, telegram, publish, settings
):
    settings.MASTHEAD_CHANNELS_MAX_ATTEMPTS = 3
    settings.MASTHEAD_CHANNELS_TIMEOUT = 0.5
    bot_api.hang_seconds = 1.5
    bot_api.then(server_error(502), "hang", server_error(503))
    article = publish(title="Bridge reopens")
    waits = []
    for _ in range(2):
        post = ChannelPost.objects.get()
        waits.append((post.next_attempt_at - timezone.now()).total_seconds())
        retry_now()
    post = ChannelPost.objects.get()
    assert waits[0] == pytest.approx(30, abs=5) and waits[1] == pytest.approx(60, abs=5)
    assert post.status == ChannelPost.Status.FAILED and post.attempts == 3
    assert "Gave up after 3 attempts" in post.last_error
    user = factories_editor()
    with_callbacks = services.channel_post_again(article=article, channels=[telegram], user=user)
    services.deliver_due()
    again = ChannelPost.objects.get(pk=with_callbacks.posts[0].pk)
    assert again.status == ChannelPost.Status.POSTED and again.trigger == ChannelPost.Trigger.AGAIN


def factories_editor():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


def test_a_wrong_chat_fails_at_once_and_the_error_is_kept_without_the_token(bot_api, publish):
    Channel.objects.create(name="Wrong", kind="telegram", endpoint=bot_api.url, destination="@nowhere", secret=TOKEN)
    publish(title="Bridge reopens")
    post = ChannelPost.objects.get()
    assert (post.status, post.attempts) == (ChannelPost.Status.FAILED, 1)
    assert "chat not found" in post.last_error and TOKEN not in post.last_error
    assert retry_now() == 0


def test_a_worker_that_died_with_a_post_hands_it_back_after_the_lease(bot_api, telegram, settings):
    article = factories.article(title="Bridge reopens")  # its commit never came: nothing was queued
    post = ChannelPost.objects.get(article=article)
    ChannelPost.objects.filter(pk=post.pk).update(
        status=ChannelPost.Status.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    services.deliver_due()
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.POSTED and post.attempts == 2


def test_a_story_unpublished_before_its_post_went_out_is_not_posted(bot_api, telegram):
    article = factories.article(title="Retracted")
    article.unpublish()
    services.deliver_due()
    assert bot_api.requests == []
    assert ChannelPost.objects.get().status == ChannelPost.Status.CANCELLED


def test_a_channel_for_one_language_gets_only_stories_in_that_language(bot_api, publish):
    Channel.objects.create(
        name="Telegram RU", kind="telegram", language="ru", endpoint=bot_api.url, destination=CHAT, secret=TOKEN
    )
    publish(title="English story")
    assert bot_api.requests == []
    assert ChannelPost.objects.count() == 0


def test_webhook_gets_the_story_as_json_signed_with_the_shared_secret(bot_api, publish):
    hook = Channel.objects.create(name="Hook", kind="webhook", endpoint=bot_api.url + "/hook", secret="s3cret")
    article = publish(title="Bridge reopens", lead="Traffic flows again.", tags=[factories.tag("Transport")])
    [(path, headers, body)] = bot_api.requests
    assert path == "/hook" and headers["Content-Type"] == "application/json"
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Masthead-Signature"], expected)
    post = ChannelPost.objects.get(channel=hook)
    assert headers["X-Masthead-Delivery"] == str(post.pk)
    payload = json.loads(body)
    assert payload["event"] == "article.published"
    assert payload["article"]["headline"] == "Bridge reopens"
    assert payload["article"]["url"] == article.full_url
    assert payload["article"]["tags"] == ["Transport"]
    assert post.status == ChannelPost.Status.POSTED


def test_webhook_busy_with_retry_after_is_tried_again_later(bot_api, publish):
    Channel.objects.create(name="Hook", kind="webhook", endpoint=bot_api.url + "/hook", secret="s3cret")
    bot_api.then({"status": 503, "headers": {"Retry-After": "900"}, "json": {}})
    publish(title="Bridge reopens")
    post = ChannelPost.objects.get()
    assert post.status == ChannelPost.Status.PENDING
    assert post.next_attempt_at >= timezone.now() + timedelta(seconds=890)
    retry_now()
    post.refresh_from_db()
    assert post.status == ChannelPost.Status.POSTED
    assert len(bot_api.requests) == 2
    assert bot_api.requests[0][1]["X-Masthead-Delivery"] == bot_api.requests[1][1]["X-Masthead-Delivery"]


@pytest.mark.parametrize(
    ("value", "seconds"), [(" 120 ", 120), ("²", None), ("٣", None), ("soon", None), ("", None), ("-5", None)]
)
def test_only_a_plain_number_of_seconds_is_read_from_retry_after(value, seconds):
    # "²" and "٣" pass str.isdigit(): the first once reached int() and failed the task, the second read as 3.
    assert retry_after_header({"Retry-After": value}) == seconds


def test_a_switched_off_channel_gets_nothing(bot_api, telegram, publish):
    Channel.objects.filter(pk=telegram.pk).update(enabled=False)
    publish(title="Bridge reopens")
    assert bot_api.requests == [] and ChannelPost.objects.count() == 0
