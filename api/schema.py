"""The base of every schema the API answers with."""

from django.utils.functional import Promise
from ninja import Schema
from pydantic import field_validator


class OutSchema(Schema):
    """A ninja Schema that takes Django's lazy translations (a choice's label, a field's
    verbose name) as their text in the active language: pydantic refuses them as strings, and
    one missed str() made a whole list answer 500."""

    @field_validator("*", mode="before")
    @classmethod
    def lazy_text(cls, value):
        return str(value) if isinstance(value, Promise) else value
