"""Form fields shared by every app."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from .sanitising import plain_text_clean


class PlainTextField(forms.CharField):
    """Text a member or visitor types, cleaned by core.sanitising.plain_text_clean before it is
    checked: line breaks unified, NFC, no control characters, no bidirectional overrides or
    isolates (which make text read backwards on a profile or a staff screen). Every field of
    plain text that people type uses it, so what is stored and shown is the same everywhere.

    Unlike CharField it does not refuse NUL: plain_text_clean removes it with the other unsafe
    characters, and refusing would send back a confusing message about text the person did
    type.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]

    def to_python(self, value):
        if isinstance(value, str):
            value = plain_text_clean(value)
        return super().to_python(value)
