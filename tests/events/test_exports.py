"""The export of an event's registrations (events.exports and its two downloads): UTF-8 with a
BOM, formula-safe, answers as columns, times in Japan time."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events.exports import registration_table
from tests.factories import MemberFactory, RegistrationFactory, log_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(event):
    event.questions = [
        ("single_choice", {"text": "手話通訳", "choices": ["必要", "不要"], "required": False}),
        (
            "multiple_choice",
            {"text": "利用するもの", "choices": ["駐車場", "託児"], "required": False},
        ),
    ]
    event.save()
    return event


@pytest.fixture
def staff_client(client, event_index):
    log_in_as(client, "Event staff")  # who edit the events under every event index
    return client


def test_the_table_has_the_answers_as_columns(asked):
    sign, parking = (block.id for block in asked.questions)
    checked = datetime(2026, 12, 7, 1, 2, 3, tzinfo=UTC)
    RegistrationFactory(
        event=asked,
        name="申込 一郎",
        email="ichiro@example.jp",
        answers={
            sign: {"question": "手話通訳", "value": "必要", "text": "必要"},
            parking: {
                "question": "利用するもの",
                "value": ["駐車場", "託児"],
                "text": "駐車場、託児",
            },
        },
        checked_in_at=checked,
    )
    RegistrationFactory(event=asked, member=MemberFactory(email="m@example.jp"), name="", email="")

    header, rows = registration_table(asked)
    rows = list(rows)

    assert header[-2:] == ["手話通訳", "利用するもの"]
    assert rows[0][3:5] == ["申込 一郎", "ichiro@example.jp"]
    assert rows[0][-2:] == ["必要", "駐車場、託児"]
    assert rows[0][8] == datetime(2026, 12, 7, 10, 2, 3)  # Japan time
    assert rows[1][4] == "m@example.jp"


def test_the_csv_opens_in_excel_and_runs_no_formula(staff_client, asked):
    RegistrationFactory(event=asked, name='=HYPERLINK("http://evil")', email="x@example.jp")

    response = staff_client.get(reverse("event_staff:csv", args=[asked.pk]))
    body = b"".join(response.streaming_content).decode("utf-8")

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:2] == ["番号", "状態"]
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'


def test_the_workbook_has_the_same_rows(staff_client, asked):
    RegistrationFactory(event=asked, name="申込 一郎")

    response = staff_client.get(reverse("event_staff:xlsx", args=[asked.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    sheet = workbook.worksheets[0]
    assert sheet.cell(row=2, column=4).value == "申込 一郎"
    assert sheet.cell(row=1, column=10).value == "手話通訳"
