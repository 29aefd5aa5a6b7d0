"""An editor builds a survey in the Wagtail editor: the rules SurveyPageForm adds, each error
shown on the question (and field) it is about, and type changes refused once answers exist."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from surveys.models import Answer, Response, SurveyPage
from tests.factories import SurveyIndexPageFactory, SurveyPageFactory


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def question(kind, code, text, **fields):
    return {"type": kind, "id": str(uuid.uuid4()), "value": {"code": code, "text": text, **fields}}


def choice(code, text, choices, **fields):
    return question("single_choice", code, text, choices=choices, **fields)


def condition(code, value, operator="equals"):
    return {"question": code, "operator": operator, "value": value}


def _block_data(block, value, prefix, data):
    """`value` (raw stream data) as the editor's form posts it under `prefix`."""
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(value))
        for i, child in enumerate(value):
            data.update({f"{prefix}-{i}-type": child["type"], f"{prefix}-{i}-id": child["id"]})
            data.update({f"{prefix}-{i}-deleted": "", f"{prefix}-{i}-order": str(i)})
            child_block = block.child_blocks[child["type"]]
            _block_data(child_block, child["value"], f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.StructBlock):
        value = {"label": value} if isinstance(value, str) else value  # a choice as its label
        for name, child_block in block.child_blocks.items():
            _block_data(child_block, (value or {}).get(name), f"{prefix}-{name}", data)
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(value or []))
        for i, item in enumerate(value or []):
            item_id, item = (item["id"], item["value"]) if _with_id(item) else ("", item)
            data.update({f"{prefix}-{i}-id": item_id, f"{prefix}-{i}-deleted": ""})
            data[f"{prefix}-{i}-order"] = str(i)
            _block_data(block.child_block, item, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            data[prefix] = "on"
    else:
        data[prefix] = "" if value is None else str(value)
    return data


def _with_id(item):
    """A list item given as {"id", "value"}: posted with its id, as the editor does."""
    return isinstance(item, dict) and set(item) == {"id", "value"}


def survey_form(questions, **overrides):
    fields = {
        "title": "電子申請についてのアンケート",
        "slug": "e-application-survey",
        "introduction": rich_text("<p>ご意見をお聞かせください。</p>"),
        "thank_you": rich_text("<p>ありがとうございました。</p>"),
        "opens_at": "",
        "closes_at": "",
        "audience": "anyone",
        "one_response": "on",
        "min_group_size": "5",
        "results_visibility": "never",
        "comments": inline_formset([]),
    }
    fields.update(overrides)
    data = nested_form_data(fields)
    stream_block = SurveyPage._meta.get_field("questions").stream_block
    return _block_data(stream_block, questions, "questions", data)


def add(client, survey_index, questions, **overrides):
    url = reverse("wagtailadmin_pages:add", args=["surveys", "surveypage", survey_index.pk])
    return client.post(url, survey_form(questions, **overrides))


def question_errors(response):
    """The errors of the questions field as Wagtail sends them to the editor's blocks."""
    assert response.status_code == 200, "the editor accepted the survey"
    errors = response.context["form"].errors
    return errors["questions"].as_data()[0].as_json_data()["blockErrors"]


def field_messages(errors, index, *path):
    node = errors[index]
    for name in path:
        node = node["blockErrors"][name]
    return " ".join(node["messages"])


def test_editor_creates_a_survey_with_sections_conditions_and_limits(editor_client, survey_index):
    questions = [
        {"type": "section", "id": str(uuid.uuid4()), "value": {"heading": "あなたについて"}},
        choice("Q1", "電子申請を使ったことはありますか", ["ある", "ない"], allow_other=True),
        question(
            "multiple_choice",
            "Q2",
            "使った手続きを選んでください",
            choices=["住民票", "転出届", "子育て"],
            min_selected=1,
            max_selected=3,
            condition=condition("Q1", "ある"),
        ),
        {
            "type": "section",
            "id": str(uuid.uuid4()),
            "value": {"heading": "ご意見", "condition": condition("Q1", "その他")},
        },
        question("number", "Q3", "窓口に行く回数", min_value="0", max_value="12"),
        question("long_text", "", "ご意見", condition=condition("Q2", "転出届", "includes")),
    ]

    response = add(editor_client, survey_index, questions, **{"action-publish": "action-publish"})

    assert response.status_code == 302, response.context["form"].errors
    survey = SurveyPage.objects.get(slug="e-application-survey")
    assert survey.live
    assert [child.block_type for child in survey.questions][1:3] == [
        "single_choice",
        "multiple_choice",
    ]


def test_question_codes_are_unique_in_a_survey(editor_client, survey_index):
    questions = [
        choice("Q1", "電子申請を使ったことはありますか", ["ある", "ない"]),
        question("short_text", "Q1", "お住まいの市区町村"),
    ]

    errors = question_errors(add(editor_client, survey_index, questions))

    assert list(errors) == [1]
    assert "電子申請を使ったことはありますか" in field_messages(errors, 1, "code")


@pytest.mark.parametrize(
    ("code", "later"),
    [("Q9", False), ("Q3", True), ("Q2", True)],
    ids=["unknown code", "later question", "itself"],
)
def test_a_condition_names_an_earlier_question(editor_client, survey_index, code, later):
    questions = [
        choice("Q1", "電子申請を使ったことはありますか", ["ある", "ない"]),
        question("short_text", "Q2", "お住まいの市区町村", condition=condition(code, "ある")),
        choice("Q3", "窓口には行きますか", ["ある", "ない"]),
    ]

    errors = question_errors(add(editor_client, survey_index, questions))

    assert list(errors) == [1]
    assert code in field_messages(errors, 1, "condition", "question")


def test_a_section_condition_names_an_earlier_question(editor_client, survey_index):
    questions = [
        {
            "type": "section",
            "id": str(uuid.uuid4()),
            "value": {"heading": "はじめに", "condition": condition("Q1", "ある")},
        },
        choice("Q1", "電子申請を使ったことはありますか", ["ある", "ない"]),
    ]

    errors = question_errors(add(editor_client, survey_index, questions))

    assert "Q1" in field_messages(errors, 0, "condition", "question")


@pytest.mark.parametrize(
    ("kind", "answer", "accepted"),
    [
        ("single_choice", "ある", True),
        ("single_choice", "ＡＢＣ", False),
        ("dropdown", "たぶん", False),
        ("multiple_choice", "住民票", False),
        ("single_choice", "その他", False),
        ("short_text", "札幌市", True),
    ],
)
def test_a_condition_on_a_choice_question_names_one_of_its_choices(
    editor_client, survey_index, kind, answer, accepted
):
    questions = [
        question(kind, "Q1", "電子申請を使ったことはありますか", choices=["ある", "ない"]),
        question("long_text", "Q2", "それはなぜですか", condition=condition("Q1", answer)),
    ]

    response = add(editor_client, survey_index, questions)

    if accepted:
        assert response.status_code == 302
    else:
        message = field_messages(question_errors(response), 1, "condition", "value")
        assert answer in message
        assert "ある、ない" in message


@pytest.mark.parametrize("other", ["その他", "other"])
def test_a_condition_may_name_other_when_the_question_offers_it(editor_client, survey_index, other):
    questions = [
        choice("Q1", "一番の課題は何ですか", ["操作", "本人確認"], allow_other=True),
        question("long_text", "Q2", "具体的に教えてください", condition=condition("Q1", other)),
    ]

    assert add(editor_client, survey_index, questions).status_code == 302


def test_a_condition_needs_both_a_question_and_an_answer(editor_client, survey_index):
    questions = [
        choice("Q1", "電子申請を使ったことはありますか", ["ある", "ない"]),
        question("short_text", "Q2", "市区町村", condition=condition("", "ある")),
        question("short_text", "Q3", "都道府県", condition=condition("Q1", "")),
    ]

    errors = question_errors(add(editor_client, survey_index, questions))

    assert field_messages(errors, 1, "condition", "question")
    assert field_messages(errors, 2, "condition", "value")


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        ({"min_selected": 3, "max_selected": 2}, "max_selected"),
        ({"max_selected": 4}, "max_selected"),
        ({"min_selected": 4}, "min_selected"),
    ],
    ids=["min above max", "max above choices", "min above choices"],
)
def test_multiple_choice_limits_fit_the_choices(editor_client, survey_index, limits, field):
    choices = ["住民票", "転出届", "子育て"]
    questions = [question("multiple_choice", "Q1", "使った手続き", choices=choices, **limits)]

    errors = question_errors(add(editor_client, survey_index, questions))

    assert field_messages(errors, 0, field)


