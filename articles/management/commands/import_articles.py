from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.services.articles import ArticleImportError, articles_import

from ._output import background_logs_quietened, import_result_line, import_summary


class Command(BaseCommand):
    help = (
        "Import Markdown files with YAML front matter (title, slug, date, author, tags, summary) "
        "as articles under the published article index. Articles are matched by slug, so "
        "running again updates them. All files are checked first; if one is bad, nothing is "
        "imported. The format is described in articles/importing/ (sources.py, body.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.md")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported articles (otherwise new ones stay drafts and changes to "
            "published ones wait as drafts).",
        )

    def handle(self, *args, files, publish, verbosity, **options):
        try:
            with background_logs_quietened(verbosity=verbosity):
                results = articles_import(paths=files, publish=publish)
        except ArticleImportError as error:
            raise CommandError("\n".join([_("Nothing was imported."), *error.problems])) from error
        for result in results:
            self.stdout.write(import_result_line(result))
        self.stdout.write(self.style.SUCCESS(import_summary(results)))
