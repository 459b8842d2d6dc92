"""A generic webhook: the story as JSON, signed so the receiver can tell it came from this site.

The receiver checks `X-Masthead-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body with the shared secret
(compare in constant time). `X-Masthead-Delivery` is the same on every retry of one post, so a receiver that saw it
already can ignore the repeat. Checking the channel in the admin sends the event `ping`, with no article: answer it
with any 2xx.
"""

import hashlib
import hmac
import json
import uuid
from dataclasses import asdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import conf
from . import http
from .base import ChannelAdapter, PermanentError, PostResult, TransientError


def signature(secret, body):
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class WebhookAdapter(ChannelAdapter):
    kind = "webhook"
    label = gettext_lazy("Webhook (JSON)")
    needs_endpoint = True

    def post(self, *, channel, story, delivery_id):
        # A live story's new update is its own event; `article.update` then holds it, else it is null.
        event = "article.live_update" if story.update is not None else "article.published"
        self.send(channel, event, str(delivery_id), {"article": asdict(story)})
        return PostResult()

    def verify(self, *, channel):
        """A signed `ping` event with no story, which a receiver answers with any 2xx."""
        answer = self.send(channel, "ping", f"ping-{uuid.uuid4()}", {})
        return _("The address answered HTTP %(status)d to a signed test event (“ping”).") % {"status": answer.status}

    def send(self, channel, event, delivery, fields):
        body = json.dumps(
            {"event": event, "delivery": delivery, **fields}, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
        answer = http.post(
            channel.endpoint,
            body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Masthead",
                "X-Masthead-Event": event,
                "X-Masthead-Delivery": delivery,
                "X-Masthead-Signature": signature(channel.secret, body),
            },
            timeout=conf.timeout(),
        )
        if 200 <= answer.status < 300:
            return answer
        message = f"The webhook answered HTTP {answer.status}"
        if http.worth_retrying(answer.status):
            raise TransientError(message, status=answer.status, retry_after=http.retry_after_header(answer.headers))
        raise PermanentError(message, status=answer.status)
