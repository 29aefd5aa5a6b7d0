"""An analyst (two-factor sign-in) on a phone (390 by 844) and on a desktop reads a survey's
results (issue 6): opens 「アンケート集計」 from the admin menu and the survey, sees the totals
and a chart beside its table, filters to residents (the figures change, the CSV holds only
them), breaks the results down by 立場 (small groups shown as 「—」) and downloads the CSV of
every response and the Excel workbook (回答 and 集計 sheets).

The survey is tests/surveys/results_data.py's ten respondents (minimum group size 3), whose
figures were worked out by hand: 4 residents, 3 of them said 良い; 2 businesses and 1 without a
立場 are hidden in the breakdown. Screenshots go to the temporary directory's shots/ (looked
at, not kept with the code).
"""

import csv
import io
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import ja, staff_signs_in, staff_user_with_authenticator

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots"  # looked at, not kept
BOM = b"\xef\xbb\xbf"
HIDDEN = "—"
# The survey is not anonymous, so who answered comes after the response's id, time, how it
# reached us and its sheet number (keyed-in responses).
HEADERS = [
    "回答ID",
    "回答日時",
    "回答方法",
    "整理番号",
    "会員ID",
    "ニックネーム",
    "立場",
    "都道府県",
    "満足度",
    "満足度（その他）",
]
DAY_ONE, DAY_TWO = "2026-11-10 10:00:00", "2026-11-11 00:30:00"  # results_data, Japan time


@pytest.fixture
def survey(live_server, transactional_db, django_db_serialized_rollback):
    from tests.factories import HomePageFactory, SurveyIndexPageFactory
    from tests.surveys.results_data import ten_respondents_survey

    SurveyIndexPageFactory(parent=HomePageFactory())
    return ten_respondents_survey()


@pytest.fixture
def analyst(transactional_db, django_db_serialized_rollback):
    return staff_user_with_authenticator(groups=["Analysts"])


def sign_in_to_the_admin(page, user):
    """The admin sends a visitor to sign in: the password, then a code from the app."""
    page.goto("/admin/")
    assert urlsplit(page.url).path == "/accounts/login/"
    staff_signs_in(page, user)
    assert urlsplit(page.url).path == "/admin/"


def open_from_the_menu(page, viewport, label):
    """Follow `label` in the admin's sidebar (behind its toggle on a phone)."""
    sidebar = page.locator("#wagtail-sidebar")
    if viewport == "phone":
        # Wagtail's own button (labelled in English by Wagtail's catalogue, hence the class).
        sidebar.locator("button.sidebar-nav-toggle--mobile").click()
    with page.expect_navigation():
        sidebar.get_by_role("link", name=label).click()


def section_of(page, question_text):
    return page.locator("section.results-question").filter(
        has=page.get_by_role("heading", level=2, name=question_text)
    )


def row_cells(table, label):
    """The texts of the cells after the row header `label`."""
    row = table.locator("tbody tr").filter(has=table.page.locator(f"th:text-is('{label}')"))
    expect(row).to_have_count(1)
    return [text.strip() for text in row.locator("td").all_inner_texts()]


def download_csv(page, survey):
    """Click 「回答データ（CSV）」: the rows of the file (headers first), which is named after
    the survey and starts with the BOM that makes Excel read UTF-8."""
    with page.expect_download() as download:
        page.get_by_role("link", name=ja("Responses (CSV)")).click()
    assert re.fullmatch(
        rf"survey-{survey.pk}-responses-\d{{8}}\.csv", download.value.suggested_filename
    )
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(BOM)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:10] == HEADERS
    return rows


def download_xlsx(page, survey):
    """Click 「回答と集計（Excel）」: the workbook's sheets by title, each as a list of rows."""
    from openpyxl import load_workbook

    with page.expect_download() as download:
        page.get_by_role("link", name=ja("Responses and summary (Excel)")).click()
    assert re.fullmatch(
        rf"survey-{survey.pk}-responses-\d{{8}}\.xlsx", download.value.suggested_filename
    )
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    return {sheet.title: [list(row) for row in sheet.values] for sheet in workbook}


def column(rows, header):
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def assert_fits(page, viewport, console_errors, step):
    """On a phone nothing is wider than the screen: neither the document nor the admin's
    <main> (which scrolls the page, and clips what is too wide); wide tables scroll in their
    own .results-scroll box."""
    if viewport == "phone":
        widths = page.evaluate(
            """() => [document.documentElement, document.getElementById("main")]
                .map(element => [element.scrollWidth, element.clientWidth])"""
        )
        for width, inner in widths:
            assert width <= inner, f"{step}: the page is {width}px wide on a {inner}px screen"
    assert console_errors == [], f"{step}: {console_errors}"


