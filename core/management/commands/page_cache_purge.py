"""`manage.py page_cache_purge`: forget every anonymous reader's cached page, e.g. after a
deploy, whose pages link other hashed static files (docs/deploy.md, "Upgrades")."""

from django.core.management.base import BaseCommand

from core.page_cache import page_cache_purge_all


class Command(BaseCommand):
    help = "Forget every cached copy of every page (the anonymous page cache)."

    def handle(self, *args, **options):
        page_cache_purge_all()
        self.stdout.write("Page cache purged.")
