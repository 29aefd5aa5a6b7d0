"""EasyJapaneseCheckPanel: the やさしい日本語 checker in a page's editor. It lists the warnings
on the named fields as they are when the editor opens (or as last sent, after a failed save),
and its button 「やさしい日本語をチェック」 sends what the fields hold now to the check
endpoint (readable.admin_views.easy_japanese_check_view, through static/js/easy-japanese-check.js)
and shows the new warnings, each under the sentence it points at.

Usage, in a page model's panels (a tab of its own, or beside the fields):

    EasyJapaneseCheckPanel(["easy_title", "easy_body"], grade=3)

or over only the やさしい children of a StreamField's blocks, beside the StreamField:

    EasyJapaneseCheckPanel(["questions"], child_prefix="easy_")
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .checker import DEFAULT_GRADE, easy_japanese_check
from .field_text import field_text
from .models import PlainWordEntry


class EasyJapaneseCheckPanel(Panel):
    """The checker's warnings on `fields` (names of the form's fields: text inputs, textareas,
    rich text and StreamFields), with kanji taught after `grade` (0–6) flagged. With
    `child_prefix`, only the blocks' children whose names start with it are read (a survey's
    questions: `easy_` for their やさしい texts, not the originals beside them)."""

    def __init__(self, fields, *, grade=DEFAULT_GRADE, child_prefix="", **kwargs):
        kwargs.setdefault("heading", _("Easy Japanese check"))
        super().__init__(**kwargs)
        self.fields = list(fields)
        self.grade = grade
        self.child_prefix = child_prefix

    def clone_kwargs(self):
        return {
            **super().clone_kwargs(),
            "fields": self.fields,
            "grade": self.grade,
            "child_prefix": self.child_prefix,
        }

    class BoundPanel(Panel.BoundPanel):
        template_name = "readable/admin/easy_japanese_check_panel.html"

        class Media:
            js = ["js/easy-japanese-check.js"]
            css = {"all": ["css/easy-japanese-check.css"]}

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            values = {name: self._value(name) for name in self.panel.fields}
            results = field_reports(
                values, grade=self.panel.grade, key_prefix=self.panel.child_prefix
            )
            for result in results:
                result["label"] = self._label(result["name"])
            context.update(
                check_url=reverse("readable_easy_japanese_check"),
                grade=self.panel.grade,
                child_prefix=self.panel.child_prefix,
                field_names=" ".join(self.panel.fields),
                results=results,
            )
            return context

        def _value(self, name):
            if name in self.form.fields:
                return self.form[name].value()
            return getattr(self.instance, name, "")

        def _label(self, name):
            field = self.form.fields.get(name)
            return field.label if field is not None else name


def field_reports(values, *, grade, key_prefix=""):
    """[{name, warnings, sentences}] for `values` ({field name: value}, read by field_text
    with `key_prefix`): the warnings of each field as dicts, and the same grouped by sentence
    for showing (sentence_reports)."""
    words = list(PlainWordEntry.objects.all())
    reports = []
    for name, value in values.items():
        text = field_text(value, key_prefix=key_prefix)
        warnings = easy_japanese_check(text, grade=grade, words=words)
        reports.append(
            {
                "name": name,
                "warnings": [warning.as_dict() for warning in warnings],
                "sentences": sentence_reports(warnings),
            }
        )
    return reports


def sentence_reports(warnings):
    """The warnings grouped by sentence, in order: [{index, parts, messages}], where `parts`
    is the sentence as (text, marked) pieces — marked where a warning points at a word or
    phrase (a warning on the whole sentence marks nothing)."""
    grouped = {}
    for warning in warnings:
        grouped.setdefault(warning.sentence_index, []).append(warning)
    return [
        {
            "index": index,
            "parts": _marked_parts(group[0].sentence, group),
            "messages": [warning.message for warning in group],
        }
        for index, group in grouped.items()
    ]


def _marked_parts(sentence, warnings):
    marked = [False] * len(sentence)
    for warning in warnings:
        start, end = warning.start - warning.sentence_start, warning.end - warning.sentence_start
        if (start, end) != (0, len(sentence)):
            marked[start:end] = [True] * (end - start)
    parts = []
    for char, is_marked in zip(sentence, marked, strict=True):
        if parts and parts[-1][1] == is_marked:
            parts[-1] = (parts[-1][0] + char, is_marked)
        else:
            parts.append((char, is_marked))
    return parts
