"""`manage.py webpush_keys`: make a VAPID key pair for browser notifications and print it as
the two lines of .env that set it (WEBPUSH_VAPID_PUBLIC_KEY, WEBPUSH_VAPID_PRIVATE_KEY).

`--env-file .env` writes them into that file instead, unless it sets a key pair already (an
empty `NAME=` line, as .env.example has, is filled in): `make run` gives the demo its keys so,
once, and keeps them, so that browsers subscribed to the demo stay subscribed."""

import base64
import re
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management.base import BaseCommand

PUBLIC = "WEBPUSH_VAPID_PUBLIC_KEY"
PRIVATE = "WEBPUSH_VAPID_PRIVATE_KEY"


def _base64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def vapid_key_pair():
    """A new P-256 key pair as VAPID uses it, base64url without padding: the public key (the
    65-byte uncompressed point browsers subscribe with) and the private key (32 bytes)."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return _base64url(public), _base64url(private.private_numbers().private_value.to_bytes(32))


def env_file_with_keys(text, *, public, private):
    """`text` (a .env file) with the key pair set, or None when it sets one already."""
    values = dict(re.findall(rf"^\s*({PUBLIC}|{PRIVATE})\s*=(.*)$", text, re.MULTILINE))
    if any(value.strip().strip("'\"") for value in values.values()):
        return None
    for name, value in ((PUBLIC, public), (PRIVATE, private)):
        line = f"{name}={value}"
        if name in values:
            text = re.sub(rf"^\s*{name}\s*=.*$", line, text, count=1, flags=re.MULTILINE)
        else:
            text = f"{text.rstrip(chr(10))}\n{line}\n" if text.strip() else f"{line}\n"
    return text


class Command(BaseCommand):
    help = "Make a VAPID key pair for browser notifications (lines for .env)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--env-file",
            type=Path,
            help="write the keys into this file unless it sets them already",
        )

    def handle(self, *args, env_file=None, **options):
        public, private = vapid_key_pair()
        if env_file is None:
            self.stdout.write(f"{PUBLIC}={public}\n{PRIVATE}={private}")
            return
        text = env_file.read_text(encoding="utf-8") if env_file.exists() else ""
        written = env_file_with_keys(text, public=public, private=private)
        if written is None:
            self.stdout.write(f"{env_file} sets a VAPID key pair already")
            return
        env_file.write_text(written, encoding="utf-8")
        self.stdout.write(f"VAPID key pair written to {env_file}")
