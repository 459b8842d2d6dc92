"""Local HTTP servers that answer like Telegram's Bot API (and take webhooks) and like VK's API, for the channels'
tests.

It speaks the Bot API's shapes: `POST /bot<token>/<method>` with JSON, answered with `{"ok": true, "result": ...}`
or `{"ok": false, "error_code": ..., "description": ..., "parameters": {"retry_after": N}}`. Tests script the next
answers (a 429, a 500, a hang longer than the client waits) and read back every request it received.
"""

import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from masthead.channels import services
from masthead.channels.models import ChannelPost
from masthead.newsroom.tests import factories

TOKEN = "123456:TEST-token-for-the-local-bot"
CHAT = "@testcity"


class FakeBotApi:
    def __init__(self):
        self.requests = []  # (path, headers, body bytes)
        self.script = []  # answers to give before the normal ones: dicts, or "hang"
        self.hang_seconds = 2.0
        self.message_id = 100
        self.photo_unreachable = False
        self.bot_status = "administrator"  # what getChatMember says of the bot in the channel
        self.lock = threading.Lock()

    def then(self, *answers):
        self.script.extend(answers)

    def calls(self, method=None):
        """The Bot API calls received: (method, JSON body)."""
        found = []
        for path, _headers, body in self.requests:
            if "/bot" in path:
                name = path.rsplit("/", 1)[1]
                if method is None or name == method:
                    found.append((name, json.loads(body)))
        return found

    def answer(self, path, body):
        with self.lock:
            if self.script:
                return self.script.pop(0)
        if path.startswith("/hook"):
            return {"status": 200, "json": {"received": True}}
        prefix, _, method = path.rpartition("/")
        if prefix != f"/bot{TOKEN}":
            return {"status": 401, "json": {"ok": False, "error_code": 401, "description": "Unauthorized"}}
        payload = json.loads(body)
        if method == "getMe":
            return {
                "status": 200,
                "json": {"ok": True, "result": {"id": 42, "is_bot": True, "username": "courier_bot"}},
            }
        if payload.get("chat_id") != CHAT:
            return {
                "status": 400,
                "json": {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
            }
        if method == "getChat":
            chat = {"id": -100123, "type": "channel", "title": "Test City News", "username": "testcity"}
            return {"status": 200, "json": {"ok": True, "result": chat}}
        if method == "getChatMember":
            member = {"status": self.bot_status, "user": {"id": payload["user_id"]}}
            if self.bot_status == "administrator":
                member["can_post_messages"] = True
            return {"status": 200, "json": {"ok": True, "result": member}}
        if method == "sendPhoto" and self.photo_unreachable:
            description = "Bad Request: wrong file identifier/HTTP URL specified"
            return {"status": 400, "json": {"ok": False, "error_code": 400, "description": description}}
        with self.lock:
            self.message_id += 1
            message = {
                "message_id": self.message_id,
                "chat": {"id": -100123, "type": "channel", "username": "testcity"},
            }
        return {"status": 200, "json": {"ok": True, "result": message}}


def too_many_requests(retry_after):
    return {
        "status": 429,
        "json": {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after},
        },
    }


def server_error(status=500):
    return {"status": status, "json": {"ok": False, "error_code": status, "description": "Internal Server Error"}}


