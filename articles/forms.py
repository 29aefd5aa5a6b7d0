from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from core.forms import PlainTextField

HONEYPOT_FIELD = "website"
# WCAG 1.3.5 (Identify Input Purpose): browsers and assistive tools fill in and label a
# visitor's own details; fields are recognised by their clean name (as articles/demo/site.py sets).
AUTOCOMPLETE_BY_NAME = {"name": "name", "organisation": "organization", "phone": "tel"}


class ContactForm(BaseForm):
    """The contact form with a honeypot: a field people never see, which bots fill in."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        self.is_spam = bool(cleaned_data.pop(HONEYPOT_FIELD, ""))
        return cleaned_data


class ContactFormBuilder(FormBuilder):
    """Wagtail's form fields, with what visitors type cleaned as all typed text is
    (core.forms.PlainTextField)."""

    def create_singleline_field(self, field, options):
        form_field = PlainTextField(**{**options, "max_length": 255})
        if purpose := AUTOCOMPLETE_BY_NAME.get(field.clean_name):
            form_field.widget.attrs["autocomplete"] = purpose
        return form_field

    def create_email_field(self, field, options):
        form_field = super().create_email_field(field, options)
        form_field.widget.attrs["autocomplete"] = "email"
        return form_field

    def create_multiline_field(self, field, options):
        """A long text field with a limit the server explains, rather than a `maxlength` that
        would silently cut what a visitor pastes."""
        form_field = PlainTextField(**{"widget": forms.Textarea, **options, "max_length": 4000})
        form_field.widget.attrs.pop("maxlength", None)
        return form_field

    def get_form_class(self):
        return type("ContactPageForm", (ContactForm,), self.formfields)
