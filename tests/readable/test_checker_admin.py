"""The やさしい日本語 checker in the admin: the check endpoint (readable.admin_views) — who may use
it, CSRF, what it reads from rich text and StreamField values and what it answers —, the
editor's panel (readable.panels) in a small form, and the list of words to rephrase
(言い換え語リスト), which Editors keep and which applies at once."""

import json

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.blocks import CharBlock, ListBlock, RichTextBlock, StreamBlock, StructBlock

from readable.field_text import field_text
from readable.models import PlainWordEntry
from readable.panels import EasyJapaneseCheckPanel
from tests.factories import StaffUserFactory, log_in_as

URL = reverse("readable_easy_japanese_check")
LONG = "この手続きはマイナンバーカードを持っている人なら市役所の窓口でできます。"


def test_the_check_answers_json_for_each_field(client, db):
    log_in_as(client, "Editors")

    response = client.post(URL, {"text-easy_body": ["ごみは 朝 出します。", "三月に 始まります。"]})

    assert response.status_code == 200
    (field,) = response.json()["fields"]
    assert field["name"] == "easy_body"
    (warning,) = field["warnings"]
    assert warning["sentence"] == "三月に 始まります。"
    assert warning["sentence_index"] == 1
    assert warning["rule"] == "kanji_number"
    assert warning["message"] == "「三」は漢数字です。「3」のように数字で書いてください。"
    assert "<mark>三</mark>月に 始まります。" in field["html"]
    assert response.json()["summary"] == "チェックしました。指摘は1件です。"


def test_a_field_left_empty_has_nothing_to_point_out(client, db):
    log_in_as(client, "Editors")

    (field,) = client.post(URL, {"text-easy_title": ""}).json()["fields"]

    assert field["warnings"] == []
    assert "指摘はありません。" in field["html"]


def test_the_grade_is_sent_with_the_texts(client, db):
    log_in_as(client, "Editors")
    text = "市役所で 聞いて ください。"

    at_three = client.post(URL, {"grade": "3", "text-body": text}).json()["fields"][0]
    at_two = client.post(URL, {"grade": "2", "text-body": text}).json()["fields"][0]

    assert at_three["warnings"] == []
    assert [warning["rule"] for warning in at_two["warnings"]] == ["kanji"]
    assert client.post(URL, {"grade": "9", "text-body": text}).status_code == 400


def test_rich_text_as_the_editor_sends_it_and_stream_field_values_are_read_as_text(client, db):
    log_in_as(client, "Editors")
    draftail = json.dumps(
        {
            "blocks": [{"text": "先生が いらっしゃいます。"}, {"text": "毎日 来ます。"}],
            "entityMap": {},
        },
        ensure_ascii=False,
    )
    stream = {
        "text-easy_body": [
            draftail,
            "<p>ガイドラインを 読んで ください。</p>",
            "https://example.jp/a/very/long/address/that/is/no/sentence/",
            "42",
        ]
    }

    (field,) = client.post(URL, stream).json()["fields"]

    assert [(w["sentence"], w["rule"]) for w in field["warnings"]] == [
        ("先生が いらっしゃいます。", "honorific"),
        ("ガイドラインを 読んで ください。", "plain_word"),
    ]


def test_saved_rich_text_and_stream_field_values_become_lines_of_text():
    block = StreamBlock([("heading", CharBlock()), ("paragraph", RichTextBlock())])
    value = block.to_python(
        [
            {"type": "heading", "value": "ごみの 出し方"},
            {"type": "paragraph", "value": "<p>朝 出します。</p><p>夜は 出しません。</p>"},
        ]
    )

    assert field_text(value) == "ごみの 出し方\n朝 出します。\n夜は 出しません。"
    assert field_text("<p>一つ目</p><ul><li>二つ目</li></ul>") == "一つ目\n・二つ目"


def test_with_a_key_prefix_only_the_block_children_so_named_are_read_at_any_depth():
    item = StructBlock([("label", CharBlock()), ("easy_label", CharBlock())])
    question = StructBlock(
        [("text", CharBlock()), ("easy_text", CharBlock()), ("choices", ListBlock(item))]
    )
    value = StreamBlock([("question", question)]).to_python(
        [
            {
                "type": "question",
                "value": {
                    "text": "ご利用になりましたか",
                    "easy_text": "使いましたか",
                    "choices": [
                        {"label": "利用した", "easy_label": "使った"},
                        {"label": "利用していない", "easy_label": ""},
                    ],
                },
            }
        ]
    )

    assert field_text(value, key_prefix="easy_") == "使いましたか\n使った"
    assert field_text(value).split("\n") == [
        "ご利用になりましたか",
        "使いましたか",
        "利用した",
        "使った",
        "利用していない",
    ]


def test_a_stream_fields_easy_texts_as_the_panel_sends_them(client, db):
    """What static/js/easy-japanese-check.js sends for a survey's questions with the prefix
    easy_: the values of questions-0-value-easy_text, questions-0-value-choices-0-value-
    easy_label…, under the field's name."""
    log_in_as(client, "Editors")

    (field,) = client.post(
        URL, {"text-questions": ["どこで 聞きましたか", "係の 人が いらっしゃいました"]}
    ).json()["fields"]

    assert field["name"] == "questions"
    assert [(w["sentence"], w["rule"]) for w in field["warnings"]] == [
        ("係の 人が いらっしゃいました", "honorific")
    ]


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_people_without_admin_access_are_sent_to_sign_in(client, db, role):
    log_in_as(client, role)

    response = client.post(URL, {"text-body": LONG})

    assert response.status_code == 302
    assert "warnings" not in response.content.decode()


