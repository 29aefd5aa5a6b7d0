"""Results published to respondents: the analysts' choice (results_publication_set, the
publish view, the form's context) and the public page at <survey url>results/ — who may read
it when, and that it holds aggregates of the published questions only."""

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from surveys.models import ResultsPublication, ResultsVisibility, SurveyPage
from surveys.selectors.published import (
    publication_form_context,
    published_question_ids,
    results_public_list,
)
from surveys.services import response_submit, results_publication_set
from surveys.views.respondent import BROWSER_COOKIE, BROWSER_SALT
from tests.factories import MemberFactory, StaffUserFactory
from tests.surveys.respondent import items, question, survey_create

pytestmark = pytest.mark.django_db

JST = ZoneInfo("Asia/Tokyo")
YES_NO = items(("y", "はい"), ("n", "いいえ"))
OTHER_TEXT = "役場の窓口で聞いた"
OPINION = "転入届の電子申請が分かりにくい"
ANSWER_FIRST = "このアンケートの集計結果は、回答した方がご覧になれます。"
WITHHELD = "回答者が少ないため、結果はまだ表示できません。"


def _survey(**fields):
    fields.setdefault("results_visibility", ResultsVisibility.AFTER_ANSWERING)
    fields.setdefault("one_response", False)
    return survey_create(
        question(
            "single_choice",
            "sat",
            "電子申請に満足していますか",
            choices=items(("a", "満足"), ("b", "不満")),
            allow_other=True,
        ),
        question("rating", "rate", "使いやすさの評価", scale=5),
        question("long_text", "txt", "ご意見をどうぞ", required=False),
        question("date", "day", "最後に使った日", required=False),
        min_group_size=3,
        **fields,
    )


def _answer(survey, respondent=None, browser_token=None, **answers):
    response, _created = response_submit(
        survey=survey,
        respondent=respondent or AnonymousUser(),
        answers=answers,
        submission_token=uuid.uuid4(),
        browser_token=browser_token,
    )
    return response


def _answered_by_three(survey):
    """満足 ×2 (rated 4 and 5), 「その他」 with a text ×1 (rated 3), one free-text opinion."""
    _answer(survey, sat={"choices": ["a"], "other": ""}, rate=4, txt=OPINION)
    _answer(survey, sat={"choices": ["a"], "other": ""}, rate=5)
    _answer(survey, sat={"choices": ["other"], "other": OTHER_TEXT}, rate=3)


def _publish(survey, *question_ids):
    ResultsPublication.objects.create(survey=survey, question_ids=list(question_ids))


def _results_url(survey, language=""):
    return f"{language}{survey.url}results/"


def _page(client, survey, language=""):
    response = client.get(_results_url(survey, language))
    assert response.status_code == 200
    return response.content.decode()


def _answer_link(survey):
    return f'<a class="button button--primary" href="{survey.url}">回答する</a>'


def _sign_browser(client):
    """Give the test client the respondent cookie the survey views set; returns its token."""
    token = uuid.uuid4().hex
    signer = signing.get_cookie_signer(salt=BROWSER_COOKIE + BROWSER_SALT)
    client.cookies[BROWSER_COOKIE] = signer.sign(token)
    return token


class TestResultsPublicationSet:
    def test_saves_the_chosen_questions_in_survey_order_with_who_chose_them(self):
        survey, analyst = _survey(), StaffUserFactory(groups=["Analysts"])
        publication = results_publication_set(
            survey=survey, question_ids=["rate", "sat", "rate"], user=analyst
        )
        publication.refresh_from_db()
        assert publication.question_ids == ["sat", "rate"]
        assert publication.updated_by == analyst

    def test_choosing_again_replaces_the_choice_and_none_publishes_nothing(self):
        survey, analyst = _survey(), StaffUserFactory(groups=["Analysts"])
        results_publication_set(survey=survey, question_ids=["sat"], user=analyst)
        results_publication_set(survey=survey, question_ids=[], user=analyst)
        assert ResultsPublication.objects.get(survey=survey).question_ids == []

    @pytest.mark.parametrize("question_id", ["txt", "day", "nope", ""])
    def test_refuses_text_and_date_questions_and_ids_not_of_the_survey(self, question_id):
        survey, analyst = _survey(), StaffUserFactory(groups=["Analysts"])
        with pytest.raises(ValidationError) as refused:
            results_publication_set(survey=survey, question_ids=["sat", question_id], user=analyst)
        assert refused.value.code == "not_publishable"
        assert not ResultsPublication.objects.filter(survey=survey).exists()


