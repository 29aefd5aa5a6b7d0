import unicodedata

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.demo.accounts import DemoAccount, demo_accounts_build, demo_allowed
from articles.demo.articles import (
    demo_article_paths,
    demo_articles_build,
    demo_authors_build,
    demo_images_build,
)
from articles.demo.extensions import demo_builders_run
from articles.demo.site import demo_site_build
from articles.services.articles import ArticleImportError
from community.demo import demo_discussion_build
from community.services.regions import municipalities_load
from consultations.demo import demo_consultation_build
from readable.demo import demo_readings_build
from surveys.demo import demo_survey_build
from surveys.demo_closed import demo_closed_survey_build

from ._output import background_logs_quietened, import_result_line, import_summary


class Command(BaseCommand):
    help = (
        "Build the demo site: home, article index, contact page, authors, original Japanese "
        "articles, an open survey and a closed one with published results, one staff account per "
        "role, demo members and their comments. Safe to run again; refuses to run under "
        "production settings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help="Port the demo is served on (sets the site's address for absolute URLs).",
        )

    def handle(self, *args, verbosity, port, **options):
        if not demo_allowed():
            raise CommandError(
                _(
                    "seed_demo refuses to run with production settings: it creates accounts "
                    "with publicly known passwords."
                )
            )
        try:
            with background_logs_quietened(verbosity=verbosity), transaction.atomic():
                site = demo_site_build(port=port)
                demo_authors_build()
                paths = demo_article_paths()
                demo_images_build(paths)
                survey = demo_survey_build(home=site.home)
                results = demo_articles_build(home=site.home, paths=paths, survey=survey)
                accounts = demo_accounts_build()
                municipalities_load()
                demo_readings_build()
                members = demo_discussion_build(articles={r.page.slug: r.page for r in results})
                demo_closed_survey_build(  # answered by the members just made
                    index=survey.get_parent(), analyst=_account_user(accounts, "Analysts")
                )
                demo_consultation_build(
                    home=site.home, survey=survey, submitter=_account_user(accounts, "Editors")
                )
                demo_builders_run(
                    home=site.home, survey=survey, articles={r.page.slug: r.page for r in results}
                )
        except ArticleImportError as error:
            raise CommandError("\n".join(error.problems)) from error
        for result in results:
            self.stdout.write(import_result_line(result))
        self.stdout.write(import_summary(results))
        members = [DemoAccount(email, password, "会員") for email, password in members]
        self._accounts_table([*accounts, *members])
        self.stdout.write(
            self.style.SUCCESS(_("The demo site is ready: %(url)s") % {"url": site.home.full_url})
        )

    def _accounts_table(self, accounts):
        self.stdout.write("")
        self.stdout.write(_("Demo accounts (log in at /accounts/login/ or /admin/):"))
        rows = [
            (
                pgettext("demo accounts", "Role"),
                pgettext("demo accounts", "E-mail"),
                pgettext("demo accounts", "Password"),
            )
        ]
        rows += [(a.role, a.email, a.password) for a in accounts]
        widths = [max(_display_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [
                cell + " " * (width - _display_width(cell))
                for cell, width in zip(row, widths, strict=True)
            ]
            self.stdout.write("  " + "  ".join(cells).rstrip())


def _account_user(accounts, group):
    """The user of the demo account of `group`."""
    email = next(account.email for account in accounts if account.group == group)
    return get_user_model().objects.get(email__iexact=email)


def _display_width(text):
    """Columns `text` takes in a terminal: Japanese characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
