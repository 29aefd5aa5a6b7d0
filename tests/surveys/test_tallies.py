"""The results' tallies (surveys.tallies): exact after every kind of write, merged without
losing or doubling a count, checked and repaired by `manage.py survey_tallies_check`, and read
by the unfiltered results with the same figures as grouping the raw answers."""

import io
import random
import threading
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils.timezone import now

from community.models import StakeholderType
from surveys.models import Answer, Response, ResultsTally, TallyDelta
from surveys.selectors.breakdowns import survey_breakdowns
from surveys.selectors.filters import grouping_questions, options_of
from surveys.selectors.published import published_results
from surveys.selectors.results import results_questions, survey_results
from surveys.services import draft_save, drafts_erase, response_redate, response_submit
from surveys.tallies import keys
from surveys.tallies.recount import survey_recount, tallies_difference, tallies_fix
from surveys.tallies.store import tallies_merge, tally_counts
from surveys.tasks import answer_words_index
from tests.surveys.respondent import migrations_data_back  # noqa: F401
from tests.surveys.results_data import TEN, query_filter, results_survey, stored

pytestmark = pytest.mark.django_db


def submit(survey, answers, *, is_test=False):
    response, _created = response_submit(
        survey=survey,
        respondent=AnonymousUser(),
        answers=stored(answers),
        submission_token=uuid.uuid4(),
        is_test=is_test,
    )
    return response


def random_answers(rng):
    """Answers to tests.surveys.results_data.results_survey, each question answered or not."""
    pick = {
        "type": lambda: rng.choice(StakeholderType.values),
        "pref": lambda: rng.choice(["01", "13", "27", "47"]),
        "sat": lambda: {"choices": [rng.choice("abc")], "other": ""},
        "use": lambda: rng.sample("xyz", rng.randint(1, 3)),
        "rate": lambda: rng.randint(1, 5),
        "nps": lambda: rng.randint(0, 10),
        "mx": lambda: {row: rng.choice(["s1", "s2", "s3"]) for row in rng.sample(["r1", "r2"], 2)},
        "rank": lambda: dict(zip("pqr", rng.sample([1, 2, 3], 3), strict=True)),
        "num": lambda: rng.choice([str(rng.randint(0, 40)), f"{rng.randint(0, 400) / 8:g}"]),
        "day": lambda: f"2026-11-{rng.randint(1, 28):02d}",
        "txt": lambda: rng.choice(["窓口が混んでいた", "電子申請は便利", "特になし", "窓口は便利"]),
    }
    return {name: value() for name, value in pick.items() if rng.random() < 0.8}


def unfiltered(survey):
    return survey_results(survey=survey, results_filter=query_filter(survey))


def grouped(survey):
    """The unfiltered results as grouping every answer gives them (no tallies)."""
    with mock.patch("surveys.selectors.results.survey_tally", return_value=None):
        return unfiltered(survey)


def assert_exact(survey):
    assert tallies_difference(survey_id=survey.pk) == {}
    from_tallies, from_answers = unfiltered(survey), grouped(survey)
    assert from_tallies.total == from_answers.total
    assert from_tallies.withheld == from_answers.withheld
    assert from_tallies.questions == from_answers.questions
    assert from_tallies.per_day == from_answers.per_day


def filtered_both_ways(survey, query):
    """The results a filter shows, read as the page reads them and by grouping the answers."""
    results_filter = query_filter(survey, query)
    from_tallies = survey_results(survey=survey, results_filter=results_filter)
    with mock.patch("surveys.selectors.results.survey_tally", return_value=None):
        from_answers = survey_results(survey=survey, results_filter=results_filter)
    return from_tallies, from_answers


def breakdowns_both_ways(survey, by):
    arguments = {
        "survey": survey,
        "results_filter": query_filter(survey),
        "questions": results_questions(survey),
        "by": by,
    }
    from_tallies = survey_breakdowns(**arguments)
    with mock.patch("surveys.selectors.breakdowns.survey_tally", return_value=None):
        return from_tallies, survey_breakdowns(**arguments)


def filter_queries(survey):
    """Every one-answer filter (each choice of each grouping question, and two choices of
    one), and filters the tallies do not answer alone (two questions; an answer and days)."""
    grouping = grouping_questions(results_questions(survey))
    queries = []
    for question in grouping:
        choice_ids = [choice_id for choice_id, _label in options_of(question)]
        queries += [f"a={question.id}:{choice_id}" for choice_id in choice_ids]
        queries.append(f"a={question.id}:{choice_ids[0]}&a={question.id}:{choice_ids[-1]}")
    first, second = grouping[0], grouping[-1]
    queries.append(
        f"a={first.id}:{options_of(first)[0][0]}&a={second.id}:{options_of(second)[0][0]}"
    )
    queries.append(f"from=2000-01-01&a={first.id}:{options_of(first)[0][0]}")
    return queries


