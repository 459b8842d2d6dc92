"""A small JSON-over-HTTP client on the standard library, shared by the adapters.

Redirects are not followed: a channel that moved should be reconfigured, not silently posted to elsewhere (and a
POST turned into a GET by a redirect would lose the story anyway).
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from .base import TransientError

MAX_ANSWER_BYTES = 1024 * 1024


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None


def post(url, body, *, headers, timeout):
    """POST bytes and return the answer, whatever its status; raise TransientError when there is none."""
    return send(urllib.request.Request(url, data=body, headers=headers, method="POST"), timeout=timeout)


def get(url, *, headers, timeout):
    return send(urllib.request.Request(url, headers=headers, method="GET"), timeout=timeout)


def send(request, *, timeout):
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return Answer(response.status, dict(response.headers), response.read(MAX_ANSWER_BYTES))
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, dict(error.headers or {}), error.read(MAX_ANSWER_BYTES))
    except TimeoutError as error:
        raise TransientError(f"No answer within {timeout} s") from error
    except (urllib.error.URLError, ConnectionError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise TransientError(f"Could not connect: {reason}") from error


def post_json(url, payload, *, timeout, headers=None):
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return post(url, body, headers={"Content-Type": "application/json", **(headers or {})}, timeout=timeout)


def worth_retrying(status):
    """An HTTP status that says "not now": a timeout, too early, too many requests, or the server's own trouble."""
    return status in {408, 425, 429} or status >= 500


def retry_after_header(headers):
    value = {key.lower(): item for key, item in headers.items()}.get("retry-after", "")
    value = str(value).strip()
    return int(value) if value.isascii() and value.isdigit() else None  # "²".isdigit() too, which int() refuses
