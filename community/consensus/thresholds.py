"""The groups of opinions in a consensus report (多くの人が賛成, 判断が分かれる, 意見が分かれる, …),
the adjustable thresholds that sort opinions into them, and classify(), which does. Classification
looks only at the groups that are shown, never at 「未設定」."""

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy

from .dimensions import NOT_GIVEN

# Groups of opinions, in the order the report shows them (and the order of precedence).
CONSENSUS = "consensus"
UNCERTAIN = "uncertain"
DIVIDED = "divided"
OTHER = "other"
TOO_FEW = "too_few"
CATEGORIES = {
    CONSENSUS: gettext_lazy("Broad agreement"),
    UNCERTAIN: gettext_lazy("Many undecided"),
    DIVIDED: gettext_lazy("Opinions divided"),
    OTHER: gettext_lazy("Other opinions"),
    TOO_FEW: gettext_lazy("Too few votes to classify yet"),
}


@dataclass(frozen=True)
class Threshold:
    """One adjustable threshold: its GET name, default and the range it is clamped to."""

    name: str
    default: int
    low: int
    high: int
    label: object


THRESHOLDS = (
    Threshold("agree", 60, 50, 100, gettext_lazy("Agreement at least (%)")),
    Threshold("spread", 30, 5, 100, gettext_lazy("Difference between types at least (points)")),
    Threshold("split", 30, 10, 50, gettext_lazy("Agree and disagree each at least (%)")),
    Threshold("pass", 40, 10, 100, gettext_lazy("Pass at least (%)")),
    Threshold("votes", 10, 1, 10_000, gettext_lazy("Votes before classifying")),
)


@dataclass(frozen=True)
class Thresholds:
    """What sorts opinions into groups (percentages are of an opinion's votes, passes
    included; spread is in percentage points)."""

    agree: int = 60
    spread: int = 30
    split: int = 30
    pass_: int = 40
    votes: int = 10

    @classmethod
    def from_params(cls, params):
        """The thresholds the query string asks for: whole numbers, clamped to each one's
        range; anything missing or unreadable is the default."""
        values = {}
        for threshold in THRESHOLDS:
            try:
                value = int(params.get(threshold.name, ""))
            except (TypeError, ValueError):
                value = threshold.default
            values[threshold.name] = min(threshold.high, max(threshold.low, value))
        values["pass_"] = values.pop("pass")
        return cls(**values)

    def value(self, name):
        return getattr(self, "pass_" if name == "pass" else name)

    def params(self):
        """[(name, value)] differing from the defaults, for links that keep them."""
        return [(t.name, self.value(t.name)) for t in THRESHOLDS if self.value(t.name) != t.default]

    def fields(self):
        """[(Threshold, value)] for the form on the page."""
        return [(threshold, self.value(threshold.name)) for threshold in THRESHOLDS]


def classify(overall, types, thresholds):
    """The category of an opinion with `overall` votes and the `types` rows of its breakdown
    by stakeholder type (hidden rows and 「未設定」 are not looked at: those who gave no type
    are no stakeholder group). One category each, the first that
    fits: 多くの人が賛成, then 判断が分かれる, then 意見が分かれる (see decision 0010).
    Returns (category, spread in points or None)."""
    shown = [
        row.tally for row in types if not row.hidden and row.key != NOT_GIVEN and row.tally.total
    ]
    shares = [tally.share("agree") for tally in shown]
    spread = 100 * (max(shares) - min(shares)) if len(shares) >= 2 else None
    if overall.total < thresholds.votes:
        return TOO_FEW, _points(spread)
    agree = Fraction(thresholds.agree, 100)
    if overall.share("agree") >= agree and all(share >= agree for share in shares):
        return CONSENSUS, _points(spread)
    if 100 * overall.share("pass") >= thresholds.pass_:
        return UNCERTAIN, _points(spread)
    both = Fraction(thresholds.split, 100)
    both_sides = overall.share("agree") >= both and overall.share("disagree") >= both
    if both_sides or (spread is not None and spread >= thresholds.spread):
        return DIVIDED, _points(spread)
    return OTHER, _points(spread)


def _points(spread):
    return None if spread is None else round(float(spread), 1)
