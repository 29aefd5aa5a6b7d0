"""Production settings: refuse to start half-configured; pass `check --deploy` when configured.

These run in subprocesses with a clean environment, so nothing from the test settings leaks in.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings


def _run(*args, **env):
    clean_env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # Set, even when empty, so that a developer's .env cannot fill them in.
        "SECRET_KEY": "",
        "ALLOWED_HOSTS": "",
        **env,
    }
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "yoriai.example"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": secrets.token_urlsafe(50)}, "ALLOWED_HOSTS must be set"),
    ],
)
def test_production_refuses_to_start_without_secret_key_or_hosts(env, message):
    result = _run("-c", "from django.conf import settings; settings.DEBUG", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_passes_the_deployment_checklist():
    result = _run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="yoriai.example",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