def test_other_counts_as_a_choice_for_the_limits(editor_client, survey_index):
    questions = [
        question(
            "multiple_choice",
            "Q1",
            "使った手続き",
            choices=["住民票", "転出届", "子育て"],
            allow_other=True,
            max_selected=4,
        )
    ]

    assert add(editor_client, survey_index, questions).status_code == 302


def test_number_minimum_is_not_above_maximum(editor_client, survey_index):
    questions = [question("number", "Q1", "窓口に行く回数", min_value="10", max_value="2")]

    errors = question_errors(add(editor_client, survey_index, questions))

    assert field_messages(errors, 0, "max_value")


def test_a_survey_closes_after_it_opens(editor_client, survey_index):
    questions = [choice("Q1", "電子申請を使ったことはありますか", ["ある", "ない"])]

    response = add(
        editor_client,
        survey_index,
        questions,
        opens_at="2026-12-10 09:00",
        closes_at="2026-12-01 09:00",
    )

    assert response.status_code == 200
    assert "closes_at" in response.context["form"].errors
    assert not SurveyPage.objects.exists()


def test_an_anonymous_survey_cannot_email_receipts(editor_client, survey_index):
    questions = [choice("Q1", "電子申請を使ったことはありますか", ["ある", "ない"])]

    response = add(editor_client, survey_index, questions, anonymous="on", email_receipt="on")

    assert response.status_code == 200
    assert response.context["form"].errors["email_receipt"] == [
        "匿名のアンケートでは回答の控えをメールで送れません。控えが会員と回答を結びつけてしまうためです。"
    ]
    assert not SurveyPage.objects.exists()


