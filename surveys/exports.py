"""The files an analyst downloads from a survey's results, for the respondents a ResultsFilter
keeps: the raw responses (one row per response, one or more columns per question) and the
summary (the figures of surveys.selectors.results and .breakdowns, as rows).

Both are built as rows of Python values (text, numbers, dates) so that CSV and XLSX hold the
same thing. Text someone typed is never run as a formula: CSV cells go through
`core.spreadsheets.spreadsheet_safe`, XLSX text is written as text cells. The raw responses are read
`CHUNK_SIZE` responses at a time, with each chunk's answers in one query: memory and queries
per response stay flat.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.japan import japan_naive

from .models import Answer, Channel, Response
from .questions.choices import OTHER
from .selectors.breakdowns import survey_breakdowns
from .selectors.filters import GROUPING_TYPES, dimensions, options_of
from .selectors.results import results_questions, survey_results

CHUNK_SIZE = 2000
HIDDEN = "—"
CHANNEL_LABELS = dict(Channel.choices)


# --- Raw responses ----------------------------------------------------------------------------


@dataclass
class QuestionColumns:
    """The columns of one question: `cells(answers)` turns one response's Answer rows for it
    (possibly none) into one value per header."""

    question_id: str
    headers: list
    cells: object


@dataclass
class ResponsesTable:
    """The header row, and `rows()`: a generator of one row per response, read in chunks."""

    headers: list
    survey: object
    results_filter: object
    columns: list
    with_member: bool

    def rows(self, *, chunk_size=CHUNK_SIZE):
        responses = self.results_filter.responses(self.survey)
        for chunk in _response_chunks(responses, chunk_size):
            answers = _answers_by_response(chunk)
            for response in chunk:
                yield self._row(response, answers.get(response.pk, {}))

    def _row(self, response, answers):
        row = [str(response.pseudonym), japan_naive(response.submitted_at)]
        row += [
            str(CHANNEL_LABELS.get(response.channel, response.channel)),
            response.reference or None,
        ]
        if self.with_member:
            row += [response.member_id, response.member__display_name or None]
        for column in self.columns:
            row += column.cells(answers.get(column.question_id, []))
        return row


def responses_table(*, survey, results_filter):
    """The raw responses of the respondents `results_filter` keeps, oldest first, each with how
    it reached us (回答方法) and the number of its sheet when keyed in. Who answered (member id
    and nickname) only for surveys that are not anonymous; never the e-mail."""
    columns = [_question_columns(question) for question in results_questions(survey)]
    headers = [_("Response ID"), _("Submitted at"), *_field_names("channel", "reference")]
    if not survey.anonymous:
        headers += [_("Member ID"), _("Nickname")]
    for column in columns:
        headers += column.headers
    return ResponsesTable(
        headers=headers,
        survey=survey,
        results_filter=results_filter,
        columns=columns,
        with_member=not survey.anonymous,
    )


def _field_names(*names):
    return [str(capfirst(Response._meta.get_field(name).verbose_name)) for name in names]


def _response_chunks(responses, chunk_size):
    """Lists of at most `chunk_size` responses in pk order, one query each (keyset)."""
    fields = ("pk", "pseudonym", "submitted_at", "channel", "reference", "member_id")
    fields += ("member__display_name",)
    responses = responses.order_by("pk").values_list(*fields, named=True)
    last = 0
    while True:
        chunk = list(responses.filter(pk__gt=last)[:chunk_size])
        if chunk:
            yield chunk
        if len(chunk) < chunk_size:
            return
        last = chunk[-1].pk


def _answers_by_response(chunk):
    """{response pk: {question id: [answer]}} for a chunk of responses, in one query."""
    fields = ("response_id", "question_id", "choice_id", "choice_label", "row_id")
    fields += ("value_number", "value_text", "value_date", "rank")
    answers = (
        Answer.objects.filter(response_id__in=[response.pk for response in chunk])
        .order_by("pk")
        .values_list(*fields, named=True)
    )
    grouped = {}
    for answer in answers:
        grouped.setdefault(answer.response_id, {}).setdefault(answer.question_id, []).append(answer)
    return grouped


def _question_columns(question):
    if question.type in GROUPING_TYPES:
        return _single_choice_columns(question)
    return COLUMNS_BY_TYPE[question.type](question)


def _item_header(question, label):
    return _("%(question)s: %(item)s") % {"question": question.text, "item": label}


def _other_header(question):
    return _("%(question)s (Other)") % {"question": question.text}


def _single_choice_columns(question):
    """The label chosen (as answered when the choice is no longer offered), then the
    「その他」 text when the question offers it."""
    labels = dict(options_of(question))
    has_other = bool(question.value.get("allow_other"))  # stakeholder type has a code "other"

    def cells(answers):
        answer = answers[0] if answers else None
        label = labels.get(answer.choice_id, answer.choice_label) if answer else None
        if not has_other:
            return [label]
        return [label, _other_text(answers)]

    headers = [question.text] + ([_other_header(question)] if has_other else [])
    return QuestionColumns(question.id, headers, cells)


def _other_text(answers):
    return next((answer.value_text for answer in answers if answer.choice_id == OTHER), None)


def _multiple_choice_columns(question):
    """1 or 0 per choice offered (empty when the question was not answered; choices no longer
    offered are left out), then the 「その他」 text when the question offers it."""
    options = options_of(question)
    has_other = bool(question.value.get("allow_other"))
    headers = [_item_header(question, label) for _key, label in options]
    if has_other:
        headers.append(_other_header(question))

    def cells(answers):
        if not answers:
            return [None] * len(headers)
        ticked = {answer.choice_id for answer in answers}
        row = [int(key in ticked) for key, _label in options]
        return [*row, _other_text(answers)] if has_other else row

    return QuestionColumns(question.id, headers, cells)


def _matrix_columns(question):
    """One column per row (statement) with the scale point's label."""
    rows = question.items("rows")
    scale = dict(question.items("scale"))

    def cells(answers):
        chosen = {
            answer.row_id: scale.get(answer.choice_id, answer.choice_label) for answer in answers
        }
        return [chosen.get(row_id) for row_id, _label in rows]

    headers = [_item_header(question, label) for _row_id, label in rows]
    return QuestionColumns(question.id, headers, cells)


