"""Rewrite the words counted in survey results (AnswerWord) from the free-text answers: run
after a change to surveys.words (analyser, dictionary, stop words)."""

from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from surveys.models import AnswerWord, SurveyPage
from surveys.tasks import answer_words_remove, answer_words_replace, answers_with_words

BATCH = 2000  # answers segmented and written per transaction: flat memory, short locks


class Command(BaseCommand):
    help = (
        "Rebuild the words of free-text answers that survey results count, for all surveys or "
        "one. Safe to run again, also while responses arrive."
    )

    def add_arguments(self, parser):
        parser.add_argument("--survey", type=int, help="Only the survey with this page id.")

    def handle(self, *args, survey, verbosity, **options):
        answers, words = answers_with_words(), AnswerWord.objects.all()
        if survey is not None:
            if not SurveyPage.objects.filter(pk=survey).exists():
                raise CommandError(_("There is no survey with id %(id)s.") % {"id": survey})
            answers, words = answers.filter(survey_id=survey), words.filter(survey_id=survey)
        # Words of answers no longer indexed (a test response, a question type no longer free
        # text) would otherwise stay counted.
        answer_words_remove(words=words.exclude(answer__in=answers))
        answer_count, word_count = self._rebuild(answers)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Words rebuilt. Free-text answers: %(answers)s, words: %(words)s.")
                    % {"answers": answer_count, "words": word_count}
                )
            )

    def _rebuild(self, answers):
        rows = (
            answers.order_by("pk")
            .only("pk", "response_id", "survey_id", "question_id", "value_text")
            .iterator(chunk_size=BATCH)
        )
        answer_count = word_count = 0
        while batch := list(islice(rows, BATCH)):
            word_count += answer_words_replace(answers=batch)
            answer_count += len(batch)
        return answer_count, word_count