class TestPublicationFormContext:
    def test_every_question_with_whether_it_may_be_shown_and_is(self):
        survey = _survey(results_visibility=ResultsVisibility.AFTER_CLOSING)
        _publish(survey, "rate", "gone")
        form = publication_form_context(survey)
        assert [(q.id, q.text, q.publishable, q.checked) for q in form.questions] == [
            ("sat", "電子申請に満足していますか", True, False),
            ("rate", "使いやすさの評価", True, True),
            ("txt", "ご意見をどうぞ", False, False),
            ("day", "最後に使った日", False, False),
        ]
        assert form.allowed and form.url == _results_url(survey)

    def test_a_survey_that_never_shows_results_has_no_public_page(self):
        form = publication_form_context(_survey(results_visibility=ResultsVisibility.NEVER))
        assert (form.allowed, form.url) == (False, "")


class TestPublishView:
    def _post(self, client, survey, *question_ids):
        url = reverse("survey_results:publish", args=[survey.pk])
        return client.post(url, {"question": list(question_ids)})

    def test_an_analyst_saves_the_choice_and_returns_to_the_results(self, client):
        survey, analyst = _survey(), StaffUserFactory(groups=["Analysts"])
        client.force_login(analyst)
        response = self._post(client, survey, "sat", "rate")
        assert response.status_code == 302
        assert response.url == reverse("survey_results:results", args=[survey.pk])
        publication = ResultsPublication.objects.get(survey=survey)
        assert (publication.question_ids, publication.updated_by) == (["sat", "rate"], analyst)
        notes = [str(m) for m in get_messages(response.wsgi_request)]
        assert notes == ["回答者に公開する設問を保存しました。"]

    def test_a_text_question_is_refused_with_a_message_and_nothing_saved(self, client):
        survey = _survey()
        client.force_login(StaffUserFactory(groups=["Analysts"]))
        response = self._post(client, survey, "sat", "txt")
        assert response.status_code == 302
        assert not ResultsPublication.objects.filter(survey=survey).exists()
        notes = [str(m) for m in get_messages(response.wsgi_request)]
        assert notes == [
            "回答者に公開できるのは、このアンケートの選択式・評価・マトリクス・順位・数値の設問だけです。"
        ]

    def test_an_editor_is_forbidden(self, client):
        survey = _survey()
        client.force_login(StaffUserFactory(groups=["Editors"]))
        assert self._post(client, survey, "sat").status_code == 403
        assert not ResultsPublication.objects.filter(survey=survey).exists()

    def test_someone_signed_out_is_sent_to_sign_in(self, client):
        survey = _survey()
        response = self._post(client, survey, "sat")
        assert response.status_code == 302
        assert reverse("account_login") in response.url
        assert not ResultsPublication.objects.filter(survey=survey).exists()

    def test_only_posts(self, client):
        survey = _survey()
        client.force_login(StaffUserFactory(groups=["Analysts"]))
        url = reverse("survey_results:publish", args=[survey.pk])
        assert client.get(url).status_code == 405