def _ranking_columns(question):
    """One column per choice with the rank it was given (1 = first)."""
    choices = question.items()

    def cells(answers):
        ranks = {answer.choice_id: answer.rank for answer in answers}
        return [ranks.get(choice_id) for choice_id, _label in choices]

    headers = [_item_header(question, label) for _choice_id, label in choices]
    return QuestionColumns(question.id, headers, cells)


def _value_columns(read):
    def columns(question):
        def cells(answers):
            return [read(answers[0]) if answers else None]

        return QuestionColumns(question.id, [question.text], cells)

    return columns


def _number(value):
    """A stored number without trailing zeros: an int when whole."""
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else value


COLUMNS_BY_TYPE = {
    "multiple_choice": _multiple_choice_columns,
    "matrix": _matrix_columns,
    "ranking": _ranking_columns,
    "rating": _value_columns(lambda answer: _number(answer.value_number)),
    "nps": _value_columns(lambda answer: _number(answer.value_number)),
    "number": _value_columns(lambda answer: _number(answer.value_number)),
    "date": _value_columns(lambda answer: answer.value_date),
    "short_text": _value_columns(lambda answer: answer.value_text),
    "long_text": _value_columns(lambda answer: answer.value_text),
}


# --- Summary --------------------------------------------------------------------------------


def summary_rows(*, survey, results_filter, by_id=None):
    """The summary as rows: the survey, the filter, then each question's figures (from
    survey_results) and, when `by_id` names a grouping question, the breakdown of every
    question that has one by it. When the results are withheld, one line says so and no
    figure is written."""
    questions = results_questions(survey)
    results = survey_results(survey=survey, results_filter=results_filter)
    rows = [[survey.title]]
    if results_filter.active:
        rows.append([_("Filters"), results_filter.describe(questions=questions)])
    if results.withheld:
        return [*rows, [_withheld_message(survey)]]
    rows.append([_("Number of respondents"), results.respondents])
    for result in results.questions:
        rows += [[], *_question_rows(result, survey)]
    by = next((q for q in dimensions(questions) if q.id == by_id), None)
    if by is not None:
        shown = [result.question for result in results.questions if not result.withheld]
        breakdowns = survey_breakdowns(
            survey=survey, results_filter=results_filter, questions=shown, by=by
        )
        for breakdown in breakdowns.values():
            rows += [[], *_breakdown_rows(breakdown)]
    return rows


