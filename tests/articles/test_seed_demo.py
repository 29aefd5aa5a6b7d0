"""`manage.py seed_demo`: an idempotent demo site whose accounts log in straight away."""

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from articles.demo.accounts import ACCOUNTS
from articles.models import ArticlePage
from community.demo import MEMBER_PASSWORD, MEMBERS
from community.models import (
    User,
)


@pytest.mark.django_db
def test_production_settings_forbid_the_demo(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "yoriai.example.jp")

    production = importlib.import_module("config.settings.production")

    assert production.DEMO_ALLOWED is False


@pytest.mark.django_db
def test_seed_demo_refuses_under_production_settings(settings):
    settings.DEMO_ALLOWED = False

    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("seed_demo", stdout=StringIO())

    assert str(error.value) == (
        "seed_demo refuses to run with production settings: it creates accounts with publicly "
        "known passwords."
    )
    assert not User.objects.exists()
    assert not ArticlePage.objects.exists()


def test_the_readme_lists_every_demo_account_with_its_password():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    accounts = [(a.email, a.password) for a in ACCOUNTS]
    accounts += [(member.email, MEMBER_PASSWORD) for member in MEMBERS]

    missing = [email for email, password in accounts if f"| {email} | {password} |" not in readme]
    assert missing == []
