"""A survey's stream (surveys.blocks) as `Step`s of `Question`s, the stable ids of its list
items, and which QuestionKind asks each block type (KINDS).

A Question or Step read `easy` shows its やさしい日本語 texts where they are filled, field by
field (a respondent who chose やさしい日本語); its ids, and so the answers, stay the same.
Conditions, answers' label snapshots and results always read the originals."""

import uuid
from dataclasses import dataclass, field, replace

from .choices import (
    ChoiceKind,
    CodeListKind,
    DropdownKind,
    MultipleChoiceKind,
    StakeholderTypeKind,
)
from .inputs import DateKind, LongTextKind, NumberKind, TextKind
from .scales import MatrixKind, NPSKind, RankingKind, ScaleKind


@dataclass(frozen=True)
class Question:
    """One question of a survey: its stream child's stable id, block type and value."""

    id: str
    type: str
    value: object  # the block's StructValue
    easy: bool = False  # show the やさしい日本語 texts where they are filled

    @property
    def text(self):
        return _shown(self.value, "text", easy=self.easy)

    @property
    def help_text(self):
        return _shown(self.value, "help_text", easy=self.easy)

    @property
    def original(self):
        """This question with its original texts (what conditions and answers read)."""
        return replace(self, easy=False) if self.easy else self

    @property
    def required(self):
        return bool(self.value.get("required"))

    @property
    def code(self):
        return (self.value.get("code") or "").strip()

    @property
    def condition(self):
        return self.value.get("condition")

    @property
    def kind(self):
        return KINDS[self.type]

    def field_name(self, suffix=""):
        return f"q-{self.id}-{suffix}" if suffix else f"q-{self.id}"

    def items(self, key="choices"):
        """[(stable id, label)] of a ListBlock of this question (choices, rows, scale)."""
        return [
            (item_id(child, key, index), _shown(child.value, "label", easy=self.easy))
            for index, child in enumerate(self.value[key].bound_blocks)
        ]


def _shown(value, name, *, easy):
    """The text `name` of a block's value, or its やさしい日本語 (`easy_<name>`) when `easy` and
    that is filled."""
    easy_text = (value.get(f"easy_{name}") or "").strip() if easy else ""
    return easy_text or value.get(name) or ""


LIST_KEYS = ("choices", "rows", "scale")


def item_id(child, key, index):
    """A list item's stable id. Items not yet stored with one (a survey being previewed, lists
    written as plain strings by code) are named by their position until SurveyPage.save()
    gives them ids of their own (item_ids_fix)."""
    return child.id or f"{key}-{index}"


def item_ids_fix(questions_stream):
    """Before the stream is stored, give every list item without an id, or with an id an
    earlier item of its list already has, a new random one: answers point at these ids, so an
    id must never move to another item when items are inserted or reordered."""
    for child in questions_stream:
        for key in LIST_KEYS:
            items = child.value.get(key) if hasattr(child.value, "get") else None
            seen = set()
            for item in getattr(items, "bound_blocks", []):
                if not item.id or item.id in seen:
                    item.id = str(uuid.uuid4())
                seen.add(item.id)


@dataclass
class Step:
    """A section of the survey (the questions before the first section are step 0)."""

    index: int
    heading: str = ""
    description: str = ""
    condition: object = None
    questions: list = field(default_factory=list)


def survey_steps(questions_stream, *, easy=False):
    """The survey's stream as a list of steps; sections without questions are dropped. `easy`:
    their texts in やさしい日本語 where written."""
    steps = [Step(index=0)]
    for child in questions_stream:
        if child.block_type == "section":
            value = child.value
            steps.append(
                Step(
                    index=len(steps),
                    heading=_shown(value, "heading", easy=easy),
                    description=_shown(value, "description", easy=easy),
                    condition=value.get("condition"),
                )
            )
        elif child.block_type in KINDS:
            question = Question(child.id, child.block_type, child.value, easy=easy)
            steps[-1].questions.append(question)
    steps = [step for step in steps if step.questions]
    for number, step in enumerate(steps):
        step.index = number
    return steps


KINDS = {
    "single_choice": ChoiceKind(),
    "multiple_choice": MultipleChoiceKind(),
    "dropdown": DropdownKind(),
    "rating": ScaleKind(),
    "nps": NPSKind(),
    "matrix": MatrixKind(),
    "short_text": TextKind(),
    "long_text": LongTextKind(),
    "number": NumberKind(),
    "date": DateKind(),
    "prefecture": CodeListKind(),
    "stakeholder_type": StakeholderTypeKind(),
    "ranking": RankingKind(),
}
