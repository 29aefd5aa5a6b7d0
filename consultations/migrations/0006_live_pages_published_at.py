"""Live consultation outcome pages made live without a publish get the publishing times a
publish would have given them (core.pages.published_at_fill does it on save from now on): the
API's lists run in the order of `last_published_at`."""

from django.db import migrations
from django.db.models.functions import Coalesce, Now


def published_at_fill(apps, schema_editor):
    page_model = apps.get_model("consultations", "ConsultationPage")
    Page = apps.get_model("wagtailcore", "Page")
    unpublished = page_model.objects.filter(live=True, last_published_at=None).values("pk")
    # Both from the old values: the first publication if any, else now (one moment in SQL).
    published = Coalesce("first_published_at", Now())
    Page.objects.filter(pk__in=unpublished).update(
        first_published_at=published, last_published_at=published
    )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0005_source_label")]

    operations = [migrations.RunPython(published_at_fill, migrations.RunPython.noop)]
