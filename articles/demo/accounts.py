"""The demo's staff accounts, one per role, with fixed public passwords: built only where the
settings allow a demo."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    group: str = ""
    is_superuser: bool = False


# Fixed, public passwords: these accounts exist only on demo machines (see demo_allowed).
ACCOUNTS = [
    DemoAccount("admin@yoriai.example", "yoriai-admin-demo", "管理者", is_superuser=True),
    DemoAccount("editor@yoriai.example", "yoriai-editor-demo", "編集者", group="Editors"),
    DemoAccount("moderator@yoriai.example", "yoriai-moderator-demo", "モデレーター", "Moderators"),
    DemoAccount("analyst@yoriai.example", "yoriai-analyst-demo", "アナリスト", group="Analysts"),
    DemoAccount("responder@yoriai.example", "yoriai-responder-demo", "回答担当", "Responders"),
    DemoAccount("events@yoriai.example", "yoriai-events-demo", "イベント担当", "Event staff"),
]


def demo_allowed():
    """False under production settings (DEMO_ALLOWED), where demo accounts with public
    passwords must not exist; any settings module importing production inherits that."""
    return settings.DEMO_ALLOWED


def demo_accounts_build():
    """One staff account per role, able to log in with its e-mail address straight away."""
    User = get_user_model()
    for account in ACCOUNTS:
        with transaction.atomic():
            user = User.objects.filter(email__iexact=account.email).first() or User(
                email=account.email, username=account.email.split("@")[0]
            )
            user.is_active = True
            user.is_staff = True
            user.is_superuser = account.is_superuser
            # Named by role wherever the site shows a nickname (messages, the account menu).
            user.display_name = user.display_name or f"運営スタッフ（{account.role}）"
            user.set_password(account.password)
            user.save()
            if account.group:
                user.groups.set([Group.objects.get(name=account.group)])
            EmailAddress.objects.filter(user=user).exclude(email__iexact=account.email).update(
                primary=False
            )
            EmailAddress.objects.update_or_create(
                user=user, email=account.email, defaults={"verified": True, "primary": True}
            )
    return ACCOUNTS
