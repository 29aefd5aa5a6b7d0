"""What the comment services' tests share: a refusal asserted by its message, and the clock held
at a moment."""

from unittest import mock

import pytest

from community.services.posting import CommentError


def _refused(call, message):
    with pytest.raises(CommentError) as caught:
        call()
    assert caught.value.messages == [message]


def _at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)
