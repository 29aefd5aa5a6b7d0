"""Published results and rating scales read on a phone (issue 19, item 4), on a phone (390 by
844) and a desktop, and on the narrowest phones (360 and 320 CSS pixels wide): every text of a
published chart is drawn at 12 px or more, and a 0–10 scale is one row of equal boxes with its
end labels under its ends."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# For each text of each chart: its font size in the SVG's units times the SVG's scale on the page.
CHART_TEXT_SIZES = """() => [...document.querySelectorAll("svg.survey-chart")].flatMap(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll("text")].map(text => ({
        text: text.textContent.trim(),
        px: parseFloat(getComputedStyle(text).fontSize) * scale,
    }));
})"""


@pytest.fixture
def published_results(live_server, transactional_db, django_db_serialized_rollback):
    from surveys.models import ResultsVisibility
    from surveys.selectors.published import publishable_question_ids
    from surveys.services import results_publication_set
    from tests.factories import HomePageFactory, StaffUserFactory, SurveyIndexPageFactory
    from tests.surveys.results_data import ten_respondents_survey

    SurveyIndexPageFactory(parent=HomePageFactory())
    survey = ten_respondents_survey()
    survey.results_visibility = ResultsVisibility.AFTER_CLOSING
    survey.closes_at = timezone.now() - datetime.timedelta(days=1)
    survey.save()
    results_publication_set(
        survey=survey,
        question_ids=publishable_question_ids(survey),
        user=StaffUserFactory(groups=["Analysts"]),
    )
    return survey


# Narrow widths are a phone's: the desktop does not run at 360 px.
@pytest.mark.parametrize(
    ("viewport", "width"),
    [("phone", None), ("desktop", None), ("phone", 360)],
    indirect=["viewport"],
)
def test_every_chart_text_is_at_least_12_px(page, viewport, published_results, width):
    if width:
        page.set_viewport_size({"width": width, "height": 800})

    page.goto(f"{published_results.url}results/")
    sizes = page.evaluate(CHART_TEXT_SIZES)

    assert len(sizes) > 30  # every published question's chart: labels, values, axes
    small = [size for size in sizes if size["px"] < 12]
    assert small == [], small
    # …and not blown up on a wide screen either.
    assert max(size["px"] for size in sizes) < 18


@pytest.fixture
def nps_survey(live_server, transactional_db, django_db_serialized_rollback):
    from tests.surveys.respondent import question, survey_create

    return survey_create(
        question(
            "nps",
            "nps",
            "このサービスを知人に勧めますか",
            low_label="まったく勧めない",
            high_label="ぜひ勧めたい",
        )
    )


# Narrow widths are a phone's: the desktop does not run at 320 px.
@pytest.mark.parametrize(
    ("viewport", "width"),
    [("phone", None), ("desktop", None), ("phone", 320)],
    indirect=["viewport"],
)
def test_a_0_to_10_scale_is_one_row_with_its_ends_labelled(page, viewport, nps_survey, width):
    if width:
        page.set_viewport_size({"width": width, "height": 800})

    page.goto(nps_survey.url)
    boxes = page.locator(".survey-scale label:has(input)")
    expect(boxes).to_have_count(11)
    frames = [boxes.nth(i).bounding_box() for i in range(11)]

    assert len({round(frame["y"]) for frame in frames}) == 1  # one row
    widths = [frame["width"] for frame in frames]
    assert max(widths) - min(widths) <= 1  # equal boxes
    # 24 px apart at least (WCAG 2.5.8), and high enough for a thumb.
    assert frames[1]["x"] - frames[0]["x"] >= 24
    assert min(frame["height"] for frame in frames) >= 44
    assert boxes.nth(5).inner_text() == "5"
    assert boxes.nth(10).locator(".visually-hidden").inner_text() == "（ぜひ勧めたい）"

    ends = page.locator(".survey-scale__ends span")
    expect(ends).to_have_text(["まったく勧めない", "ぜひ勧めたい"])
    low, high = ends.nth(0).bounding_box(), ends.nth(1).bounding_box()
    assert abs(low["x"] - frames[0]["x"]) <= 2
    assert abs((high["x"] + high["width"]) - (frames[10]["x"] + frames[10]["width"])) <= 2

    # The end points are named with their labels; a tap on a box chooses it.
    boxes.nth(10).click()
    expect(page.get_by_role("radio", name="10 （ぜひ勧めたい）", exact=True)).to_be_checked()
    boxes.nth(0).click()
    expect(page.get_by_role("radio", name="0 （まったく勧めない）", exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name="5", exact=True)).not_to_be_checked()