def assert_beside(chart, table, viewport):
    """The chart left of its table on a desktop, above it on a phone."""
    chart_box, table_box = chart.bounding_box(), table.bounding_box()
    if viewport == "phone":
        assert chart_box["y"] + chart_box["height"] <= table_box["y"]
    else:
        assert chart_box["x"] + chart_box["width"] <= table_box["x"]
        assert abs(chart_box["y"] - table_box["y"]) < chart_box["height"]


def shoot(page, name):
    """SHOTS/<name>.png of the whole page. The admin scrolls <main>, not the document, so the
    window is made as tall as <main>'s content for the picture."""
    size = page.viewport_size
    height = page.evaluate("() => document.getElementById('main').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": height})
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")
    page.set_viewport_size(size)


def test_an_analyst_filters_breaks_down_and_downloads_the_results(
    page, survey, analyst, viewport, console_errors
):
    from surveys.models import ResultsExport

    # 1–2. Two-factor sign-in, then 「アンケート集計」 and the survey.
    sign_in_to_the_admin(page, analyst)
    open_from_the_menu(page, viewport, ja("Survey results"))
    with page.expect_navigation():
        page.get_by_role("link", name=survey.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(survey.title)

    # 3. The totals, and each question's chart beside the table it draws.
    expect(page.locator(".results-count")).to_contain_text("10人の回答者を集計")
    satisfaction = section_of(page, "満足度")
    chart = satisfaction.locator("svg.survey-chart[role=img]")
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name("満足度")
    expect(chart).to_have_attribute("aria-describedby", re.compile(r"(^| )table-sat( |$)"))
    table = satisfaction.locator("table#table-sat")
    expect(table).to_be_visible()
    assert_beside(chart, table, viewport)
    assert row_cells(table, "良い") == ["5", "50.0%"]
    assert_fits(page, viewport, console_errors, "the results")
    shoot(page, f"results-{viewport}")

    # 4. Only residents: 4 respondents, 3 of them said 良い; the CSV holds those 4.
    resident = ja("Resident")
    filters = page.locator("form.results-filters")
    filters.locator("details summary", has_text="立場").click()
    filters.get_by_label(resident, exact=True).check()
    with page.expect_navigation():
        filters.get_by_role("button", name=ja("Apply")).click()
    expect(page.locator(".results-count")).to_contain_text("4人の回答者を集計（全10人）")
    expect(filters.locator(".results-filters__active")).to_contain_text(f"立場：{resident}")
    expect(filters.get_by_label(resident, exact=True)).to_be_checked()
    assert row_cells(table, "良い") == ["3", "75.0%"]
    assert_fits(page, viewport, console_errors, "filtered to residents")

    rows = download_csv(page, survey)
    assert column(rows, "立場") == [resident] * 4
    assert column(rows, "回答日時") == [DAY_ONE] * 4

    # 5. No filter, broken down by 立場: residents shown, the small groups as 「—」.
    with page.expect_navigation():
        filters.get_by_role("link", name=ja("Clear")).click()
    expect(page.locator(".results-count")).to_contain_text("10人の回答者を集計")
    filters.get_by_label(ja("Break down by")).select_option(label="立場")
    with page.expect_navigation():
        filters.get_by_role("button", name=ja("Apply")).click()
    breakdown = satisfaction.locator(".results-breakdown")
    expect(breakdown.get_by_role("heading", level=3)).to_have_text("「立場」別")
    by_type = breakdown.locator("table#table-sat-by")
    assert row_cells(by_type, resident)[:2] == ["4", "3 (75.0%)"]
    assert row_cells(by_type, ja("Municipal employee"))[:2] == ["3", "1 (33.3%)"]
    expect(by_type.locator("tr.results-hidden")).to_have_count(2)
    for label in (ja("Local business"), ja("No answer")):
        assert set(row_cells(by_type, label)) == {HIDDEN}
    assert_fits(page, viewport, console_errors, "broken down by 立場")
    shoot(page, f"results-{viewport}-by-type")

    # 6. Every response as CSV: BOM, Japanese headers, ten rows.
    rows = download_csv(page, survey)
    assert len(rows) == 1 + 10
    assert column(rows, "回答日時") == [DAY_ONE] * 5 + [DAY_TWO] * 5
    assert column(rows, "満足度（その他）").count("わからない") == 1
    assert sorted(column(rows, "立場")) == sorted(
        [resident] * 4 + [ja("Local business")] * 2 + [ja("Municipal employee")] * 3 + [""]
    )

    # 7. The same as an Excel workbook: the responses, and the summary broken down by 立場.
    sheets = download_xlsx(page, survey)
    assert list(sheets) == [ja("Responses"), ja("Summary", context="spreadsheet sheet")]
    responses = sheets[ja("Responses")]
    assert responses[0][:10] == HEADERS and len(responses) == 1 + 10
    assert [row[0] for row in sheets[ja("Summary", context="spreadsheet sheet")][:1]] == [
        survey.title
    ]
    assert ResultsExport.objects.filter(user=analyst).count() == 3
    assert console_errors == []
