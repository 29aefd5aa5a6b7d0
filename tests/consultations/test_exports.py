"""The outcome table as files anyone downloads from the outcome page (consultations.exports):
the published table only, as CSV (UTF-8 with BOM, formula-safe) and Excel, in the reader's
language."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from consultations import services
from consultations.models import Disposition
from tests.consultations.conftest import keys
from tests.factories import log_in_as

HEADER_JA = [
    "No.",
    "意見の概要",
    "件数",
    "市の考え方",
    "対応",
    "その後の対応",
    "経過",
    "寄せられた意見（抜粋）",
]
VIEW = (
    "<p>支所への導入を<b>検討</b>します。</p>"
    '<p>詳しくは<a linktype="page" id="3">計画</a>をご覧ください。</p>'
)


@pytest.fixture(autouse=True)
def _japan_date(monkeypatch):
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2026, 12, 6, 15, 30, tzinfo=datetime.UTC)
    )


@pytest.fixture
def outcome(consultation, opinions):
    """The consultation published with one answered group: two opinions, the second quoted
    as staff masked it, a follow-up note."""
    group = services.group_create(
        consultation=consultation, summary="=支所にも広げてほしい", keys=keys(*opinions[:2])
    )
    services.group_update(
        group=group,
        summary=group.summary,
        view=VIEW,
        disposition=Disposition.objects.get(label="今後の参考とします"),
        progress="",
    )
    second = group.members.get(comment=opinions[1])
    services.quotes_set(group=group, quotes={second.pk: "○○の母が支所で困っていました。"})
    services.progress_note_add(
        group=group,
        progress="underway",
        note="北支所で試行を始めました。",
        noted_on=datetime.date(2026, 12, 1),
        author=None,
    )
    consultation.save_revision().publish()
    consultation.refresh_from_db()
    return consultation


def _csv(client, page, language=""):
    response = client.get(f"{language}{page.url}outcome.csv")
    assert response.status_code == 200
    return response


def test_the_csv_is_the_published_table_utf8_with_bom_and_formula_safe(client, outcome):
    response = _csv(client, outcome)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="consultation-{outcome.pk}-outcome-20261207.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, row = text[1:].split("\r\n", 1)
    assert header == ",".join(HEADER_JA)
    assert row == (
        "1,'=支所にも広げてほしい,2,"
        '"支所への導入を検討します。\n詳しくは計画をご覧ください。",'
        "今後の参考とします,実施中,"
        "2026年12月1日 実施中: 北支所で試行を始めました。,"
        "○○の母が支所で困っていました。\r\n"
    )


def test_the_excel_file_holds_the_same_cells(client, outcome):
    response = client.get(f"{outcome.url}outcome.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"consultation-{outcome.pk}-outcome-20261207.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["意見と回答"]
    header, row = workbook["意見と回答"].iter_rows(values_only=True)
    assert list(header) == HEADER_JA
    assert list(row) == [
        1,
        "=支所にも広げてほしい",  # a text cell: shown as written, never run
        2,
        "支所への導入を検討します。\n詳しくは計画をご覧ください。",
        "今後の参考とします",
        "実施中",
        "2026年12月1日 実施中: 北支所で試行を始めました。",
        "○○の母が支所で困っていました。",
    ]
    assert workbook["意見と回答"]["B2"].data_type == "s"


def test_a_drafts_changes_never_reach_the_files(client, outcome):
    group = outcome.opinion_groups.get()
    services.group_update(
        group=group,
        summary="書き直した概要",
        view="<p>新しい回答</p>",
        disposition=None,
        progress="",
    )
    outcome.save_revision()  # submitted, not approved

    csv_text = _csv(client, outcome).content.decode()
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(f"{outcome.url}outcome.xlsx").streaming_content))
    )

    assert "支所にも広げてほしい" in csv_text
    assert "書き直した概要" not in csv_text and "新しい回答" not in csv_text
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "書き直した概要" not in cells and "=支所にも広げてほしい" in cells


@pytest.mark.parametrize("role", ["anonymous", "member", "Editors"])
def test_an_unpublished_outcomes_files_are_not_found(client, consultation, opinions, role):
    services.group_create(consultation=consultation, summary="支所", keys=keys(opinions[0]))
    consultation.save_revision()
    log_in_as(client, role)

    base = f"/{consultation.get_parent().slug}/{consultation.slug}/"
    for name in ("outcome.csv", "outcome.xlsx"):
        response = client.get(f"{base}{name}")
        assert response.status_code == 404, name
        assert "支所" not in response.content.decode(), name


def test_an_unpublished_outcomes_files_are_gone_with_it(client, outcome):
    outcome.unpublish()

    assert client.get(f"/outcomes/{outcome.slug}/outcome.csv").status_code == 404
    assert client.get(f"/outcomes/{outcome.slug}/outcome.xlsx").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_anyone_who_reads_the_page_downloads_it(client, outcome, role):
    log_in_as(client, role)

    assert _csv(client, outcome).content.decode().count("\r\n") == 2


def test_english_readers_get_english_headers(client, outcome):
    text = _csv(client, outcome, language="/en").content.decode()

    assert text[1:].split("\r\n")[0] == (
        "No.,Summary of the opinions,Count,The city’s view,Response,Follow-up,Progress,"
        "Opinions received (excerpts)"
    )
    assert "Dec. 1, 2026 Underway: 北支所で試行を始めました。" in text


def test_the_page_links_to_both_files_below_the_table(client, outcome):
    html = client.get(outcome.url).content.decode()

    table_end = html.index("</table>")
    csv_link = f'<a href="{outcome.url}outcome.csv" download>意見と回答の一覧（CSV形式）</a>'
    xlsx_link = f'<a href="{outcome.url}outcome.xlsx" download>意見と回答の一覧（Excel形式）</a>'
    assert html.index(csv_link) > table_end and html.index(xlsx_link) > table_end
    assert "文字コードは UTF-8（BOM付き）です。Excel などの表計算ソフトで開けます。" in html


def test_the_english_page_links_to_the_english_files(client, outcome):
    html = client.get(f"/en/outcomes/{outcome.slug}/").content.decode()

    assert f'href="/en/outcomes/{outcome.slug}/outcome.csv"' in html
    assert "Table of opinions and answers (Excel)" in html


def test_a_restricted_outcomes_files_ask_to_sign_in_as_its_page_does(client, outcome):
    PageViewRestriction.objects.create(page=outcome, restriction_type="login")

    for name in ("", "outcome.csv", "outcome.xlsx"):
        response = client.get(f"{outcome.url}{name}")
        assert response.status_code == 302, name
        assert response["Location"].endswith(f"login/?next={outcome.url}{name}"), name
