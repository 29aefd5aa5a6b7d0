"""Each question type: its fields, its validation (messages), and the Answer rows it becomes;
conditions and steps."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from surveys.forms import SurveyForm, survey_plan
from surveys.questions.conditions import condition_met
from surveys.questions.stream import survey_steps
from tests.factories import MemberFactory
from tests.surveys.respondent import items, question, section, survey_create, when

pytestmark = pytest.mark.django_db

CHOICES = items(("a", "ある"), ("b", "ない"))


def ask(*questions, data, member=None):
    """The SurveyForm of a one-step survey bound to `data`, and its rows once valid."""
    survey = survey_create(*questions)
    asked = survey_steps(survey.questions)[0].questions
    form = SurveyForm(data=data, questions=asked, member=member)
    rows = []
    if form.is_valid():
        for each in asked:
            if each.id in form.answers:
                rows += each.kind.rows(each, form.answers[each.id])
    return form, rows


def errors(form):
    with translation.override("en"):
        return {
            name: [str(message) for message in messages] for name, messages in form.errors.items()
        }


def stored(rows, *keys):
    return [tuple(row.get(key, "") for key in keys) for row in rows]


def test_single_choice_is_one_row_with_the_choice_id_and_label_snapshot():
    form, rows = ask(
        question("single_choice", "q1", "使ったことは", choices=CHOICES), data={"q-q1": "b"}
    )
    assert form.is_valid()
    assert rows == [
        {
            "question_id": "q1",
            "question_type": "single_choice",
            "question_label": "使ったことは",
            "choice_id": "b",
            "choice_label": "ない",
            "value_text": "",
        }
    ]


def test_a_choice_that_does_not_exist_is_refused():
    form, rows = ask(question("single_choice", "q1", "Q", choices=CHOICES), data={"q-q1": "zzz"})
    assert errors(form) == {"q-q1": ["Choose one of the options listed."]}
    assert rows == []


def test_a_required_question_left_empty_says_to_answer_it():
    form, _rows = ask(question("single_choice", "q1", "Q", choices=CHOICES), data={})
    assert errors(form) == {"q-q1": ["Answer this question."]}


def test_an_optional_question_left_empty_stores_nothing():
    form, rows = ask(question("short_text", "q1", "Q", required=False), data={"q-q1": "  "})
    assert form.is_valid()
    assert rows == []


def test_other_needs_its_text_and_stores_it_with_the_other_choice():
    single = question("single_choice", "q1", "Q", choices=CHOICES, allow_other=True)
    form, _rows = ask(single, data={"q-q1": "other", "q-q1-other": ""})
    assert errors(form) == {"q-q1-other": ["You chose “Other”: please write what it is."]}

    form, rows = ask(single, data={"q-q1": "other", "q-q1-other": "窓口で紙"})
    assert stored(rows, "choice_id", "value_text") == [("other", "窓口で紙")]
    assert rows[0]["choice_label"]  # 「その他」 as shown


def test_text_spoofing_characters_are_removed_from_every_typed_answer():
    """A bidirectional override would make an answer read backwards on the staff's results."""
    form, rows = ask(
        question("short_text", "q1", "Q"),
        question("long_text", "q2", "Q"),
        question("single_choice", "q3", "Q", choices=CHOICES, allow_other=True),
        data={
            "q-q1": "窓口\u202eで紙",
            "q-q2": "電子\u2066申請\u2069\r\nが\u202aよい\u202c",
            "q-q3": "other",
            "q-q3-other": "郵\u202d送\u2067",
        },
    )
    assert form.is_valid(), errors(form)
    assert stored(rows, "question_id", "value_text") == [
        ("q1", "窓口で紙"),
        ("q2", "電子申請\nがよい"),
        ("q3", "郵送"),
    ]


