"""Exports of a survey's results (surveys.exports, surveys.views.exports): the raw responses as
CSV and XLSX, the summary as CSV; what they hold, that typed text never runs as a formula,
that filters and the minimum group size apply, that each download is logged, that reading
stays flat in queries, and that only Analysts get them."""

import csv
import datetime
import io
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import load_workbook

from surveys import exports
from surveys.models import Answer, ExportKind, Response, ResultsExport
from surveys.selectors.filters import ResultsFilter
from surveys.services import response_redate, response_submit
from surveys.tasks import answer_words_index
from tests.factories import MemberFactory, StaffUserFactory
from tests.surveys.respondent import items, question, survey_create

pytestmark = pytest.mark.django_db

EVERY_TYPE = [
    question(
        "single_choice",
        "single",
        "電子申請を使ったことは",
        choices=items(("yes", "ある"), ("no", "ない")),
        allow_other=True,
    ),
    question(
        "multiple_choice",
        "multi",
        "使った手続き",
        choices=items(("tax", "税"), ("move", "転居")),
        allow_other=True,
    ),
    question("dropdown", "dropdown", "年代", choices=items(("20s", "20代"), ("30s", "30代"))),
    question("rating", "rating", "満足度", scale="5"),
    question("nps", "nps", "勧めたいか"),
    question(
        "matrix",
        "matrix",
        "窓口の評価",
        rows=items(("speed", "速さ"), ("kindness", "親切さ")),
        scale=items(("bad", "悪い"), ("good", "良い")),
    ),
    question("short_text", "short", "一言"),
    question("long_text", "long", "ご意見"),
    question("number", "number", "待ち時間（分）"),
    question("date", "date", "来庁日"),
    question("prefecture", "prefecture", "お住まい"),
    question("stakeholder_type", "stakeholder", "立場"),
    question("ranking", "ranking", "優先順位", choices=items(("web", "ウェブ"), ("desk", "窓口"))),
]

EVERY_ANSWER = {
    "single": {"choices": ["other"], "other": '=HYPERLINK("http://x","y")'},
    "multi": {"choices": ["tax", "other"], "other": "+1"},
    "dropdown": {"choices": ["30s"], "other": ""},
    "rating": 4,
    "nps": 9,
    "matrix": {"speed": "good", "kindness": "bad"},
    "short": "-1+2",
    "long": "@SUM(A1:A2)",
    "number": "-5",
    "date": "2026-04-01",
    "prefecture": "13",
    "stakeholder": "municipal",
    "ranking": {"web": 1, "desk": 2},
}


def item(question_text, label):
    return _("%(question)s: %(item)s") % {"question": question_text, "item": label}


def other(question_text):
    return _("%(question)s (Other)") % {"question": question_text}


def every_header():
    """The header row for EVERY_TYPE (headers are translated: Japanese once compiled)."""
    return [
        _("Response ID"),
        _("Submitted at"),
        "回答方法",
        "整理番号",
        _("Member ID"),
        _("Nickname"),
        "電子申請を使ったことは",
        other("電子申請を使ったことは"),
        item("使った手続き", "税"),
        item("使った手続き", "転居"),
        item("使った手続き", "その他"),
        other("使った手続き"),
        "年代",
        "満足度",
        "勧めたいか",
        item("窓口の評価", "速さ"),
        item("窓口の評価", "親切さ"),
        "一言",
        "ご意見",
        "待ち時間（分）",
        "来庁日",
        "お住まい",
        "立場",
        item("優先順位", "ウェブ"),
        item("優先順位", "窓口"),
    ]


def submit(survey, answers, *, respondent=None, at=None):
    response, _created = response_submit(
        survey=survey,
        respondent=respondent or AnonymousUser(),
        answers=answers,
        submission_token=uuid.uuid4(),
    )
    if at is not None:
        response_redate(response=response, submitted_at=at)
    return response


ROLES = items(("city", "自治体"), ("biz", "企業"), ("npo", "NPO"))


def choice_survey(**fields):
    fields.setdefault("one_response", False)
    return survey_create(
        question("single_choice", "role", "立場", choices=ROLES),
        question("rating", "rating", "満足度", scale="5"),
        **fields,
    )


def choice_answers(role, rating):
    return {"role": {"choices": [role], "other": ""}, "rating": rating}


@pytest.fixture
def analyst(client):
    user = StaffUserFactory(groups=["Analysts"])
    client.force_login(user)
    return user


def url(name, survey, **params):
    address = reverse(f"survey_results:{name}", args=[survey.pk])
    return f"{address}?{ResultsFilter().query_string(**params)}" if params else address


def csv_rows(content):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def download(client, address):
    response = client.get(address)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


# --- Raw responses ------------------------------------------------------------------------


