"""A local HTTP server that answers like Telegram's Bot API (and takes webhooks), for the channels' tests.

It speaks the Bot API's shapes: `POST /bot<token>/<method>` with JSON, answered with `{"ok": true, "result": ...}`
or `{"ok": false, "error_code": ..., "description": ..., "parameters": {"retry_after": N}}`. Tests script the next
answers (a 429, a 500, a hang longer than the client waits) and read back every request it received.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

TOKEN = "123456:TEST-token-for-the-local-bot"
CHAT = "@testcity"


class FakeBotApi:
    def __init__(self):
        self.requests = []  # (path, headers, body bytes)
        self.script = []  # answers to give before the normal ones: dicts, or "hang"
        self.hang_seconds = 2.0
        self.message_id = 100
        self.photo_unreachable = False
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
        if payload.get("chat_id") != CHAT:
            return {
                "status": 400,
                "json": {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
            }
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
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
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
def bot_api():
    api = FakeBotApi()
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
