"""{% id_url %} (core.templatetags.id_urls): the URL reverse() gives, in every language."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.converters import MAX_ID


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("pk", [1, 42, MAX_ID])
def test_id_url_is_what_reverse_gives(language, pk):
    template = Template('{% load id_urls %}{% id_url "community:comment_like" pk %}')

    with translation.override(language):
        written = template.render(Context({"pk": pk}))
        assert written == reverse("community:comment_like", args=[pk])


@pytest.mark.parametrize("language", ["ja", "en"])
def test_id_url_without_an_id(language):
    template = Template('{% load id_urls %}{% id_url "account_login" %}')

    with translation.override(language):
        assert template.render(Context()) == reverse("account_login")
