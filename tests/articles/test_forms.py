"""The contact form's fields tell browsers what they ask for (WCAG 1.3.5), so a visitor's
name and e-mail address can be filled in for them."""

import pytest
from bs4 import BeautifulSoup

from articles.models import ContactFormField
from tests.factories import ContactPageFactory, HomePageFactory

pytestmark = pytest.mark.django_db


def test_the_contact_form_marks_the_name_and_email_fields_for_autofill(client):
    page = ContactPageFactory(parent=HomePageFactory(), fields=[("ご質問", "multiline", True)])
    for order, (label, clean_name, field_type) in enumerate(
        [("お名前", "name", "singleline"), ("メールアドレス", "email", "email")], start=1
    ):
        ContactFormField.objects.create(
            page=page, sort_order=order, label=label, clean_name=clean_name, field_type=field_type
        )

    html = BeautifulSoup(client.get(page.url).content, "html.parser")

    assert html.select_one("input[name=name]")["autocomplete"] == "name"
    assert html.select_one("input[name=email]")["autocomplete"] == "email"
    assert not html.select_one("textarea").has_attr("autocomplete")