def assert_groups_exact(survey):
    """Filtered results and breakdowns read from the pairs equal those grouped from the
    answers, figure by figure, withheld views and hidden cells included, at two minimum
    group sizes."""
    for minimum in (1, 5):
        survey.min_group_size = minimum
        for query in filter_queries(survey):
            from_tallies, from_answers = filtered_both_ways(survey, query)
            assert from_tallies.respondents == from_answers.respondents, query
            assert from_tallies.withheld == from_answers.withheld, query
            assert from_tallies.questions == from_answers.questions, query
            assert from_tallies.per_day == from_answers.per_day, query
        for by in grouping_questions(results_questions(survey)):
            from_tallies, from_answers = breakdowns_both_ways(survey, by)
            assert from_tallies == from_answers, by.id


class TestExactAfterEveryWrite:
    def test_ten_respondents_read_from_tallies_as_from_their_answers(self):
        survey = results_survey(min_group_size=3)
        for answers in TEN:
            submit(survey, answers)

        assert tally_counts(survey_id=survey.pk)[keys.key(keys.RESPONSES)] == 10
        assert_exact(survey)

    def test_test_answers_are_never_counted(self):
        survey = results_survey(min_group_size=1)
        submit(survey, TEN[0], is_test=True)

        assert not TallyDelta.objects.filter(survey=survey).exists()
        assert tally_counts(survey_id=survey.pk) == {}

    def test_a_deleted_response_leaves_the_counts_with_it(self):
        survey = results_survey(min_group_size=1)
        first, _second = submit(survey, TEN[0]), submit(survey, TEN[1])

        first.delete()

        assert tally_counts(survey_id=survey.pk)[keys.key(keys.RESPONSES)] == 1
        assert_exact(survey)

    def test_a_random_workload_leaves_no_difference(self):
        rng = random.Random(20)
        survey = results_survey(min_group_size=1)
        for _step in range(80):
            responses = list(Response.objects.filter(survey=survey))
            roll = rng.random()
            if roll < 0.6 or not responses:
                response = submit(survey, random_answers(rng), is_test=rng.random() < 0.15)
                if rng.random() < 0.8:  # its words indexed (the task, after the commit)
                    answer_words_index.call(response_id=response.pk)
            elif roll < 0.75:
                rng.choice(responses).delete()
            elif roll < 0.8:
                days_ago = timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
                response_redate(response=rng.choice(responses), submitted_at=now() - days_ago)
            elif roll < 0.85:
                chosen = rng.sample(responses, min(3, len(responses)))
                Response.objects.filter(pk__in=[r.pk for r in chosen]).delete()
            elif roll < 0.95:
                tallies_merge(survey_id=survey.pk)
            else:
                draft = draft_save(survey=survey, draft=None, member=None, data={"q": "x"}, step=1)
                drafts_erase(updated_before=draft.updated_at + timedelta(seconds=1))
        archived = [child.block_type for child in survey.questions].index("nps")
        del survey.questions[archived]
        survey.save()  # the NPS question is archived: results no longer show it

        assert_exact(survey)
        assert_groups_exact(survey)
        call_command("survey_tallies_check", stdout=io.StringIO())  # no CommandError
        tallies_merge(survey_id=survey.pk)
        assert not TallyDelta.objects.filter(survey=survey).exists()
        assert_exact(survey)
        assert_groups_exact(survey)

    def test_published_results_read_the_same_from_tallies(self):
        survey = results_survey(min_group_size=3)
        for answers in TEN:
            submit(survey, answers)
        with mock.patch("surveys.selectors.results.survey_tally", return_value=None):
            from_answers = published_results(survey=survey)

        assert published_results(survey=survey) == from_answers


class TestMerge:
    def test_a_merge_moves_the_deltas_into_the_tallies_and_changes_no_figure(self):
        survey = results_survey(min_group_size=1)
        for answers in TEN:
            submit(survey, answers)
        before = tally_counts(survey_id=survey.pk)

        assert tallies_merge(survey_id=survey.pk) == 10

        assert not TallyDelta.objects.filter(survey=survey).exists()
        assert ResultsTally.objects.filter(survey=survey).exists()
        assert tally_counts(survey_id=survey.pk) == before
        assert tallies_merge(survey_id=survey.pk) == 0

    def test_merges_add_to_the_tallies_already_there(self):
        survey = results_survey(min_group_size=1)
        submit(survey, TEN[0])
        tallies_merge(survey_id=survey.pk)
        submit(survey, TEN[0]).delete()
        submit(survey, TEN[1])
        tallies_merge(survey_id=survey.pk)

        assert tally_counts(survey_id=survey.pk) == survey_recount(survey.pk)

    def test_every_so_many_deltas_enqueue_a_merge(self, django_capture_on_commit_callbacks):
        survey = results_survey(min_group_size=1)
        with (
            mock.patch("surveys.tallies.store.MERGE_EVERY", 1),
            django_capture_on_commit_callbacks(execute=True),
        ):
            submit(survey, TEN[0])  # the immediate backend runs the merge on commit

        assert not TallyDelta.objects.filter(survey=survey).exists()
        assert tally_counts(survey_id=survey.pk) == survey_recount(survey.pk)


