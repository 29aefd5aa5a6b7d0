"""A local LINE Messaging API for the tests: an HTTP server in a thread that the SDK reaches
through LINE_API_BASE_URL. It records every request (method, path, headers, JSON body) and
answers push messages as told (`answers`: (status, headers, body) for the next pushes, 200
after them); replies get 200, profiles a display name."""

import base64
import hashlib
import hmac
import json
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "test-line-token"
SECRET = "test-line-secret"
PROFILE_NAME = "ありす"
WEBHOOK = "/line/webhook/"
LINE_USER = "U" + "b" * 32  # who sends webhook events unless a test says


@dataclass
class Call:
    method: str
    path: str
    headers: dict
    body: dict | None


@dataclass
class LineApi:
    calls: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # (status, headers, body) for the next pushes

    def pushes(self):
        return [call for call in self.calls if call.path == "/v2/bot/message/push"]

    def replies(self):
        return [call for call in self.calls if call.path == "/v2/bot/message/reply"]

    def reply_texts(self):
        return [call.body["messages"][0]["text"] for call in self.replies()]


BLOCKED = (400, {}, {"message": "Failed to send messages"})
BUSY = (429, {"Retry-After": "120"}, {"message": "Too Many Requests"})
DOWN = (500, {}, {"message": "Internal Server Error"})


def _handler(api):
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status, headers, body):
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def _record(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            api.calls.append(Call(self.command, self.path, dict(self.headers.items()), body))

        def do_POST(self):
            self._record()
            if self.path == "/v2/bot/message/push" and api.answers:
                self._answer(*api.answers.pop(0))
            else:
                self._answer(200, {}, {"sentMessages": [{"id": "1", "quoteToken": "q"}]})

        def do_GET(self):
            self._record()
            user_id = self.path.rsplit("/", 1)[-1]
            self._answer(200, {}, {"displayName": PROFILE_NAME, "userId": user_id})

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def line_api_running(settings):
    """A LineApi served on a free local port, with the site configured to use it."""
    api = LineApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LINE_API_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.LINE_MESSAGING_ACCESS_TOKEN = TOKEN
    settings.LINE_MESSAGING_CHANNEL_SECRET = SECRET
    settings.LINE_OFFICIAL_ACCOUNT_ID = "@yoriai"
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()


def line_signature(body, secret=SECRET):
    """X-Line-Signature as LINE computes it: HMAC-SHA256 of the body, base64."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def webhook_post(client, *events, signature=None, body=None):
    """POST `events` (or the raw `body`) to the webhook, signed unless `signature` is given."""
    body = body or json.dumps({"destination": "Uxxx", "events": list(events)}).encode()
    headers = {"X-Line-Signature": line_signature(body) if signature is None else signature}
    return client.post(WEBHOOK, body, content_type="application/json", headers=headers)


def webhook_event(kind, *, user=LINE_USER, event_id=None, redelivery=False, **fields):
    """A webhook event of type `kind` from the LINE user `user`, as LINE sends it."""
    return {
        "type": kind,
        "mode": "active",
        "timestamp": 1765000000000,
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id or uuid.uuid4().hex.upper(),
        "deliveryContext": {"isRedelivery": redelivery},
        "replyToken": uuid.uuid4().hex,
        **fields,
    }


def text_event(text, **kwargs):
    """A text message `text` sent to the official account."""
    return webhook_event("message", message={"id": "1", "type": "text", "text": text}, **kwargs)
