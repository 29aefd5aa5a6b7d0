"""The blocks of an event page: the questions asked at registration (the survey's question
types, without sections: registration is one step) and a 相談会's time slots."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from surveys import blocks as survey_blocks


class RegistrationQuestionsBlock(blocks.StreamBlock):
    """Optional questions asked when people register (e.g. 手話通訳が必要, 駐車場を利用)."""

    single_choice = survey_blocks.SingleChoiceBlock()
    multiple_choice = survey_blocks.MultipleChoiceBlock()
    dropdown = survey_blocks.DropdownBlock()
    short_text = survey_blocks.ShortTextBlock()
    long_text = survey_blocks.LongTextBlock()
    number = survey_blocks.NumberBlock()
    stakeholder_type = survey_blocks.StakeholderTypeBlock()
    prefecture = survey_blocks.PrefectureBlock()


class SlotBlock(blocks.StructBlock):
    """One time slot of a 相談会 (an application desk): its own start, end and capacity."""

    starts_at = blocks.DateTimeBlock(label=_("Starts at"))
    ends_at = blocks.DateTimeBlock(label=_("Ends at"))
    capacity = blocks.IntegerBlock(label=_("Capacity"), min_value=1)

    class Meta:
        label = _("Time slot")
        icon = "time"


class SlotsBlock(blocks.StreamBlock):
    slot = SlotBlock()