class TestWhoSeesThem:
    def test_never_is_not_found_even_with_questions_chosen(self, client):
        survey = _survey(results_visibility=ResultsVisibility.NEVER)
        _answered_by_three(survey)
        _publish(survey, "sat")
        assert client.get(_results_url(survey)).status_code == 404

    def test_nothing_published_is_not_found(self, client):
        survey = _survey()
        _answered_by_three(survey)
        member = MemberFactory()
        _answer(survey, respondent=member, sat={"choices": ["b"], "other": ""}, rate=1)
        client.force_login(member)
        assert client.get(_results_url(survey)).status_code == 404
        _publish(survey, "txt")  # chosen before text became unpublishable, say
        assert client.get(_results_url(survey)).status_code == 404

    def test_an_unpublished_survey_is_not_found(self, client):
        survey = _survey(results_visibility=ResultsVisibility.AFTER_CLOSING)
        survey.closes_at = timezone.now() - timedelta(days=1)
        survey.save()
        _publish(survey, "sat")
        survey.unpublish()
        assert client.get(_results_url(survey)).status_code == 404

    def test_after_answering_someone_who_has_not_is_asked_to_answer(self, client):
        survey = _survey()
        _answered_by_three(survey)
        _publish(survey, "sat")
        page = _page(client, survey)
        assert ANSWER_FIRST in page
        assert _answer_link(survey) in page
        assert "満足" not in page and "66.7%" not in page

    def test_after_answering_a_closed_survey_offers_no_way_to_answer(self, client):
        survey = _survey(closes_at=timezone.now() - timedelta(hours=1))
        _publish(survey, "sat")
        page = _page(client, survey)
        assert ANSWER_FIRST in page
        assert _answer_link(survey) not in page

    def test_after_answering_a_member_who_answered_sees_them(self, client):
        survey = _survey()
        _answered_by_three(survey)
        member = MemberFactory()
        _answer(survey, respondent=member, sat={"choices": ["b"], "other": ""}, rate=1)
        _publish(survey, "sat")
        client.force_login(member)
        page = _page(client, survey)
        assert ANSWER_FIRST not in page
        assert "<td>50.0%</td>" in page  # 満足: 2 of 4

    def test_after_answering_a_browser_that_answered_sees_them(self, client):
        survey = _survey(one_response=True)
        _answered_by_three(survey)
        token = _sign_browser(client)
        _answer(survey, browser_token=token, sat={"choices": ["b"], "other": ""}, rate=2)
        _publish(survey, "sat")
        assert "<td>50.0%</td>" in _page(client, survey)

    def test_after_answering_another_browser_does_not(self, client):
        survey = _survey(one_response=True)
        _answer(survey, browser_token=uuid.uuid4().hex, sat={"choices": ["b"], "other": ""}, rate=2)
        _publish(survey, "sat")
        _sign_browser(client)
        assert ANSWER_FIRST in _page(client, survey)

    def test_after_closing_an_open_survey_says_when(self, client):
        closes_at = datetime(2099, 3, 31, 17, 0, tzinfo=JST)
        survey = _survey(results_visibility=ResultsVisibility.AFTER_CLOSING, closes_at=closes_at)
        _answered_by_three(survey)
        _publish(survey, "sat")
        page = _page(client, survey)
        assert (
            "集計結果は、アンケートの締切（日本時間 2099年3月31日 17:00）のあとに公開します。"
            in page
        )
        assert _answer_link(survey) in page
        assert "<td>" not in page

    def test_after_closing_with_no_end_says_so(self, client):
        survey = _survey(results_visibility=ResultsVisibility.AFTER_CLOSING)
        _publish(survey, "sat")
        assert "集計結果は、アンケートの締切後に公開します。" in _page(client, survey)

    def test_after_closing_anyone_sees_them_once_closed(self, client):
        survey = _survey(results_visibility=ResultsVisibility.AFTER_CLOSING)
        _answered_by_three(survey)
        survey.closes_at = timezone.now() - timedelta(minutes=1)
        survey.save()
        _publish(survey, "sat")
        page = _page(client, survey)
        assert "3人が回答しました。" in page
        assert "<td>66.7%</td>" in page
        assert _answer_link(survey) not in page

    def test_the_closed_surveys_own_page_links_to_them_only_once_shown(self, client):
        survey = _survey(results_visibility=ResultsVisibility.AFTER_CLOSING)
        _answered_by_three(survey)
        _publish(survey, "sat")
        survey.closes_at = timezone.now() + timedelta(days=1)
        survey.save()
        link = f'<a class="button" href="{_results_url(survey)}">集計結果を見る</a>'
        assert link not in client.get(survey.url).content.decode()

        survey.closes_at = timezone.now() - timedelta(minutes=1)
        survey.save()

        assert link in client.get(survey.url).content.decode()