def test_multiple_choice_is_one_row_per_ticked_choice_within_min_and_max():
    three = items(("a", "電子申請"), ("b", "窓口"), ("c", "郵送"))
    multiple = question("multiple_choice", "q1", "Q", choices=three, min_selected=2, max_selected=2)
    form, _rows = ask(multiple, data={"q-q1": ["a"]})
    assert errors(form) == {"q-q1": ["2個以上選んでください。"]}
    form, _rows = ask(multiple, data={"q-q1": ["a", "b", "c"]})
    assert errors(form) == {"q-q1": ["2個まで選んでください。"]}
    form, rows = ask(multiple, data={"q-q1": ["a", "c"]})
    assert stored(rows, "choice_id", "choice_label") == [("a", "電子申請"), ("c", "郵送")]


def test_dropdown_is_a_select_with_an_empty_first_option():
    form, rows = ask(question("dropdown", "q1", "Q", choices=CHOICES), data={"q-q1": "a"})
    assert 'name="q-q1"' in str(form["q-q1"]) and "<select" in str(form["q-q1"])
    assert stored(rows, "choice_id", "choice_label") == [("a", "ある")]


def test_rating_is_a_radio_scale_with_end_labels_and_stores_the_number():
    rating = question("rating", "q1", "満足度", scale="5", low_label="不満", high_label="満足")
    form, rows = ask(rating, data={"q-q1": "4"})
    html = str(form["q-q1"])
    assert 'type="radio"' in html
    # Shown as 「1」 in its box; its name, which screen readers read, is 「1（不満）」.
    assert '1<span class="visually-hidden">（不満）</span>' in html
    assert '5<span class="visually-hidden">（満足）</span>' in html
    assert stored(rows, "value_number") == [(Decimal(4),)]
    form, _rows = ask(rating, data={"q-q1": "6"})
    assert errors(form) == {"q-q1": ["Choose one of the options listed."]}


def test_nps_goes_from_0_to_10():
    nps = question("nps", "q1", "勧めますか")
    form, rows = ask(nps, data={"q-q1": "0"})
    assert stored(rows, "value_number") == [(Decimal(0),)]
    assert 'value="10"' in str(form["q-q1"])
    form, _rows = ask(nps, data={"q-q1": "11"})
    assert not form.is_valid()


def test_matrix_is_one_radio_group_per_row_and_one_row_per_answered_row():
    matrix = question(
        "matrix",
        "q1",
        "評価",
        rows=items(("r1", "速さ"), ("r2", "わかりやすさ")),
        scale=items(("p1", "悪い"), ("p2", "普通"), ("p3", "良い")),
    )
    form, _rows = ask(matrix, data={"q-q1-r1": "p1"})
    assert errors(form) == {"q-q1-r2": ["Answer this question."]}
    form, rows = ask(matrix, data={"q-q1-r1": "p1", "q-q1-r2": "p3"})
    assert stored(rows, "row_id", "row_label", "choice_id", "choice_label", "value_number") == [
        ("r1", "速さ", "p1", "悪い", Decimal(1)),
        ("r2", "わかりやすさ", "p3", "良い", Decimal(3)),
    ]


def test_texts_are_stored_as_typed_and_capped():
    form, rows = ask(question("short_text", "q1", "Q"), data={"q-q1": "<b>太字</b>"})
    assert stored(rows, "value_text") == [("<b>太字</b>",)]
    form, _rows = ask(question("short_text", "q1", "Q"), data={"q-q1": "あ" * 201})
    assert errors(form) == {"q-q1": ["Please keep this to 200 characters (it is 201 now)."]}
    form, _rows = ask(question("long_text", "q1", "Q"), data={"q-q1": "あ" * 5001})
    assert not form.is_valid()
    form, rows = ask(question("long_text", "q1", "Q"), data={"q-q1": "あ" * 5000})
    assert len(rows[0]["value_text"]) == 5000


def test_number_is_checked_against_its_range_and_stores_the_value():
    number = question("number", "q1", "職員数", min_value="0", max_value="100", unit="人")
    form, _rows = ask(number, data={"q-q1": "101"})
    assert errors(form) == {"q-q1": ["0〜100の数を入力してください。"]}
    form, _rows = ask(number, data={"q-q1": "十"})
    assert errors(form) == {"q-q1": ["Enter a number, for example 12 or 3.5."]}
    form, _rows = ask(number, data={"q-q1": "1e400"})
    assert not form.is_valid()
    form, rows = ask(number, data={"q-q1": "12.5"})
    assert stored(rows, "value_number") == [(Decimal("12.5"),)]
    with translation.override("en"):
        assert "単位：人" in str(form["q-q1"].help_text)


