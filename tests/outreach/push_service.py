"""A push service on 127.0.0.1 for the tests, speaking Web Push as browsers' push services do
(RFC 8030 delivery, RFC 8292 VAPID, RFC 8291 aes128gcm encryption).

`PushService.subscription()` makes a browser's side of a subscription: a P-256 key pair and
an auth secret, as a browser would, and an endpoint on this service. A message posted to the
endpoint is accepted (201) only when its VAPID JWT is signed (ES256) by the expected public
key, for this service's origin (aud), not expired, with a subject; it is then decrypted with
the subscription's private key and kept in `received`. `answer(status, …)` makes the next
messages get another status (404, 410, 429 with Retry-After, 500) instead, decrypted or not.
"""

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class BrowserSubscription:
    """A browser's subscription: what it gives the site (`as_json()`, as PushSubscription's
    toJSON()) and the private key and auth secret it keeps to decrypt with."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def p256dh(self):
        return b64url(
            self.private_key.public_key().public_bytes(
                Encoding.X962, PublicFormat.UncompressedPoint
            )
        )

    def as_json(self):
        keys = {"p256dh": self.p256dh, "auth": b64url(self.auth)}
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": keys}


@dataclass
class Received:
    """A message the service accepted: to which endpoint, its headers, the VAPID claims and
    the decrypted message (JSON)."""

    endpoint: str
    headers: dict
    claims: dict
    message: dict


@dataclass
class Answer:
    status: int
    retry_after: str | None = None
    endpoint: str | None = None  # only for this endpoint; None: any


@dataclass
class PushService:
    vapid_public_key: str  # base64url, the key the site signs with
    subject: str
    received: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (endpoint, status, reason)
    answers: list = field(default_factory=list)
    subscriptions: dict = field(default_factory=dict)

    def start(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def subscription(self):
        """A new browser subscription on this service."""
        endpoint = f"{self.origin}/push/{b64url(os.urandom(12))}"
        browser = BrowserSubscription(
            endpoint=endpoint,
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth=os.urandom(16),
        )
        self.subscriptions[endpoint] = browser
        return browser

    def answer(self, status, *, retry_after=None, endpoint=None, times=1):
        """Answer the next `times` messages (to `endpoint`, or any) with `status`."""
        self.answers += [Answer(status, retry_after, endpoint) for _ in range(times)]

    def messages_for(self, browser):
        return [
            received.message for received in self.received if received.endpoint == browser.endpoint
        ]

    # Run in the server's threads.

    def handle(self, path, headers, body):
        endpoint = f"{self.origin}{path}"
        browser = self.subscriptions.get(endpoint)
        if browser is None:
            return 404, None
        answer = next((a for a in self.answers if a.endpoint in (None, endpoint)), None)
        if answer is not None:
            self.answers.remove(answer)
            return answer.status, answer.retry_after
        try:
            claims = self._claims(headers)
            if headers.get("Content-Encoding") != "aes128gcm" or not headers.get("TTL"):
                raise ValueError("not aes128gcm with a TTL")
            plain = http_ece.decrypt(
                body, private_key=browser.private_key, auth_secret=browser.auth, version="aes128gcm"
            )
        except Exception as error:  # anything wrong is the push service's 400/403
            self.refused.append((endpoint, 403, repr(error)))
            return 403, None
        self.received.append(
            Received(
                endpoint,
                {k.lower(): v for k, v in headers.items()},
                claims,
                json.loads(plain.decode("utf-8")),
            )
        )
        return 201, None

    def _claims(self, headers):
        scheme, _, params = headers.get("Authorization", "").partition(" ")
        values = dict(part.strip().split("=", 1) for part in params.split(","))
        if scheme != "vapid" or values.get("k") != self.vapid_public_key:
            raise ValueError("not signed with the site's VAPID key")
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(values["k"]))
        claims = jwt.decode(
            values["t"],
            key,
            algorithms=["ES256"],
            audience=self.origin,
            options={"require": ["aud", "exp", "sub"]},
        )
        if claims["sub"] != self.subject or claims["exp"] <= time.time():
            raise ValueError(f"bad claims {claims}")
        return claims


def _handler(service):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, retry_after = service.handle(self.path, self.headers, body)
            self.send_response(status)
            if retry_after:
                self.send_header("Retry-After", retry_after)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):
            pass

    return Handler