def _answered(survey, *, is_test=False):
    """A response answering the survey's first question, written directly."""
    child = survey.questions[0]
    response = Response.objects.create(
        survey=survey, submission_token=uuid.uuid4(), is_test=is_test
    )
    Answer.objects.create(
        response=response,
        survey=survey,
        question_id=child.id,
        question_type=child.block_type,
        question_label=child.value["text"],
        choice_label="ある",
    )
    return child


def _edit(client, survey, questions):
    url = reverse("wagtailadmin_pages:edit", args=[survey.pk])
    return client.post(url, survey_form(questions, title=survey.title, slug=survey.slug))


def _as_raw(child, **changes):
    return {"type": child.block_type, "id": child.id, "value": dict(child.value), **changes}


def _raw_value(child):
    value = child.block.get_prep_value(child.value)
    value["choices"] = [item["value"] for item in value.get("choices", [])]
    return value


@pytest.fixture
def answered_survey(survey_index):
    survey = SurveyPageFactory(parent=survey_index)
    return survey, _answered(survey)


def test_a_question_with_answers_keeps_its_type(editor_client, answered_survey):
    survey, child = answered_survey
    changed = {"type": "dropdown", "id": child.id, "value": _raw_value(child)}

    errors = question_errors(_edit(editor_client, survey, [changed]))

    message = " ".join(errors[0]["messages"])
    assert "電子申請を使ったことはありますか" in message
    assert SurveyPage.objects.get(pk=survey.pk).get_latest_revision() is None


def test_a_question_with_answers_can_be_reworded_or_removed(editor_client, answered_survey):
    survey, child = answered_survey
    reworded = {"type": child.block_type, "id": child.id, "value": _raw_value(child)}
    reworded["value"]["text"] = "この1年で電子申請を使いましたか"

    assert _edit(editor_client, survey, [reworded]).status_code == 302

    replacement = question("long_text", "Q2", "ご意見をどうぞ")
    assert _edit(editor_client, survey, [replacement]).status_code == 302
    assert Answer.objects.filter(question_id=child.id).count() == 1


