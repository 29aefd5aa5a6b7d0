"""`manage.py webpush_keys`: a VAPID key pair for .env, printed or written into the file."""

import re
from io import StringIO

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import call_command
from py_vapid import Vapid

from outreach.management.commands.webpush_keys import PRIVATE, PUBLIC
from tests.outreach.push_service import b64url


def _keys(text):
    return dict(re.findall(r"^(WEBPUSH_VAPID_\w+_KEY)=(\S+)$", text, re.MULTILINE))


def _public_of(private):
    key = Vapid.from_string(private_key=private).public_key
    return b64url(key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def test_it_prints_a_key_pair_that_signs_for_its_public_key():
    out = StringIO()

    call_command("webpush_keys", stdout=out)

    keys = _keys(out.getvalue())
    assert _public_of(keys[PRIVATE]) == keys[PUBLIC]
    assert len(keys[PUBLIC]) == 87  # 65 bytes, base64url without padding


def test_it_fills_in_the_empty_lines_of_an_env_file(tmp_path):
    env = tmp_path / ".env"
    env.write_text("DEBUG=true\nWEBPUSH_VAPID_PUBLIC_KEY=\nWEBPUSH_VAPID_PRIVATE_KEY=\nX=1\n")

    call_command("webpush_keys", "--env-file", str(env), stdout=StringIO())

    text = env.read_text()
    keys = _keys(text)
    assert _public_of(keys[PRIVATE]) == keys[PUBLIC]
    assert text.startswith("DEBUG=true\n") and text.endswith("X=1\n")
    assert text.count("WEBPUSH_VAPID_") == 2


def test_it_adds_them_to_an_env_file_without_them_or_makes_the_file(tmp_path):
    with_other = tmp_path / "with-other.env"
    with_other.write_text("DEBUG=true")
    missing = tmp_path / "missing.env"

    for env in (with_other, missing):
        call_command("webpush_keys", "--env-file", str(env), stdout=StringIO())

    assert with_other.read_text().startswith("DEBUG=true\nWEBPUSH_VAPID_PUBLIC_KEY=")
    assert (
        set(_keys(with_other.read_text()))
        == set(_keys(missing.read_text()))
        == {
            PUBLIC,
            PRIVATE,
        }
    )


def test_it_keeps_a_key_pair_an_env_file_sets(tmp_path):
    env = tmp_path / ".env"
    env.write_text("WEBPUSH_VAPID_PUBLIC_KEY=pub\nWEBPUSH_VAPID_PRIVATE_KEY=priv\n")
    out = StringIO()

    call_command("webpush_keys", "--env-file", str(env), stdout=out)

    assert env.read_text() == "WEBPUSH_VAPID_PUBLIC_KEY=pub\nWEBPUSH_VAPID_PRIVATE_KEY=priv\n"
    assert "already" in out.getvalue()
