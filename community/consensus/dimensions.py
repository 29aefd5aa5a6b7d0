"""What a consensus report breaks votes down by (stakeholder type, prefecture, region, and the
channel the opinion came through), the key
of each group, and a group's row: its votes for, against and pass (Tally, GroupRow)."""

from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from django.utils.translation import gettext_lazy, pgettext_lazy

from core.channels import Channel
from core.figures import percent_of

# The dimensions a report breaks votes down by: GET `by`, the OpinionVote field, the label.
STAKEHOLDER_TYPE = "stakeholder_type"
PREFECTURE = "prefecture"
REGION = "region"
CHANNEL = "channel"
DIMENSIONS = {
    STAKEHOLDER_TYPE: gettext_lazy("Stakeholder type"),
    PREFECTURE: gettext_lazy("Prefecture"),
    REGION: gettext_lazy("Municipality or region"),
    CHANNEL: pgettext_lazy("channel", "Channel"),
}
# A region is counted with its prefecture: those who gave a prefecture but no region are a
# group of that prefecture (「東京都 未設定」), so every region row nests in one prefecture.
VOTE_FIELDS = {
    STAKEHOLDER_TYPE: ("stakeholder_type",),
    PREFECTURE: ("prefecture",),
    REGION: ("prefecture", "region_id"),
    # Members vote on the web: a vote's channel is that of the opinion it is cast on (the
    # letters and sheets staff keyed in, against the members' own opinions).
    CHANNEL: ("opinion__channel",),
}
AUTHOR_FIELDS = {
    STAKEHOLDER_TYPE: ("author__stakeholder_type",),
    PREFECTURE: ("author__prefecture",),
    REGION: ("author__prefecture", "author__region_id"),
    CHANNEL: ("channel",),
}
# What an opinion group's composition reads: its members' profiles now (as authors'), by
# stakeholder type and by region (with its prefecture).
MEMBER_FIELDS = {
    STAKEHOLDER_TYPE: ("member__stakeholder_type",),
    REGION: ("member__prefecture", "member__region_id"),
}
NOT_GIVEN = "__none__"


def group_key(values):
    """The group key of a row's dimension values: the value itself, a region's id, or for a
    prefecture without a region 「<prefecture code>:__none__」; NOT_GIVEN when none given."""
    *prefecture, value = (None if value in ("", None) else value for value in values)
    if value is not None:
        return value
    if prefecture and prefecture[0] is not None:
        return f"{prefecture[0]}:{NOT_GIVEN}"
    return NOT_GIVEN


def dimension_from(value):
    """The dimension GET `by` names; stakeholder type for anything else."""
    return value if value in DIMENSIONS else STAKEHOLDER_TYPE


def channel_filter_from(value):
    """The Channel GET `channel` names, or "" (every channel) for anything else."""
    return value if value in Channel.values else ""


class Tally(NamedTuple):
    """Votes for, against and pass; percentages are of all three, one decimal. (A named tuple:
    a report makes one per opinion and group, and a frozen dataclass costs three times as much
    to make.)"""

    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def total(self):
        return self.agree + self.disagree + self.passed

    @property
    def agree_percent(self):
        return percent_of(self.agree, self.total)

    @property
    def disagree_percent(self):
        return percent_of(self.disagree, self.total)

    @property
    def pass_percent(self):
        return percent_of(self.passed, self.total)

    def share(self, choice):
        """The exact share (a Fraction) of `choice`, 0 without votes."""
        count = {"agree": self.agree, "disagree": self.disagree, "pass": self.passed}[choice]
        return Fraction(count, self.total) if self.total else Fraction(0)


@dataclass
class GroupRow:
    """One group of a breakdown: its key and label, how many people it counts (`size`), and
    its `tally` (votes on an opinion) — None, with `size` None too, when `hidden`."""

    key: str
    label: str
    size: int | None
    tally: Tally | None = None
    hidden: bool = False
    named: bool = True  # False: withheld with too few others to be named (label says so)
