"""Questions answered on a scale or in order: rating (1–5 or 1–10), NPS (0–10), matrix (one
scale per statement) and ranking."""

from decimal import Decimal

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .base import REQUIRED_MESSAGE, QuestionKind, answer_row, choice_field

RANK_DISTINCT = _("Give each choice a different rank.")
RANK_ALL = _("Give every choice a rank, or none.")


class ScaleKind(QuestionKind):
    """Rating (1–5 or 1–10) and NPS (0–10): one radio scale, the end labels on its ends."""

    layout = "scale"

    def points(self, question):
        return range(1, int(question.value.get("scale") or 5) + 1)

    def fields(self, question, member=None):
        points = list(self.points(question))
        low, high = question.value.get("low_label"), question.value.get("high_label")
        ends = {points[0]: low, points[-1]: high}
        choices = []
        for point in points:
            label = str(point)
            if ends.get(point):
                # Read as 「1（不満）」; shown as 「1」 in its box, the end labels under the
                # scale's ends (templates/surveys/includes/questions.html).
                label = format_html(
                    '{}<span class="visually-hidden">（{}）</span>', point, ends[point]
                )
            choices.append((str(point), label))
        widget = forms.RadioSelect(attrs={"class": "survey-scale__input"})
        return {question.field_name(): choice_field(question, choices, widget)}

    def value(self, question, cleaned, errors):
        value = cleaned.get(question.field_name())
        return int(value) if value else None

    def rows(self, question, value):
        return [answer_row(question, value_number=Decimal(value))]

    def display(self, question, value):
        # 「4」 alone does not say out of what: 「4 / 5」, 「9 / 10」.
        return [f"{value} / {self.points(question)[-1]}"]


class NPSKind(ScaleKind):
    def points(self, question):
        return range(0, 11)


class MatrixKind(QuestionKind):
    """One radio group per row (statement) over the shared scale."""

    layout = "group"

    def fields(self, question, member=None):
        scale = question.items("scale")
        fields = {}
        for row_id, row_label in question.items("rows"):
            field = choice_field(question, scale, forms.RadioSelect)
            field.label = row_label
            field.help_text = ""
            fields[question.field_name(row_id)] = field
        return fields

    def value(self, question, cleaned, errors):
        value = {
            row_id: cleaned[question.field_name(row_id)]
            for row_id, _label in question.items("rows")
            if cleaned.get(question.field_name(row_id))
        }
        return value or None

    def rows(self, question, value):
        scale = question.items("scale")
        positions = {point: (index + 1, label) for index, (point, label) in enumerate(scale)}
        return [
            answer_row(
                question,
                row_id=row_id,
                row_label=row_label[:200],
                choice_id=value[row_id],
                choice_label=positions[value[row_id]][1][:200],
                value_number=Decimal(positions[value[row_id]][0]),
            )
            for row_id, row_label in question.items("rows")
            if value.get(row_id) in positions
        ]

    def display(self, question, value):
        scale = dict(question.items("scale"))
        return [
            _("%(label)s: %(value)s") % {"label": row_label, "value": scale[value[row_id]]}
            for row_id, row_label in question.items("rows")
            if value.get(row_id) in scale
        ]

    def condition_values(self, question, value):
        return []


class RankingKind(QuestionKind):
    """Each choice gets a rank (1 = first) from a select; ranks must differ."""

    layout = "group"

    def fields(self, question, member=None):
        choices = question.items()
        ranks = [(str(rank), str(rank)) for rank in range(1, len(choices) + 1)]
        fields = {}
        for choice_id, label in choices:
            field = choice_field(question, ranks, forms.Select, empty_label="—")
            field.label, field.help_text, field.required = label, "", False
            fields[question.field_name(choice_id)] = field
        return fields

    def client_checks(self, question):
        return {
            **super().client_checks(question),
            "rank-all": RANK_ALL,
            "rank-distinct": RANK_DISTINCT,
        }

    def value(self, question, cleaned, errors):
        ranks = {
            choice_id: int(cleaned[question.field_name(choice_id)])
            for choice_id, _label in question.items()
            if cleaned.get(question.field_name(choice_id))
        }
        first_field = question.field_name(question.items()[0][0])
        if not ranks:
            if question.required:
                errors(first_field, REQUIRED_MESSAGE)
            return None
        if len(ranks) != len(question.items()):
            errors(first_field, RANK_ALL)
            return None
        if len(set(ranks.values())) != len(ranks):
            errors(first_field, RANK_DISTINCT)
            return None
        return ranks

    def rows(self, question, value):
        return [
            answer_row(
                question, choice_id=choice_id, choice_label=label[:200], rank=value[choice_id]
            )
            for choice_id, label in question.items()
            if choice_id in value
        ]

    def display(self, question, value):
        labels = dict(question.items())
        ordered = sorted((rank, choice) for choice, rank in value.items() if choice in labels)
        return [f"{rank}. {labels[choice]}" for rank, choice in ordered]

    def condition_values(self, question, value):
        if not value:
            return []
        first = min(value, key=value.get)
        return [dict(question.items()).get(first, "")]