@pytest.mark.parametrize("role", ["Moderators", "Analysts"])
def test_staff_who_edit_no_page_are_refused(client, db, role):
    log_in_as(client, role)

    response = client.post(URL, {"text-body": LONG})

    assert response.status_code == 403
    assert "warnings" not in response.content.decode()


def test_only_a_post_checks(client, db):
    log_in_as(client, "Editors")

    assert client.get(URL, {"text-body": LONG}).status_code == 405


def test_the_check_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffUserFactory(groups=["Editors"]))

    refused = client.post(URL, {"text-body": LONG})
    token = client.get(reverse("wagtailadmin_home")).context["csrf_token"]
    accepted = client.post(URL, {"text-body": LONG}, headers={"X-CSRFToken": str(token)})

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert accepted.json()["fields"][0]["warnings"][0]["rule"] == "long_sentence"


# --- The panel ---------------------------------------------------------------------------------


def bound_panel(entry, user, **panel_options):
    """The panel beside a text field in a small form (the plain words' own model serves)."""
    edit_handler = ObjectList(
        [FieldPanel("plain"), EasyJapaneseCheckPanel(["plain"], **panel_options)]
    ).bind_to_model(PlainWordEntry)
    request = RequestFactory().get("/admin/")
    request.user = user
    form = edit_handler.get_form_class()(instance=entry, for_user=user)
    return edit_handler.get_bound_panel(instance=entry, request=request, form=form)


def test_the_panel_lists_the_warnings_on_the_saved_values_and_offers_the_button(db, editor):
    entry = PlainWordEntry(word="スキーム2", plain="先生が いらっしゃいます。", kind="loanword")

    panel = bound_panel(entry, editor)
    html = panel.render_html()

    assert "やさしい日本語をチェック" in html
    assert f'data-check-url="{URL}"' in html
    assert 'data-fields="plain"' in html
    assert "<mark>いらっしゃい</mark>ます。" in html
    assert "「いらっしゃい」は尊敬語・謙譲語です。" in html
    assert "小学3年より後に習う漢字" in html
    assert "js/easy-japanese-check.js" in str(panel.media)


def test_the_panel_checks_kanji_from_its_grade(db, editor):
    entry = PlainWordEntry(word="w", plain="市役所で 聞きます。", kind="loanword")

    assert "指摘はありません。" in bound_panel(entry, editor, grade=3).render_html()
    assert (
        "「市役所」には小学2年より後に習う漢字" in bound_panel(entry, editor, grade=2).render_html()
    )


# --- The list of words to rephrase -------------------------------------------------------------


def test_the_starting_list_is_there(db):
    assert PlainWordEntry.objects.get(word="ガイドライン").plain == "きまり・説明"
    assert PlainWordEntry.objects.get(word="DX").kind == "abbreviation"


def test_editors_add_a_word_and_the_next_check_flags_it(client, db):
    log_in_as(client, "Editors")
    text = "サブスクを やめます。"
    assert client.post(URL, {"text-body": text}).json()["fields"][0]["warnings"] == []

    listing = client.get(reverse("wagtailsnippets_readable_plainwordentry:list"))
    added = client.post(
        reverse("wagtailsnippets_readable_plainwordentry:add"),
        {"word": "サブスク", "plain": "毎月 お金を はらう 契約", "kind": "abbreviation"},
    )
    (warning,) = client.post(URL, {"text-body": text}).json()["fields"][0]["warnings"]

    assert listing.status_code == 200 and "言い換え語リスト" in listing.content.decode()
    assert added.status_code == 302
    assert warning["message"] == (
        "「サブスク」は略語です。「毎月 お金を はらう 契約」のように言い換えてください。"
    )


def test_editors_change_and_delete_words(client, db):
    log_in_as(client, "Editors")
    entry = PlainWordEntry.objects.get(word="スキーム")

    changed = client.post(
        reverse("wagtailsnippets_readable_plainwordentry:edit", args=[entry.pk]),
        {"word": "スキーム", "plain": "やりかた", "kind": "loanword"},
    )
    message = client.post(URL, {"text-body": "新しい スキームです。"}).json()["fields"][0]
    deleted = client.post(
        reverse("wagtailsnippets_readable_plainwordentry:delete", args=[entry.pk])
    )

    assert changed.status_code == 302
    assert "「やりかた」のように言い換えてください。" in message["warnings"][0]["message"]
    assert deleted.status_code == 302
    assert not PlainWordEntry.objects.filter(word="スキーム").exists()


@pytest.mark.parametrize("role", ["Moderators", "Analysts"])
def test_other_staff_do_not_keep_the_list(client, db, role):
    log_in_as(client, role)

    response = client.post(
        reverse("wagtailsnippets_readable_plainwordentry:add"),
        {"word": "サブスク", "plain": "契約", "kind": "loanword"},
    )

    assert response.status_code in (302, 403)
    assert not PlainWordEntry.objects.filter(word="サブスク").exists()