def test_test_answers_do_not_lock_a_question_type(editor_client, survey_index):
    survey = SurveyPageFactory(parent=survey_index)
    child = _answered(survey, is_test=True)
    changed = {"type": "dropdown", "id": child.id, "value": _raw_value(child)}

    assert _edit(editor_client, survey, [changed]).status_code == 302


def test_the_editor_warns_about_responses(editor_client, answered_survey):
    survey, _child = answered_survey

    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[survey.pk]))

    assert response.status_code == 200
    assert 'class="help-block help-warning"' in response.content.decode()


def test_editors_can_add_the_survey_index_and_surveys(editor_client, home_page):
    add_index = reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk])
    assert "surveyindexpage" in editor_client.get(add_index).content.decode()

    survey_index = SurveyIndexPageFactory(parent=home_page)
    opens = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    questions = [choice("Q1", "電子申請を使ったことはありますか", ["ある", "ない"])]

    response = add(editor_client, survey_index, questions, opens_at=opens)

    assert response.status_code == 302
    assert SurveyPage.objects.child_of(survey_index).exists()


def test_a_survey_people_answered_is_never_deleted_with_its_page(editor_client, survey_index):
    from surveys.models import Response

    survey = SurveyPageFactory(parent=survey_index)
    _answered(survey)
    url = reverse("wagtailadmin_pages:delete", args=[survey.pk])

    response = editor_client.post(url, follow=True)

    assert SurveyPage.objects.filter(pk=survey.pk).exists()
    assert Response.objects.filter(survey=survey).exists()
    assert "回答は保存されています。" in response.content.decode()


def test_a_survey_with_only_test_answers_is_deleted_with_them(editor_client, survey_index):
    survey = SurveyPageFactory(parent=survey_index)
    _answered(survey, is_test=True)

    editor_client.post(reverse("wagtailadmin_pages:delete", args=[survey.pk]))

    assert not SurveyPage.objects.filter(pk=survey.pk).exists()


def _answered_as(survey, child_id, block_type):
    response = Response.objects.create(survey=survey, submission_token=uuid.uuid4())
    Answer.objects.create(
        response=response,
        survey=survey,
        question_id=child_id,
        question_type=block_type,
        question_label="…",
        value_number=2,
    )


def test_an_answered_rating_keeps_its_range(editor_client, survey_index):
    rating = question("rating", "Q1", "窓口の満足度", scale="5", required=True)
    survey = SurveyPageFactory(parent=survey_index, questions=[rating])
    _answered_as(survey, rating["id"], "rating")

    errors = question_errors(
        _edit(editor_client, survey, [{**rating, "value": {**rating["value"], "scale": "10"}}])
    )

    assert "回答" in field_messages(errors, 0, "scale")


def test_an_answered_matrix_keeps_its_scale_points_but_may_reword_them(editor_client, survey_index):
    scale = [{"id": f"s{n}", "value": label} for n, label in enumerate(["低", "中", "高"])]
    rows = [{"id": "r1", "value": "手続きが速い"}]
    matrix = question("matrix", "Q1", "評価", rows=rows, scale=scale, required=True)
    stored = {"type": "item"}  # how a ListBlock keeps its items
    survey = SurveyPageFactory(
        parent=survey_index,
        questions=[
            {
                **matrix,
                "value": {
                    **matrix["value"],
                    "rows": [{**stored, **item} for item in rows],
                    "scale": [{**stored, **item} for item in scale],
                },
            }
        ],
    )
    _answered_as(survey, matrix["id"], "matrix")

    reordered = {**matrix, "value": {**matrix["value"], "scale": scale[::-1]}}
    reworded = [{**scale[0], "value": "低い"}, scale[1], scale[2]]
    reworded_matrix = {**matrix, "value": {**matrix["value"], "scale": reworded}}

    assert field_messages(question_errors(_edit(editor_client, survey, [reordered])), 0, "scale")
    assert _edit(editor_client, survey, [reworded_matrix]).status_code == 302
