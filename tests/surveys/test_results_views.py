"""The analysts' results screens: who reaches them, and what an analyst reads on each."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, StaffUserFactory
from tests.surveys.results_data import DAY_TWO, answer, ten_respondents_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    """Ten respondents, and two more who only wrote an opinion: three texts, enough to show."""
    survey = ten_respondents_survey()
    answer(survey, DAY_TWO, txt="子育ての申請が夜でもできて助かりました")
    answer(survey, DAY_TWO, txt="窓口も残してほしい")
    return survey


@pytest.fixture
def analyst(client):
    analyst = StaffUserFactory(groups=["Analysts"])
    client.force_login(analyst)
    return analyst


def _urls(survey):
    urls = [reverse("survey_results:index")]
    names = ["results", "print", "responses"]
    urls += [reverse(f"survey_results:{name}", args=[survey.pk]) for name in names]
    urls.append(reverse("survey_results:texts", args=[survey.pk, "txt"]))
    exports = ["export_responses_csv", "export_responses_xlsx", "export_summary_csv"]
    urls += [reverse(f"survey_results:{name}", args=[survey.pk]) for name in exports]
    return urls


@pytest.mark.parametrize("role", ["anonymous", "member", "Editors", "Moderators"])
def test_nobody_but_analysts_reaches_a_results_screen_or_export(client, survey, role):
    if role == "member":
        client.force_login(MemberFactory(email_verified=True))
    elif role != "anonymous":
        client.force_login(StaffUserFactory(groups=[role]))

    for url in _urls(survey):
        response = client.get(url)
        if role in ("anonymous", "member"):  # Wagtail sends them to sign in, showing nothing
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
        else:
            assert response.status_code == 403, url
        assert "良い" not in response.content.decode(errors="replace"), url


def test_analysts_open_every_results_screen(client, survey, analyst):
    for url in _urls(survey):
        assert client.get(url).status_code == 200, url


def test_results_screens_take_the_staff_report_stylesheet_then_their_own(client, survey, analyst):
    for name in ("results", "print"):
        html = client.get(reverse(f"survey_results:{name}", args=[survey.pk])).content.decode()

        assert html.index("css/staff-report.css") < html.index("css/survey-results.css"), name


def test_the_survey_list_links_to_the_results(client, survey, analyst):
    html = client.get(reverse("survey_results:index")).content.decode()

    assert survey.title in html
    assert reverse("survey_results:results", args=[survey.pk]) in html


def test_results_show_counts_percentages_and_charts(client, survey, analyst):
    html = client.get(reverse("survey_results:results", args=[survey.pk])).content.decode()

    assert "12人の回答者を集計" in html
    assert "survey-chart" in html and 'role="img"' in html
    assert "良い" in html and "50.0%" in html
    assert "わからない" in html  # an 「その他」 text
    assert "マイナンバーカードの普及が遅い" in html


def test_filtering_to_a_small_group_shows_no_figures(client, survey, analyst):
    url = reverse("survey_results:results", args=[survey.pk])

    html = client.get(url, {"a": "type:business"}).content.decode()

    assert "回答者が3人未満になるか" in html
    assert "50.0%" not in html and "survey-chart" not in html


def test_a_breakdown_hides_small_groups(client, survey, analyst):
    url = reverse("survey_results:results", args=[survey.pk])

    html = client.get(url, {"by": "type"}).content.decode()

    assert "「立場」別" in html
    assert 'class="results-hidden"' in html
    assert "75.0%" in html  # residents who said 良い


def test_the_printable_report_has_every_question(client, survey, analyst):
    html = client.get(reverse("survey_results:print", args=[survey.pk])).content.decode()

    assert "集計結果レポート" in html
    for text in ["満足度", "使ったもの", "評価", "おすすめ度", "項目別", "優先順位", "回数"]:
        assert text in html


def test_text_answers_are_searchable(client, survey, analyst):
    url = reverse("survey_results:texts", args=[survey.pk, "txt"])

    found = client.get(url, {"q": "マイナンバー"}).content.decode()
    missed = client.get(url, {"q": "子育て"}).content.decode()

    assert "マイナンバーカードの普及が遅い" in found
    assert "マイナンバーカードの普及が遅い" not in missed


def test_individual_responses_of_a_named_survey_and_never_of_an_anonymous_one(
    client, survey, analyst
):
    url = reverse("survey_results:responses", args=[survey.pk])
    assert "わからない" in client.get(url).content.decode()

    survey.anonymous = True
    survey.save()
    html = client.get(url).content.decode()

    assert "わからない" not in html
    assert "匿名のアンケート" in html


def test_a_question_too_few_answered_is_not_shown(client, survey, analyst):
    url = reverse("survey_results:results", args=[survey.pk])

    html = client.get(url).content.decode()  # one answered 利用日

    assert "表示しません：この条件でこの設問に回答した人が3人未満" in html
    assert "2026-11-01" not in html