def test_migrations_0008_0009_count_what_the_tallies_did_not_count_before_them():
    from importlib import import_module

    from django.apps import apps

    survey = results_survey(min_group_size=1)
    for answers in TEN:
        submit(survey, answers)
    tallies_merge(survey_id=survey.pk)
    new_families = (keys.PAIR, keys.NUMBER, keys.DATE, keys.DAY, keys.WORD)
    before_0008 = list(ResultsTally.objects.filter(survey=survey))
    ResultsTally.objects.filter(
        pk__in=[row.pk for row in before_0008 if keys.key_parts(row.key)[0] in new_families]
    ).delete()  # the tallies as 0006 and the code before pairs and values left them
    assert tallies_difference(survey_id=survey.pk) != {}

    import_module("surveys.migrations.0008_results_tallies_pairs").pairs_fill(apps, None)

    assert tallies_difference(survey_id=survey.pk) == {}


class TestCheckCommand:
    def test_a_difference_is_reported_and_fixed(self):
        survey = results_survey(min_group_size=1)
        for answers in TEN[:3]:
            submit(survey, answers)
        tallies_merge(survey_id=survey.pk)
        ResultsTally.objects.filter(survey=survey, key=keys.key(keys.RESPONSES)).update(count=7)
        out = io.StringIO()

        with pytest.raises(CommandError):
            call_command("survey_tallies_check", stdout=out)
        assert "n: recount -4" in out.getvalue()

        call_command("survey_tallies_check", "--fix", stdout=io.StringIO())
        call_command("survey_tallies_check", stdout=io.StringIO())  # no difference left
        assert tally_counts(survey_id=survey.pk)[keys.key(keys.RESPONSES)] == 3

    def test_answers_rewritten_in_place_are_grouped_again_until_recounted(self):
        survey = results_survey(min_group_size=1)
        for answers in TEN[:3]:
            submit(survey, answers)
        Answer.objects.filter(question_id="rate").update(value_number=2)  # by hand, in SQL

        assert tally_counts(survey_id=survey.pk)[keys.key(keys.STALE)] > 0
        rate = next(q for q in unfiltered(survey).questions if q.question.id == "rate")
        assert [(option.key, option.count) for option in rate.options if option.count] == [("2", 3)]

        call_command("survey_tallies_check", "--fix", stdout=io.StringIO())
        assert keys.key(keys.STALE) not in tally_counts(survey_id=survey.pk)
        assert_exact(survey)

    def test_a_submission_time_moved_by_hand_is_grouped_again_but_redating_keeps_count(self):
        survey = results_survey(min_group_size=1)
        first, second = submit(survey, TEN[0]), submit(survey, TEN[1])
        response_redate(response=first, submitted_at=now() - timedelta(days=3))

        assert tally_counts(survey_id=survey.pk)[keys.key(keys.STALE)] == 0
        assert len(unfiltered(survey).per_day) == 4  # three days ago to today
        assert_exact(survey)

        Response.objects.filter(pk=second.pk).update(submitted_at=now() - timedelta(days=9))
        assert tally_counts(survey_id=survey.pk)[keys.key(keys.STALE)] > 0
        assert len(unfiltered(survey).per_day) == 7  # nine to three days ago, from the answers


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_submissions_and_merges_count_exactly_once():
    survey = results_survey(min_group_size=1)
    threads_count, errors = 20, []
    barrier = threading.Barrier(threads_count)
    rng = random.Random(7)
    answers = [random_answers(rng) for _ in range(threads_count)]

    def answer(number):
        try:
            barrier.wait()
            submit(survey, answers[number])
            tallies_merge(survey_id=survey.pk)  # merges run while others still submit
        except Exception as error:  # a deadlock or a lost row would show here
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Response.objects.filter(survey=survey).count() == threads_count
    assert tally_counts(survey_id=survey.pk)[keys.key(keys.RESPONSES)] == threads_count
    assert tallies_fix(survey_id=survey.pk) == {}  # its REPEATABLE READ snapshot too
    tallies_merge(survey_id=survey.pk)
    assert not TallyDelta.objects.filter(survey=survey).exists()
    assert ResultsTally.objects.get(survey=survey, key=keys.key(keys.RESPONSES)).count == 20