class TestWhatTheySee:
    def _shown(self, client, survey):
        survey.closes_at = timezone.now() - timedelta(minutes=1)
        survey.results_visibility = ResultsVisibility.AFTER_CLOSING
        survey.save()
        return _page(client, survey)

    def test_aggregates_of_the_published_questions_with_a_chart_described_by_its_table(
        self, client
    ):
        survey = _survey()
        _answered_by_three(survey)
        _publish(survey, "sat", "rate")
        page = self._shown(client, survey)
        assert '<h1 class="page-title">集計結果</h1>' in page
        assert (
            "3人が回答しました。" in page and "割合は、各設問に回答した人に対するものです。" in page
        )
        assert "Q1. 電子申請に満足していますか" in page
        assert '<tr><th scope="row">満足</th><td>2</td><td>66.7%</td></tr>' in page
        assert '<tr><th scope="row">その他</th><td>1</td><td>33.3%</td></tr>' in page
        assert "Q2. 使いやすさの評価" in page
        assert "平均：4.0" in page  # of 3, 4 and 5
        assert re.search(r'<svg [^>]*aria-describedby="chart-\w+-desc published-sat-table"', page)
        assert '<table id="published-sat-table">' in page

    def test_only_published_questions_and_never_a_respondent_s_words(self, client):
        survey = _survey()
        _answered_by_three(survey)
        _publish(survey, "rate")
        page = self._shown(client, survey)
        assert "使いやすさの評価" in page
        assert "電子申請に満足していますか" not in page and "ご意見をどうぞ" not in page
        assert OTHER_TEXT not in page and OPINION not in page

    def test_other_texts_stay_hidden_when_their_question_is_published(self, client):
        survey = _survey()
        _answered_by_three(survey)
        _publish(survey, "sat")
        page = self._shown(client, survey)
        assert "その他" in page and OTHER_TEXT not in page and OPINION not in page

    def test_matrix_ranking_and_number_questions_show_their_aggregates(self, client):
        survey = survey_create(
            question(
                "matrix",
                "mx",
                "次の点の満足度",
                rows=items(("r1", "速さ"), ("r2", "分かりやすさ")),
                scale=items(("s1", "不満"), ("s2", "満足")),
            ),
            question(
                "ranking", "rank", "優先順位", choices=items(("p", "窓口"), ("q", "電子申請"))
            ),
            question("number", "num", "手続きの回数"),
            one_response=False,
            min_group_size=2,
        )
        for speed, first, times in (("s2", "q", "1"), ("s2", "q", "3"), ("s1", "p", "3")):
            _answer(
                survey,
                mx={"r1": speed, "r2": "s2"},
                rank={first: 1, ("p" if first == "q" else "q"): 2},
                num=times,
            )
        _publish(survey, "mx", "rank", "num")
        page = self._shown(client, survey)
        assert (
            '<tr><th scope="row">速さ</th><td>33.3% (1)</td><td>66.7% (2)</td><td>3</td></tr>'
            in (page)
        )
        assert '<tr><th scope="row">電子申請</th><td>1.33</td><td>2</td><td>66.7%</td></tr>' in page
        assert "平均：2.33" in page
        assert '<th scope="row">3</th>' not in page  # no histogram: its ends are one person each

    def test_a_question_too_few_answered_is_left_out_and_said_to_be(self, client):
        survey = survey_create(
            question("single_choice", "sat", "電子申請に満足していますか", choices=YES_NO),
            question("single_choice", "win", "窓口も使いましたか", choices=YES_NO, required=False),
            one_response=False,
            min_group_size=3,
        )
        yes = {"choices": ["y"], "other": ""}
        for answers in ({"win": yes}, {}, {}):
            _answer(survey, sat=yes, **answers)
        _publish(survey, "sat", "win")
        self._shown(client, survey)
        page = _page(client, survey, language="/en")
        assert "電子申請に満足していますか" in page and "窓口も使いましたか" not in page
        assert "Questions that too few people have answered are not shown yet." in page

    def test_too_few_respondents_show_no_figures(self, client):
        survey = _survey()
        _answer(survey, sat={"choices": ["a"], "other": ""}, rate=4)
        _answer(survey, sat={"choices": ["b"], "other": ""}, rate=2)
        _publish(survey, "sat", "rate")
        page = self._shown(client, survey)
        assert WITHHELD in page
        content = page[page.index("<main") :]  # the header's search button has an icon
        assert "満足" not in content and "<table" not in content and "<svg" not in content

    def test_in_english_under_en(self, client):
        survey = _survey()
        _answered_by_three(survey)
        _publish(survey, "sat")
        self._shown(client, survey)
        page = _page(client, survey, language="/en")
        assert '<html lang="en"' in page
        assert '<h1 class="page-title">Results</h1>' in page
        assert "3 people responded." in page
        assert "Percentages are of those who answered each question." in page
        assert '<th scope="col">Share</th>' in page
        assert "Questions that too few" not in page


