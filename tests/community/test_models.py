import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from community.models import User
from tests.factories import UserFactory


def test_the_project_user_model_is_the_community_user():
    assert get_user_model() is User


def test_an_email_address_belongs_to_one_member(db):
    UserFactory(email="hanako@example.jp")

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="hanako@example.jp")


def test_a_second_member_with_the_same_address_fails_validation(db):
    UserFactory(email="hanako@example.jp")
    duplicate = User(username="hanako2", email="hanako@example.jp")
    duplicate.set_unusable_password()

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert "email" in error.value.message_dict


def test_a_member_signs_in_with_the_password_they_chose(db, client):
    member = UserFactory(email="taro@example.jp", password="yoriai-secret-2026")

    assert client.login(username=member.username, password="yoriai-secret-2026")