def test_date_stores_a_date():
    form, rows = ask(question("date", "q1", "いつ"), data={"q-q1": "2026-04-01"})
    assert stored(rows, "value_date") == [(date(2026, 4, 1),)]
    form, _rows = ask(question("date", "q1", "いつ"), data={"q-q1": "4月1日"})
    assert errors(form) == {"q-q1": ["Enter a date such as 2026-04-01."]}


def test_prefecture_offers_the_47_and_stores_the_code_with_its_name():
    form, rows = ask(question("prefecture", "q1", "お住まい"), data={"q-q1": "13"})
    assert len(form.fields["q-q1"].choices) == 48  # the empty option and the 47
    assert stored(rows, "choice_id", "choice_label") == [("13", "東京都")]
    form, _rows = ask(question("prefecture", "q1", "お住まい"), data={"q-q1": "48"})
    assert not form.is_valid()


def test_stakeholder_type_is_filled_in_from_the_members_profile():
    member = MemberFactory(stakeholder_type="municipal")
    survey = survey_create(question("stakeholder_type", "q1", "立場"))
    asked = survey_steps(survey.questions)[0].questions
    form = SurveyForm(questions=asked, member=member)
    assert form["q-q1"].value() == "municipal"
    _form, rows = ask(question("stakeholder_type", "q1", "立場"), data={"q-q1": "business"})
    assert stored(rows, "choice_id") == [("business",)]


def test_ranking_needs_distinct_ranks_for_every_choice():
    three = items(("a", "費用"), ("b", "人材"), ("c", "制度"))
    ranking = question("ranking", "q1", "課題の順位", choices=three)
    form, _rows = ask(ranking, data={"q-q1-a": "1", "q-q1-b": "1", "q-q1-c": "2"})
    assert errors(form) == {"q-q1-a": ["Give each choice a different rank."]}
    form, _rows = ask(ranking, data={"q-q1-a": "1"})
    assert errors(form) == {"q-q1-a": ["Give every choice a rank, or none."]}
    form, _rows = ask(ranking, data={"q-q1-a": "4", "q-q1-b": "1", "q-q1-c": "2"})
    assert not form.is_valid()
    form, rows = ask(ranking, data={"q-q1-a": "3", "q-q1-b": "1", "q-q1-c": "2"})
    assert stored(rows, "choice_id", "choice_label", "rank") == [
        ("a", "費用", 3),
        ("b", "人材", 1),
        ("c", "制度", 2),
    ]


def test_keys_that_are_not_questions_of_the_survey_are_ignored():
    form, rows = ask(
        question("short_text", "q1", "Q"), data={"q-q1": "はい", "q-forged": "x", "q-q1-x": "y"}
    )
    assert set(form.fields) == {"q-q1"}
    assert stored(rows, "question_id", "value_text") == [("q1", "はい")]


