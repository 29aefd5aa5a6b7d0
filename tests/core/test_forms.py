"""PlainTextField: what people type is cleaned as core.sanitising says, before it is checked."""

from django import forms

from core.forms import PlainTextField

# U+202E turns the rest of a line around: 「評価\u202e5/1」 reads as 「評価1/5」.
SPOOFED = "\u202a田\u202b中\u202c\u202d太\u202e郎\u2066\u2067\u2068\u2069"


class NoteForm(forms.Form):
    note = PlainTextField(max_length=5)


def test_bidirectional_overrides_and_isolates_are_removed_before_the_length_is_checked():
    form = NoteForm({"note": SPOOFED})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "田中太郎"


def test_line_breaks_are_unified_and_null_is_removed_not_refused():
    form = NoteForm({"note": " あ\r\nい\x00 "})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "あ\nい"


def test_an_empty_required_field_is_still_required():
    assert NoteForm({"note": "\u202e"}).errors == {"note": ["この項目は必須です"]}
