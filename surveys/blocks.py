"""The questions of a survey, as StreamField blocks: one block type per question type, and
sections that become steps.

Identity: every block in the stream and every item of a ListBlock (a choice, a matrix row, a
scale point) carries a stable id that Wagtail keeps across edits, reordering and relabelling.
Answers point at those ids (surveys.models.Answer), so relabelling a choice keeps its answers,
and a question removed from the survey keeps its answers too (with their label snapshots).

Conditions: a question or section may be shown only when an earlier question (named by its
`code`) equals or includes a value (a choice's label, or the value typed).

やさしい日本語: a question, a section and each list item keep an optional やさしい text beside
the original in the same block (`easy_text`, `easy_help_text`, `easy_heading`,
`easy_description`, a choice's `easy_label`), so an answer given in either version points at
the same ids. Respondents who read やさしい日本語 see them (surveys.questions.stream.Question);
conditions, answers' label snapshots, results and exports use the originals.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

CODE_HELP = _("A short name such as Q1, unique in this survey, for conditions to refer to.")
EASY_HELP = _("Shown to readers who chose やさしい日本語. Empty: they see the original.")
# The editor lays out each original beside its やさしい field (static/css/easy-japanese-editor.css).
EASY_PAIRS = "easy-pairs"


class ConditionBlock(blocks.StructBlock):
    """Show this only if the earlier question `question` (its code) equals or includes `value`."""

    question = blocks.CharBlock(
        label=_("Only if the question with code"), required=False, max_length=30
    )
    operator = blocks.ChoiceBlock(
        label=_("is"),
        choices=[("equals", _("equal to")), ("includes", _("including"))],
        default="equals",
        required=False,
    )
    value = blocks.CharBlock(
        label=_("the answer"),
        required=False,
        max_length=200,
        help_text=_("A choice exactly as written, or the value typed."),
    )

    class Meta:
        label = _("Condition")
        collapsed = True
        form_classname = "survey-condition"


def _easy(label, max_length, block=blocks.CharBlock, help_text=""):
    return block(label=label, required=False, max_length=max_length, help_text=help_text)


class QuestionBlock(blocks.StructBlock):
    """What every question has: its text and help (each with its やさしい日本語), whether it is
    required, a code and a condition."""

    text = blocks.CharBlock(label=_("Question"), max_length=300)
    easy_text = _easy(_("Question in easy Japanese"), 300, help_text=EASY_HELP)
    help_text = blocks.CharBlock(label=_("Help text"), required=False, max_length=500)
    easy_help_text = _easy(_("Help text in easy Japanese"), 500)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)
    code = blocks.CharBlock(label=_("Code"), required=False, max_length=30, help_text=CODE_HELP)
    condition = ConditionBlock(required=False)

    class Meta:
        icon = "help"
        form_classname = EASY_PAIRS


class ChoiceValue(blocks.StructValue):
    """A choice, matrix row or scale point: reads as its original label."""

    def __str__(self):
        return self.get("label") or ""


def _as_item(value):
    # Items stored before they had a やさしい label, and lists written by code, are strings.
    return {"label": value} if isinstance(value, str) else value


class ChoiceItemBlock(blocks.StructBlock):
    """One item of a list of choices: its label and the label in やさしい日本語."""

    label = blocks.CharBlock(label=_("Choice"), max_length=200)
    easy_label = _easy(_("Choice in easy Japanese"), 200)

    class Meta:
        value_class = ChoiceValue
        form_classname = EASY_PAIRS
        label_format = "{label}"

    def to_python(self, value):
        return super().to_python(_as_item(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([_as_item(value) for value in values])

    def normalize(self, value):
        return super().normalize(_as_item(value))


def _choices(label=None, min_num=2):
    return blocks.ListBlock(ChoiceItemBlock(), label=label or _("Choices"), min_num=min_num)


class ChoiceQuestionBlock(QuestionBlock):
    """A question answered from a list of choices, optionally with 「その他」 and its text."""

    choices = _choices()
    allow_other = blocks.BooleanBlock(
        label=_("Add 「その他」 with a text box"), required=False, default=False
    )


class SingleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        label = _("Single choice")
        icon = "radio-full"


class MultipleChoiceBlock(ChoiceQuestionBlock):
    min_selected = blocks.IntegerBlock(label=_("At least"), required=False, min_value=1)
    max_selected = blocks.IntegerBlock(label=_("At most"), required=False, min_value=1)

    class Meta:
        label = _("Multiple choice")
        icon = "tick-inverse"


class DropdownBlock(ChoiceQuestionBlock):
    class Meta:
        label = _("Dropdown")
        icon = "list-ul"


class RatingBlock(QuestionBlock):
    scale = blocks.ChoiceBlock(
        label=_("Scale"), choices=[("5", _("1 to 5")), ("10", _("1 to 10"))], default="5"
    )
    low_label = blocks.CharBlock(label=_("Label of the lowest"), required=False, max_length=50)
    high_label = blocks.CharBlock(label=_("Label of the highest"), required=False, max_length=50)

    class Meta:
        label = _("Rating scale")
        icon = "pick"


class NPSBlock(QuestionBlock):
    low_label = blocks.CharBlock(
        label=_("Label of 0"), required=False, max_length=50, default="まったく勧めない"
    )
    high_label = blocks.CharBlock(
        label=_("Label of 10"), required=False, max_length=50, default="とても勧めたい"
    )

    class Meta:
        label = _("Net Promoter Score (0–10)")
        icon = "pick"


class MatrixBlock(QuestionBlock):
    rows = _choices(label=_("Rows (statements)"), min_num=1)
    scale = _choices(label=_("Scale (from the lowest)"), min_num=2)

    class Meta:
        label = _("Likert matrix")
        icon = "table"


class ShortTextBlock(QuestionBlock):
    class Meta:
        label = _("Short text")
        icon = "pilcrow"


class LongTextBlock(QuestionBlock):
    class Meta:
        label = _("Long text")
        icon = "doc-full"


class NumberBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(label=_("Minimum"), required=False)
    max_value = blocks.DecimalBlock(label=_("Maximum"), required=False)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=20)

    class Meta:
        label = _("Number")
        icon = "order"


class DateBlock(QuestionBlock):
    class Meta:
        label = _("Date")
        icon = "date"


class PrefectureBlock(QuestionBlock):
    class Meta:
        label = _("Prefecture")
        icon = "site"


class StakeholderTypeBlock(QuestionBlock):
    class Meta:
        label = _("Stakeholder type (filled in from the member's profile)")
        icon = "group"


class RankingBlock(QuestionBlock):
    choices = _choices()

    class Meta:
        label = _("Ranking")
        icon = "order-down"


class SectionBlock(blocks.StructBlock):
    """The start of a step: the questions after it, up to the next section, are one page."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    easy_heading = _easy(_("Heading in easy Japanese"), 200, help_text=EASY_HELP)
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=1000)
    easy_description = _easy(_("Description in easy Japanese"), 1000, blocks.TextBlock)
    condition = ConditionBlock(required=False)

    class Meta:
        label = _("Section (a new step)")
        icon = "doc-empty"
        form_classname = EASY_PAIRS


class SurveyQuestionsBlock(blocks.StreamBlock):
    """The questions of a survey, in order; a section starts a new step."""

    section = SectionBlock()
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    dropdown = DropdownBlock()
    rating = RatingBlock()
    nps = NPSBlock()
    matrix = MatrixBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    number = NumberBlock()
    date = DateBlock()
    prefecture = PrefectureBlock()
    stakeholder_type = StakeholderTypeBlock()
    ranking = RankingBlock()


CHOICE_TYPES = {"single_choice", "multiple_choice", "dropdown"}
