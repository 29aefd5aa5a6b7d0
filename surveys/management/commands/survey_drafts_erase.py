"""`manage.py survey_drafts_erase`: a multi-step survey keeps the answers typed so far in a draft
until the response is sent. Respondents who never send leave drafts behind; their answers are
erased here once no session can reach them (docs/deploy.md runs it daily)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from surveys.services import drafts_erase


class Command(BaseCommand):
    help = (
        "Erase the answers of survey drafts left unsent for --days (default: twice the session "
        "lifetime). The step where each stopped stays, for the results' funnel."
    )

    def add_arguments(self, parser):
        default = max(1, 2 * settings.SESSION_COOKIE_AGE // 86400)
        parser.add_argument("--days", type=int, default=default, help=f"(default {default})")

    def handle(self, *args, days, **options):
        erased = drafts_erase(updated_before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"Erased the answers of {erased} survey draft(s) unsent for {days} days.")