class TestConditionsAndSteps:
    def survey(self):
        return survey_create(
            question("single_choice", "q1", "使ったことは", code="Q1", choices=CHOICES),
            question("short_text", "q2", "何を", condition=when("Q1", "ある")),
            section("s2", "詳しく", condition=when("Q1", "ない")),
            question(
                "multiple_choice",
                "q3",
                "理由",
                code="Q3",
                choices=items(("x", "知らない"), ("y", "難しい")),
            ),
            question("long_text", "q4", "難しかった点", condition=when("Q3", "難しい", "includes")),
            section("s3", "最後に"),
            question("nps", "q5", "勧めますか"),
        )

    def plan(self, data):
        return survey_plan(survey=self.survey(), data=data)

    def shown(self, plan):
        return [[each.id for each in planned.questions] for planned in plan.steps]

    def test_sections_split_the_questions_into_steps(self):
        steps = survey_steps(self.survey().questions)
        assert [step.heading for step in steps] == ["", "詳しく", "最後に"]

    def test_a_question_is_shown_when_an_earlier_answer_equals_the_value(self):
        assert self.shown(self.plan({"q-q1": "a"})) == [["q1", "q2"], ["q5"]]

    def test_a_section_is_shown_when_its_condition_holds_and_includes_matches_ticked_choices(self):
        assert self.shown(self.plan({"q-q1": "b"})) == [["q1"], ["q3"], ["q5"]]
        data = {"q-q1": "b", "q-q3": ["x", "y"]}
        assert self.shown(self.plan(data)) == [["q1"], ["q3", "q4"], ["q5"]]

    def test_hidden_questions_are_neither_required_nor_stored(self):
        plan = self.plan({"q-q1": "a", "q-q2": "電子申請", "q-q3": ["y"], "q-q4": "紙"})
        assert set(plan.answers) == {"q1", "q2"}

    def test_conditions_compare_after_nfkc_normalisation(self):
        survey = survey_create(
            question("short_text", "q1", "何を", code="Q1"),
            question("short_text", "q2", "詳しく", condition=when("Q1", "DX", "includes")),
        )
        plan = survey_plan(survey=survey, data={"q-q1": "自治体ＤＸの話"})
        assert [each.id for each in plan.questions] == ["q1", "q2"]

    def test_conditions_on_other_or_a_prefecture_hold_in_either_language(self):
        survey = survey_create(
            question("single_choice", "q1", "Q", code="Q1", choices=CHOICES, allow_other=True),
            question("prefecture", "q2", "お住まい", code="Q2"),
            question("short_text", "q3", "その他とは", condition=when("Q1", "その他")),
            question("short_text", "q4", "東京では", condition=when("Q2", "東京都")),
        )
        data = {"q-q1": "other", "q-q1-other": "窓口", "q-q2": "13"}
        for language in ("ja", "en"):
            with translation.override(language):
                plan = survey_plan(survey=survey, data=data)
            assert [each.id for each in plan.questions] == ["q1", "q2", "q3", "q4"]

    def test_step_positions_count_only_the_steps_shown(self):
        plan = self.plan({"q-q1": "a"})
        assert [(planned.number, planned.position) for planned in plan.steps] == [(1, 1), (3, 2)]


def test_list_items_written_without_ids_get_stable_ones_that_are_stored():
    from surveys.models import SurveyPage

    survey = survey_create(question("single_choice", "q1", "Q", choices=["ある", "ない"]))

    def loaded_items():
        fresh = SurveyPage.objects.get(pk=survey.pk)
        return survey_steps(fresh.questions)[0].questions[0].items()

    first = loaded_items()
    assert loaded_items() == first
    assert [label for _id, label in first] == ["ある", "ない"]
    stored = SurveyPage.objects.get(pk=survey.pk).questions.raw_data[0]["value"]["choices"]
    assert [item["id"] for item in stored] == [item_id for item_id, _label in first]


def test_a_choice_inserted_first_never_takes_the_id_of_the_choice_it_pushes_down():
    from surveys.models import SurveyPage

    def ids_by_label():
        fresh = SurveyPage.objects.get(pk=survey.pk)
        items = survey_steps(fresh.questions)[0].questions[0].items()
        return {label: item_id for item_id, label in items}

    survey = survey_create(question("single_choice", "q1", "Q", choices=["ある", "ない"]))
    before = ids_by_label()
    stored = SurveyPage.objects.get(pk=survey.pk)
    raw = stored.questions.raw_data
    raw[0]["value"]["choices"].insert(0, {"type": "item", "value": "わからない"})  # no id
    stored.questions = raw
    stored.save()

    after = ids_by_label()
    assert after["ある"] == before["ある"] and after["ない"] == before["ない"]
    assert len(set(after.values())) == 3


def test_a_condition_compares_choices_whole_and_finds_words_only_in_typed_answers():
    includes_tax = {"question": "Q1", "operator": "includes", "value": "税"}
    chosen = {"Q1": (["税の申告", "住民票"], False)}
    typed = {"Q1": (["税の申告がわかりにくい"], True)}

    assert not condition_met(includes_tax, chosen)
    assert condition_met({**includes_tax, "value": "税の申告"}, chosen)
    assert condition_met(includes_tax, typed)