def test_responses_csv_has_a_bom_and_a_column_per_answer_of_every_question_type(client, analyst):
    survey = survey_create(*EVERY_TYPE, one_response=False)
    member = MemberFactory(display_name="=さくら")
    response = submit(
        survey,
        EVERY_ANSWER,
        respondent=member,
        at=datetime.datetime(2026, 4, 1, 0, 30, tzinfo=datetime.UTC),
    )

    http, body = download(client, url("export_responses_csv", survey))

    assert http["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in http["Cache-Control"]
    filename = f"survey-{survey.pk}-responses-"
    assert f'attachment; filename="{filename}' in http["Content-Disposition"]
    assert f"filename*=utf-8''{filename}" in http["Content-Disposition"]
    header, row = csv_rows(body)
    assert header == every_header()
    assert row == [
        str(response.pseudonym),
        "2026-04-01 09:30:00",
        "Web",
        "",
        str(member.pk),
        "'=さくら",
        "その他",
        '\'=HYPERLINK("http://x","y")',
        "1",
        "0",
        "1",
        "'+1",
        "30代",
        "4",
        "9",
        "良い",
        "悪い",
        "'-1+2",
        "'@SUM(A1:A2)",
        "-5",
        "2026-04-01",
        "東京都",
        "自治体職員",
        "1",
        "2",
    ]
    assert member.email not in body.decode("utf-8")


def test_anonymous_surveys_say_nothing_about_who_answered(client, analyst):
    survey = survey_create(*EVERY_TYPE, one_response=False, anonymous=True)
    submit(survey, EVERY_ANSWER, respondent=MemberFactory(display_name="さくら"))

    _http, body = download(client, url("export_responses_csv", survey))

    header, row = csv_rows(body)
    who = (_("Member ID"), _("Nickname"))
    assert header == [name for name in every_header() if name not in who]
    assert len(row) == len(header)
    assert "さくら" not in body.decode("utf-8")


def test_unanswered_questions_are_empty_and_unticked_boxes_zero(client, analyst):
    survey = survey_create(
        question("multiple_choice", "multi", "使った手続き", choices=items(("tax", "税"))),
        question("number", "number", "件数", required=False),
        one_response=False,
    )
    submit(survey, {"multi": {"choices": ["tax"], "other": ""}, "number": "2.50"})
    Answer.objects.filter(question_id="multi").update(choice_id="removed", choice_label="旧")
    submit(survey, {"multi": {"choices": ["tax"], "other": ""}})

    _http, body = download(client, url("export_responses_csv", survey))

    header, *rows = csv_rows(body)
    assert header[-2:] == [item("使った手続き", "税"), "件数"]
    assert [row[-2:] for row in rows] == [["0", "2.5"], ["1", ""]]


def test_choices_no_longer_offered_keep_the_label_they_were_answered_with(client, analyst):
    survey = choice_survey()
    submit(survey, choice_answers("city", 3))
    Answer.objects.filter(question_id="role").update(choice_id="gone", choice_label="旧選択肢")

    _http, body = download(client, url("export_responses_csv", survey))

    assert csv_rows(body)[1][6] == "旧選択肢"


def test_filters_cut_the_rows(client, analyst):
    survey = choice_survey()
    early = datetime.datetime(2026, 4, 1, 3, tzinfo=datetime.UTC)
    late = datetime.datetime(2026, 4, 20, 3, tzinfo=datetime.UTC)
    for role, at in [("city", early), ("city", late), ("biz", late)]:
        submit(survey, choice_answers(role, 3), at=at)

    _http, body = download(
        client, url("export_responses_csv", survey, **{"from": "2026-04-10", "a": "role:city"})
    )

    rows = csv_rows(body)[1:]
    assert [(row[1], row[6]) for row in rows] == [("2026-04-20 12:00:00", "自治体")]


def test_the_responses_are_read_in_chunks_of_one_query_each(analyst):
    survey = choice_survey()
    answers = [choice_answers("city", 3)] * 3

    def queries_for(count, chunk_size):
        bulk_responses(survey, count, answers[0])
        table = exports.responses_table(survey=survey, results_filter=ResultsFilter())
        with CaptureQueriesContext(connection) as queries:
            rows = list(table.rows(chunk_size=chunk_size))
        return len(rows), len(queries)

    assert queries_for(30, chunk_size=7) == (30, 2 * 5)  # 5 chunks: responses + answers
    Response.objects.all().delete()
    assert queries_for(300, chunk_size=70) == (300, 2 * 5)


def bulk_responses(survey, count, answers):
    """`count` responses with the same answers, written in bulk (as response_submit would)."""
    first = submit(survey, answers)
    template = list(Answer.objects.filter(response=first).values())
    created = Response.objects.bulk_create(
        Response(survey=survey, submission_token=uuid.uuid4()) for _number in range(count - 1)
    )
    Answer.objects.bulk_create(
        Answer(**{**row, "id": None, "response_id": response.pk})
        for response in created
        for row in template
    )


def test_responses_xlsx_holds_the_responses_and_the_summary(client, analyst):
    survey = survey_create(*EVERY_TYPE, one_response=False, min_group_size=1)
    submit(survey, EVERY_ANSWER, at=datetime.datetime(2026, 4, 1, 0, 30, tzinfo=datetime.UTC))

    http, body = download(client, url("export_responses_xlsx", survey))

    assert http["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"survey-{survey.pk}-responses-" in http["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == [
        _("Responses"),
        pgettext("spreadsheet sheet", "Summary"),
    ]  # 回答, 集計
    header, row = workbook[_("Responses")].iter_rows(values_only=True)
    assert list(header) == every_header()
    values = dict(zip(header, row, strict=True))
    assert values[_("Submitted at")] == datetime.datetime(2026, 4, 1, 9, 30)
    assert values["来庁日"] == datetime.datetime(2026, 4, 1)  # a date cell (Excel's dates)
    assert values["待ち時間（分）"] == -5
    assert values["満足度"] == 4
    # Typed text stays text, as written: a text cell never runs, so no quote is needed.
    assert values[other("電子申請を使ったことは")] == '=HYPERLINK("http://x","y")'
    assert values["ご意見"] == "@SUM(A1:A2)"
    cells = dict(zip(header, next(workbook[_("Responses")].iter_rows(min_row=2)), strict=True))
    assert cells[other("電子申請を使ったことは")].data_type == "s"
    assert cells["ご意見"].data_type == "s"
    summary = [
        row[:3]
        for row in workbook[pgettext("spreadsheet sheet", "Summary")].iter_rows(values_only=True)
    ]
    rating = summary.index((_("Survey question"), "満足度", None))
    assert summary[rating + 1 : rating + 4] == [
        (_("Number of respondents"), 1, None),
        (_("Choice or item"), _("Count"), _("Percent (%)")),
        ("1", 0, 0),
    ]
    assert ("4", 1, 100) in summary[rating:]


# --- Summary --------------------------------------------------------------------------------


def test_summary_csv_has_the_figures_of_each_question(client, analyst):
    survey = survey_create(
        question(
            "single_choice", "role", "立場", choices=items(("city", "自治体"), ("biz", "企業"))
        ),
        question(
            "multiple_choice",
            "multi",
            "使った手続き",
            choices=items(("tax", "税"), ("move", "転居")),
        ),
        question("nps", "nps", "勧めたいか"),
        question("long_text", "long", "ご意見"),
        one_response=False,
        min_group_size=2,
    )
    picks = [
        ("city", ["tax", "move"], 10),
        ("city", ["tax"], 9),
        ("biz", ["tax"], 5),
        ("biz", ["move"], 7),
    ]
    for role, ticked, nps in picks:
        response = submit(
            survey,
            {
                "role": {"choices": [role], "other": ""},
                "multi": {"choices": ticked, "other": ""},
                "nps": nps,
                "long": "窓口",
            },
        )
        answer_words_index.call(response_id=response.pk)

    _http, body = download(client, url("export_summary_csv", survey))

    rows = csv_rows(body)
    asked, respondents, option = (
        _("Survey question"),
        _("Number of respondents"),
        _("Choice or item"),
    )
    count, percent = _("Count"), _("Percent (%)")
    assert rows[0] == [survey.title]
    assert [respondents, "4"] in rows
    role = rows.index([asked, "立場"])
    assert rows[role + 1 : role + 5] == [
        [respondents, "4"],
        [option, count, percent],
        ["自治体", "2", "50.0"],
        ["企業", "2", "50.0"],
    ]
    multi = rows.index([asked, "使った手続き"])
    assert rows[multi + 2 : multi + 5] == [
        [option, count, percent, _("Percent of choices ticked (%)")],
        ["税", "3", "75.0", "60.0"],
        ["転居", "2", "50.0", "40.0"],
    ]
    figures = rows[rows.index([asked, "勧めたいか"]) :]
    assert [_("Mean"), "7.75"] in figures and [_("Median"), "8"] in figures
    assert ["NPS", "25"] in figures  # 2 promoters, 1 detractor of 4
    words = rows.index([asked, "ご意見"])
    assert rows[words + 2 : words + 4] == [[_("Word"), count], ["窓口", "4"]]


def test_summary_csv_has_matrix_rows_mean_ranks_and_number_statistics(client, analyst):
    survey = survey_create(*EVERY_TYPE, one_response=False, min_group_size=1)
    submit(survey, EVERY_ANSWER)  # speed 良い, kindness 悪い; web 1st; -5
    submit(
        survey,
        {**EVERY_ANSWER, "matrix": {"speed": "good", "kindness": "good"}, "number": "10"},
    )

    _http, body = download(client, url("export_summary_csv", survey))

    rows = csv_rows(body)
    asked, item_header = _("Survey question"), _("Choice or item")
    matrix = rows.index([asked, "窓口の評価"])
    assert rows[matrix + 2 : matrix + 5] == [
        [item_header, _("Number of respondents"), "悪い", "良い", _("Mean")],
        ["速さ", "2", "0", "2", "2"],
        ["親切さ", "2", "1", "1", "1.5"],
    ]
    ranking = rows.index([asked, "優先順位"])
    assert rows[ranking + 2 : ranking + 5] == [
        [item_header, _("Mean rank"), _("Ranked first")],
        ["ウェブ", "1", "2"],
        ["窓口", "2", "0"],
    ]
    number = rows.index([asked, "待ち時間（分）"])
    assert rows[number + 2 : number + 6] == [
        [_("Mean"), "2.5"],
        [_("Median"), "2.5"],
        [_("Minimum"), "-5"],  # a number: never quoted
        [_("Maximum"), "10"],
    ]
    date = rows.index([asked, "来庁日"])
    assert rows[date + 3][:2] == ["2026-04-01", "2"]


def test_withheld_summary_says_so_and_has_no_figures(client, analyst):
    survey = choice_survey(min_group_size=5)
    for role in ["city", "biz"]:
        submit(survey, choice_answers(role, 4))

    _http, body = download(client, url("export_summary_csv", survey))

    withheld = _("Not shown because there are too few respondents (fewer than %(count)d).")
    assert csv_rows(body) == [[survey.title], [withheld % {"count": 5}]]  # 「…（5人未満）」


def test_summary_breakdown_hides_small_groups_behind_dashes(client, analyst):
    survey = choice_survey(min_group_size=2)
    picks = [("city", 5), ("city", 4), ("city", 5), ("biz", 1), ("npo", 2), ("npo", 2)]
    for role, rating in picks:
        submit(survey, choice_answers(role, rating))

    _http, body = download(client, url("export_summary_csv", survey, by="role"))

    rows = csv_rows(body)
    title = rows.index([_("Breakdown"), "満足度 × 立場"])
    header, city, biz, npo = rows[title + 1 : title + 5]
    assert header[:4] == ["立場", _("Number of respondents"), "1", f"1 {_('Percent (%)')}"]
    assert city[:2] == ["自治体", "3"] and city[-2:] == ["2", "66.7"]
    # 企業 (1) is too small, and alone it could be worked out from the totals: NPO (2) too.
    assert biz == ["企業"] + ["—"] * (len(header) - 1)
    assert npo == ["NPO"] + ["—"] * (len(header) - 1)


# --- Neutralisation, log, access ------------------------------------------------------------


def test_each_download_is_logged_with_who_which_and_the_filters(client, analyst):
    survey = choice_survey(min_group_size=1)
    submit(survey, choice_answers("city", 3))

    for name in ["export_responses_csv", "export_responses_xlsx", "export_summary_csv"]:
        download(client, url(name, survey, a="role:city"))

    logged = list(
        ResultsExport.objects.order_by("pk").values_list(
            "survey", "user", "user_label", "kind", "filters"
        )
    )
    assert logged == [
        (survey.pk, analyst.pk, analyst.email, kind, "立場：自治体")
        for kind in [
            ExportKind.RESPONSES_CSV,
            ExportKind.RESPONSES_XLSX,
            ExportKind.SUMMARY_CSV,
        ]
    ]


@pytest.mark.parametrize(
    "name", ["export_responses_csv", "export_responses_xlsx", "export_summary_csv"]
)
@pytest.mark.parametrize("role", ["anonymous", "member", "Editors"])
def test_nobody_but_analysts_gets_an_export(client, name, role):
    survey = choice_survey(min_group_size=1)
    submit(survey, choice_answers("city", 3))
    if role == "member":
        client.force_login(MemberFactory(email_verified=True))
    elif role != "anonymous":
        client.force_login(StaffUserFactory(groups=[role]))

    response = client.get(url(name, survey))

    if role == "Editors":
        assert response.status_code == 403
    else:  # Wagtail sends whoever may not use the admin to sign in
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert "Content-Disposition" not in response
    assert not ResultsExport.objects.exists()


@pytest.mark.parametrize(
    "name", ["export_responses_csv", "export_responses_xlsx", "export_summary_csv"]
)
def test_analysts_get_every_export_by_get_only(client, analyst, name):
    survey = choice_survey(min_group_size=1)
    submit(survey, choice_answers("city", 3))

    assert client.get(url(name, survey)).status_code == 200
    assert client.post(url(name, survey)).status_code == 405