def _withheld_message(survey):
    return _("Not shown because there are too few respondents (fewer than %(count)d).") % {
        "count": survey.min_group_size
    }


def _question_rows(result, survey):
    head = [
        [_("Survey question"), result.question.text],
        [_("Number of respondents"), result.respondents],
    ]
    if result.withheld:
        return [*head, [_withheld_message(survey)]]
    return head + SUMMARY_BY_DISPLAY[result.display](result)


def _option_rows(result):
    header = [_("Choice or item"), _("Count"), _("Percent (%)")]
    if result.multiple:
        header.append(_("Percent of choices ticked (%)"))
    rows = [[option.label, option.count, option.percent] for option in result.options]
    if result.multiple:
        for row, option in zip(rows, result.options, strict=True):
            row.append(option.percent_of_answers)
    return [header, *rows]


def _stats_rows(stats):
    return [
        [_("Mean"), stats.mean],
        [_("Median"), stats.median],
        [_("Minimum"), stats.minimum],
        [_("Maximum"), stats.maximum],
    ]


def _scale_rows(result):
    rows = _option_rows(result) + _stats_rows(result.stats)
    if result.nps is not None:
        rows += [
            [_("NPS"), result.nps.score],
            [_("Promoters (9–10)"), result.nps.promoters],
            [_("Passives (7–8)"), result.nps.passives],
            [_("Detractors (0–6)"), result.nps.detractors],
        ]
    return rows


def _number_rows(result):
    return _stats_rows(result.stats) + _option_rows(result)


def _matrix_rows(result):
    """One row per statement: its respondents, the count of each scale point (a point no
    longer offered, if any row was answered with it, gets a column too), the mean."""
    scale = {}
    for row in result.rows:
        for option in row.options:
            scale.setdefault(option.key, option.label)
    header = [_("Choice or item"), _("Number of respondents"), *scale.values(), _("Mean")]
    rows = []
    for row in result.rows:
        if row.hidden:  # too few answered this statement
            rows.append([row.label, *[HIDDEN] * (len(scale) + 2)])
            continue
        counts = {option.key: option.count for option in row.options}
        rows.append([row.label, row.respondents, *(counts.get(key, 0) for key in scale), row.mean])
    return [header, *rows]


def _ranking_rows(result):
    header = [_("Choice or item"), _("Mean rank"), _("Ranked first")]
    return [header, *([item.label, item.mean_rank, item.first] for item in result.ranks)]


def _text_rows(result):
    return [[_("Word"), _("Count")], *([word, count] for word, count in result.words)]


SUMMARY_BY_DISPLAY = {
    "choice": _option_rows,
    "scale": _scale_rows,
    "matrix": _matrix_rows,
    "ranking": _ranking_rows,
    "number": _number_rows,
    "date": _option_rows,
    "text": _text_rows,
}


def _breakdown_rows(breakdown):
    """A title, a header and one row per group; a hidden group shows 「—」 in every figure."""
    title = [_("Breakdown"), f"{breakdown.question.text} × {breakdown.by.text}"]
    header = [breakdown.by.text, _("Number of respondents")]
    if breakdown.measure == "choice":
        for _key, label in breakdown.columns:
            header += [label, f"{label} {_('Percent (%)')}"]
    else:  # one mean per column: of the numbers, of a matrix row, or the mean rank
        title.append(_("Mean"))
        header += [label for _key, label in breakdown.columns]
    rows = [title, header]
    for row in breakdown.rows:
        if row.hidden:
            rows.append([row.label] + [HIDDEN] * (len(header) - 1))
        else:
            rows.append([row.label, row.respondents, *_breakdown_cells(breakdown, row)])
    return rows


def _breakdown_cells(breakdown, row):
    if breakdown.measure == "choice":
        return [figure for cell in row.cells for figure in (cell.count, cell.percent)]
    return [cell.percent for cell in row.cells]  # the mean of the group (Option.percent)
