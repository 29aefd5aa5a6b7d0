"""A survey's tallies arranged as surveys.selectors.results would have read them from its
answers with GROUP BY: the same dicts, the same figures, for the unfiltered results."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal
from functools import cached_property

from ..selectors.figures import MANY_ROWS_TYPES
from . import keys
from .store import tally_counts


def survey_tally(*, survey_id, pairs=()):
    """The Tally of survey `survey_id`, exact as of the statement that reads it, with the
    PAIR figures starting with one of `pairs` (keys.pair_prefix); None when answers were
    rewritten in place since the last recount (`manage.py survey_tallies_check --fix`
    recounts them): the raw answers must be grouped instead."""
    tally = Tally(tally_counts(survey_id=survey_id, pairs=tuple(pairs)))
    return None if tally.stale else tally


class Tally:
    """Figures of every real response of a survey, by family (surveys.tallies.keys), and
    those it was read with of the respondents who gave a choice to a grouping question
    (group, by_group)."""

    def __init__(self, counts):
        self.counts = Counter()  # {key: count} without the PAIR keys
        self.pairs = defaultdict(Counter)  # (grouping question, choice) → {key: count}
        self.families = defaultdict(dict)  # family → {parts: count}
        for name, count in counts.items():
            if not count:
                continue
            family, *parts = keys.key_parts(name)
            if family == keys.PAIR:
                question_id, choice_id, *paired = parts
                self.pairs[(question_id, choice_id)][keys.SEP.join(paired)] += count
                continue
            self.counts[name] += count
            self.families[family][tuple(parts)] = count

    def group(self, question_id, choice_ids):
        """The Tally of the respondents who gave one of `choice_ids` to the grouping question
        (a respondent gives one choice at most, so their pairs add up)."""
        total = Counter()
        for choice_id in choice_ids:
            total.update(self.pairs.get((question_id, choice_id), Counter()))
        return Tally(total)

    def by_group(self, question_id):
        """{choice id: Tally of those who gave it, None: Tally of those who did not answer}
        of a grouping question; the last is what is left of everyone's counts."""
        groups, rest = {}, Counter(self.counts)
        for (asked, choice_id), counts in self.pairs.items():
            if asked == question_id:
                groups[choice_id] = Tally(counts)
                rest.subtract(counts)
        groups[None] = Tally(rest)
        return groups

    def _count(self, family, *parts):
        return self.families[family].get(parts, 0)

    @property
    def stale(self):
        return self._count(keys.STALE) != 0

    @property
    def total(self):
        """Real responses."""
        return self._count(keys.RESPONSES)

    def answer_rows(self, question_id):
        """The Answer rows of a question (one a respondent, but for multiple choice, matrices
        and rankings)."""
        return self._count(keys.ROWS, question_id)

    def respondents_per_question(self, questions):
        """{(question id, ""): respondents, (matrix question id, row id): respondents,
        (question id, "rows"): Answer rows}, as selectors.results counts them."""
        kinds = {question.id: question.type for question in questions}
        counts = {}
        for (question_id,), rows in self.families[keys.ROWS].items():
            counts[(question_id, "rows")] = rows
            ranked = kinds.get(question_id) == "ranking"
            counts[(question_id, "")] = self._count(keys.FIRST, question_id) if ranked else rows
        for (question_id, row_id), rows in self.families[keys.STATEMENT].items():
            counts[(question_id, row_id)] = rows
        for question in questions:
            if question.type in MANY_ROWS_TYPES:
                counts[(question.id, "")] = self._count(keys.RESPONDENTS, question.id)
        return counts

    @cached_property
    def choice_counts(self):
        """{(question id, row id): {choice id: (count, label as answered)}}: the label is the
        greatest of those the choice was answered with, as SQL's MAX() picks it (arranged once:
        every choice question's builder and the latest texts read it)."""
        counts = {}
        for (question_id, row_id, choice_id, label), count in sorted(
            self.families[keys.CHOICE].items()
        ):
            choices = counts.setdefault((question_id, row_id), {})
            before, best = choices.get(choice_id, (0, label))
            choices[choice_id] = (before + count, max(best, label))
        return counts

    def scale_points(self, question_id):
        """{scale point as text: (answers, "")} of a rating or NPS question."""
        points = [
            (int(point), count)
            for (asked, point), count in self.families[keys.POINT].items()
            if asked == question_id
        ]
        return {str(point): (count, "") for point, count in sorted(points)}

    def matrix_rows(self, question_id):
        """{row id: {"mean": mean scale position or None, "respondents": answers}}."""
        rows = {}
        for (asked, row_id), respondents in self.families[keys.STATEMENT].items():
            if asked == question_id:
                values = self._count(keys.MATRIX_VALUES, question_id, row_id)
                total = self._count(keys.MATRIX_SUM, question_id, row_id)
                rows[row_id] = {
                    "mean": total / values if values else None,
                    "respondents": respondents,
                }
        return rows

    def ranks(self, question_id):
        """{choice id: {"mean": mean rank or None, "first": how many ranked it first}} of
        the choices ranked at least once."""
        ranks = {}
        for (asked, choice_id), rows in self.families[keys.RANK_ROWS].items():
            if asked == question_id:
                ranks[choice_id] = {
                    "mean": self._count(keys.RANK_SUM, question_id, choice_id) / rows,
                    "first": self._count(keys.RANK_FIRST, question_id, choice_id),
                }
        return ranks

    def numbers(self, question_id):
        """{number (Decimal): answers} of a number question."""
        return {
            Decimal(number): count
            for (asked, number), count in self.families[keys.NUMBER].items()
            if asked == question_id
        }

    def number_mean(self, question_id):
        """The mean of a number question's answers, None when nobody answered it."""
        numbers = self.numbers(question_id)
        answers = sum(numbers.values())
        if not answers:
            return None
        return float(sum(number * count for number, count in numbers.items()) / answers)

    def dates(self, question_id):
        """{date: answers} of a date question."""
        return {
            datetime.date.fromisoformat(day): count
            for (asked, day), count in self.families[keys.DATE].items()
            if asked == question_id
        }

    def days(self):
        """{date: real responses submitted that day, Japan time}."""
        return {
            datetime.date.fromisoformat(day): count
            for (day,), count in self.families[keys.DAY].items()
        }

    def top_words(self, question_id, limit):
        """The `limit` words in most answers to a free-text question: [(word, answers)], most
        answers first, ties by word (as selectors.texts.top_words orders them)."""
        words = [
            (word, count)
            for (asked, word), count in self.families[keys.WORD].items()
            if asked == question_id
        ]
        return sorted(words, key=lambda item: (-item[1], item[0]))[:limit]
