"""Path converters for our URL patterns: `<id:pk>` takes a database id, so an address whose
number no id column can hold answers 404 (Django's `<int:…>` lets it through to the database,
where SQLite fails on it with a 500)."""

from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest value of a 64-bit id column


class IdConverter:
    """`<id:…>`: a positive whole number no larger than MAX_ID, as an int."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError(value)  # Django tries the next pattern, then answers 404
        return number

    def to_url(self, value):
        return str(value)


def converters_register():
    register_converter(IdConverter, "id")
