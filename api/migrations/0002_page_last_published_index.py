"""An index on Wagtail's page table for the API's lists of pages, which run in the order of
their last publication (api.paging: a keyset on last_published_at, id). Wagtail has none on
that column, so each page of a list sorted every page of the site (bench/README.md, "API
frameworks": the page at 5,000 of 10,000 articles took twice the first). Wagtail's own
migrations never touch an index of this name."""

from django.db import migrations

INDEX = "api_page_last_published"


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (last_published_at, id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
