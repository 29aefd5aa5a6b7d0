"""`manage.py regions_load`: Japan's municipalities with their 全国地方公共団体コード into the
region list members pick from (community/data/README.md). Idempotent."""

from django.core.management.base import BaseCommand

from community.services.regions import municipalities_load


class Command(BaseCommand):
    help = "Load Japan's municipalities (全国地方公共団体コード) into the region list."

    def handle(self, *args, **options):
        loaded = municipalities_load()
        self.stdout.write(
            f"Regions: {loaded.created} created, {loaded.updated} updated, "
            f"{loaded.unchanged} unchanged."
        )
