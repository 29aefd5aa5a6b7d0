"""Production settings refuse to start half-configured, with an error that names what is missing
(tests/config/test_production.py checks them once configured).

These run in subprocesses with a clean environment, so nothing from the test settings leaks in.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

LOAD_SETTINGS = "from django.conf import settings; settings.DEBUG"


def run_with_production_settings(*args, **env):
    """Our interpreter with `args`, the production settings and only `env` in the environment."""
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
    result = run_with_production_settings("-c", LOAD_SETTINGS, **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("hosts", ["", " ", ","])
def test_production_refuses_an_empty_list_of_hosts(hosts):
    result = run_with_production_settings(
        "-c",
        LOAD_SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=hosts,
    )

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set in the environment for production." in result.stderr


def test_production_start_up_error_names_the_missing_variable_and_nothing_else():
    result = run_with_production_settings("manage.py", "check", ALLOWED_HOSTS="yoriai.example")

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == (
        "django.core.exceptions.ImproperlyConfigured: "
        "SECRET_KEY must be set in the environment for production."
    )