def make_handler(api):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.respond(b"")

        def do_POST(self):
            self.respond(self.rfile.read(int(self.headers.get("Content-Length", 0))))

        def respond(self, body):
            api.requests.append((self.path, dict(self.headers), body))
            answer = api.answer(self.path, body)
            if answer == "hang":
                time.sleep(api.hang_seconds)
                answer = server_error(504)
            data = json.dumps(answer.get("json", {})).encode()
            self.send_response(answer["status"])
            self.send_header("Content-Type", "application/json")
            for name, value in answer.get("headers", {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as it should

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish an article as an editor does, then run what the publication queued (the channel tasks)."""

    def publish_article(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return factories.article(**fields)

    return publish_article


def retry_now(**filters):
    """Let time pass until every waiting post is due, then run the schedule's delivery step."""
    ChannelPost.objects.filter(status=ChannelPost.Status.PENDING, **filters).update(next_attempt_at=timezone.now())
    return services.deliver_due()


def served(api):
    """Serve `api` on a loopback port (its `url`) until the test ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(api))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def bot_api():
    yield from served(FakeBotApi())


class ScriptedFake:
    """What the VK and Mastodon fakes share: the requests received, and answers scripted to come first (dicts, or
    "lose the answer": do the work, then never answer within the client's time)."""

    def __init__(self):
        self.requests = []
        self.script = []
        self.hang_seconds = 2.0
        self.lock = threading.Lock()

    def then(self, *answers):
        self.script.extend(answers)

    def next_scripted(self):
        with self.lock:
            return self.script.pop(0) if self.script else None


VK_TOKEN = "vk1.a.test-token-of-a-community-administrator"
VK_GROUP = "218765"


class FakeVkApi(ScriptedFake):
    """Answers `POST /method/wall.post` as VK does: form fields in, `{"response": {"post_id": N}}` or HTTP 200 with
    `{"error": {"error_code": ..., "error_msg": ..., "request_params": [...]}}` out. A `guid` seen before gets the
    post it made, as VK keeps one post per guid. `wall` holds the posts made, as the community's wall would."""

    def __init__(self):
        super().__init__()
        self.wall = {}  # guid: (post id, fields)
        self.is_admin = 1  # what groups.getById says of the token's account

    def answer(self, path, body):
        scripted = self.next_scripted()
        if isinstance(scripted, dict):
            return scripted
        fields = dict(urllib.parse.parse_qsl(body.decode()))
        params = [{"key": key, "value": value} for key, value in fields.items()]
        if path not in {"/method/wall.post", "/method/groups.getById"}:
            return vk_error(3, "Unknown method passed", params)
        if fields.get("access_token") != VK_TOKEN:
            return vk_error(5, "User authorization failed: invalid access_token (4).", params)
        if path == "/method/groups.getById":
            if fields.get("group_id") != VK_GROUP:
                return vk_error(100, "One of the parameters specified was missing or invalid: group_ids is undefined")
            group = {"id": int(VK_GROUP), "name": "Курьер", "screen_name": "courier", "is_admin": self.is_admin}
            return {"status": 200, "json": {"response": {"groups": [group], "profiles": []}}}
        if fields.get("owner_id") != f"-{VK_GROUP}" or fields.get("from_group") != "1":
            return vk_error(214, "Access to adding post denied: you are not an administrator", params)
        with self.lock:
            if fields["guid"] not in self.wall:
                self.wall[fields["guid"]] = (len(self.wall) + 1000, fields)
            post_id = self.wall[fields["guid"]][0]
        if scripted == "lose the answer":
            return "hang"
        return {"status": 200, "json": {"response": {"post_id": post_id}}}


def vk_error(code, message, params=()):
    return {"status": 200, "json": {"error": {"error_code": code, "error_msg": message, "request_params": params}}}


@pytest.fixture
def vk_api():
    yield from served(FakeVkApi())


MASTODON_TOKEN = "mastodon-test-token-with-write-statuses"


class FakeMastodon(ScriptedFake):
    """Answers `POST /api/v1/statuses` as a Mastodon server does: JSON in with `Authorization: Bearer`, the status
    out (`id`, `url`); 401 for a wrong token, 422 for a text over 500 characters (a link counts 23). An
    `Idempotency-Key` seen before gets the status it made. `statuses` holds what was posted, by key."""

    def __init__(self):
        super().__init__()
        self.statuses = {}

    def answer(self, path, body):
        scripted = self.next_scripted()
        if isinstance(scripted, dict):
            return scripted
        headers = {name.lower(): value for name, value in self.requests[-1][1].items()}
        if path not in {"/api/v1/statuses", "/api/v1/accounts/verify_credentials"}:
            return {"status": 404, "json": {"error": "Record not found"}}
        if headers.get("authorization") != f"Bearer {MASTODON_TOKEN}":
            return {"status": 401, "json": {"error": "The access token is invalid"}}
        if path == "/api/v1/accounts/verify_credentials":
            return {"status": 200, "json": {"id": "7", "acct": "courier", "display_name": "Test City Courier"}}
        status = json.loads(body)
        counted = len(re.sub(r"https?://\S+", "x" * 23, status["status"]))
        if counted > 500:
            return {"status": 422, "json": {"error": "Validation failed: Text character limit of 500 exceeded"}}
        with self.lock:
            key = headers.get("idempotency-key") or f"no-key-{len(self.statuses)}"
            if key not in self.statuses:
                number = str(110000 + len(self.statuses))
                self.statuses[key] = {"id": number, "url": f"https://social.example/@courier/{number}", **status}
            made = self.statuses[key]
        if scripted == "lose the answer":
            return "hang"
        return {"status": 200, "json": {"id": made["id"], "url": made["url"], "content": made["status"]}}


@pytest.fixture
def mastodon():
    yield from served(FakeMastodon())
