"""`manage.py survey_tallies_check [--survey ID] [--fix]`: recount every survey's results
tallies (surveys.tallies) from its raw answers and report each figure that differs; with
--fix, repair them. Exits with status 1 when a difference is found and not repaired."""

from django.core.management.base import BaseCommand, CommandError

from surveys.models import Response, ResultsTally, SurveyPage, TallyDelta
from surveys.tallies.keys import SEP
from surveys.tallies.recount import tallies_difference, tallies_fix
from surveys.tallies.store import tallies_merge

SHOWN = 20  # differing figures listed per survey


class Command(BaseCommand):
    help = (
        "Recount the survey results' tallies from the raw answers and report any difference; "
        "--fix repairs them (safe while responses arrive on PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--survey", type=int, help="Only the survey with this page id.")
        parser.add_argument("--fix", action="store_true", help="Repair what differs.")

    def handle(self, *args, survey, fix, verbosity, **options):
        survey_ids = self._survey_ids(survey)
        differing = 0
        for survey_id in survey_ids:
            difference = (tallies_fix if fix else tallies_difference)(survey_id=survey_id)
            if fix:
                tallies_merge(survey_id=survey_id)
            if difference:
                differing += 1
                self._report(survey_id, difference, fixed=fix)
        if differing and not fix:
            raise CommandError(f"{differing} survey(s) of {len(survey_ids)} differ.")
        if verbosity:
            done = "repaired" if fix else "differ"
            self.stdout.write(f"Surveys checked: {len(survey_ids)}; {done}: {differing}.")

    def _survey_ids(self, survey):
        if survey is not None:
            if not SurveyPage.objects.filter(pk=survey).exists():
                raise CommandError(f"There is no survey with id {survey}.")
            return [survey]
        ids = set(Response.objects.values_list("survey_id", flat=True).distinct())
        for model in (ResultsTally, TallyDelta):
            ids |= set(model.objects.values_list("survey_id", flat=True).distinct())
        return sorted(ids)

    def _report(self, survey_id, difference, *, fixed):
        verb = "repaired" if fixed else "differs"
        self.stdout.write(f"Survey {survey_id}: {len(difference)} figure(s) {verb}.")
        for name, change in list(difference.items())[:SHOWN]:
            self.stdout.write(f"  {name.replace(SEP, ' / ')}: recount {change:+d}")
