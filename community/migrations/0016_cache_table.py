"""The database cache table that stands in for Redis while it is unreachable (config/cache.py)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("community", "0015_votes_outlive_members")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