class TestThanksPage:
    def _answer_in_browser(self, client, survey):
        client.post(survey.url + "step/1/", {"q-sat": "a", "q-rate": "4", "action": "next"})
        confirm = client.get(survey.url + "confirm/").content.decode()
        token = confirm.split('name="submission_token" value="')[1].split('"')[0]
        response = client.post(survey.url + "confirm/", {"submission_token": token})
        assert response.status_code == 302
        return client.get(response.url).content.decode()

    def test_links_to_the_results_the_respondent_may_now_see(self, client):
        survey = _survey()
        _answered_by_three(survey)
        _publish(survey, "sat")
        thanks = self._answer_in_browser(client, survey)
        assert f'href="{_results_url(survey)}"' in thanks
        assert "集計結果を見る" in thanks
        assert "<td>75.0%</td>" in _page(client, survey)  # 満足: 3 of 4

    def test_no_link_when_the_results_are_shown_after_closing(self, client):
        survey = _survey(results_visibility=ResultsVisibility.AFTER_CLOSING)
        _publish(survey, "sat")
        thanks = self._answer_in_browser(client, survey)
        assert "回答を送信しました" in thanks
        assert _results_url(survey) not in thanks


class TestPublishedQuestionIds:
    def test_a_survey_held_across_a_new_choice_reads_the_new_one(self):
        survey = _survey()
        _publish(survey, "sat")
        assert published_question_ids(survey) == ["sat"]

        ResultsPublication.objects.filter(survey=survey).update(question_ids=["rate"])

        assert published_question_ids(survey) == ["rate"]

    def test_a_survey_listed_with_its_choice_reads_no_more(self, django_assert_num_queries):
        survey = _survey(results_visibility=ResultsVisibility.AFTER_CLOSING)
        _publish(survey, "sat", "rate")
        SurveyPage.objects.filter(pk=survey.pk).update(closes_at=timezone.now())
        listed = results_public_list().get(pk=survey.pk)

        with django_assert_num_queries(0):
            assert published_question_ids(listed) == ["sat", "rate"]
