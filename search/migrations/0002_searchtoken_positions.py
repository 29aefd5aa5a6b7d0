"""Token positions (decision 0017, amended): the token table is created again with a positions
column and filled from the documents' normalised text, so the index needs no `update_index`."""

import django.db.models.deletion
from django.db import migrations, models

import search.models

CHUNK = 250


def tokens_rebuild(apps, schema_editor):
    from search.text import token_positions

    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchToken = apps.get_model("search", "SearchToken")
    documents = SearchDocument.objects.order_by("pk").only("pk", "title_norm", "body_norm")
    last = 0
    while chunk := list(documents.filter(pk__gt=last)[:CHUNK]):
        SearchToken.objects.bulk_create(
            (
                SearchToken(token=token, document_id=document.pk, positions=positions)
                for document in chunk
                for token, positions in token_positions(
                    f"{document.title_norm}\n{document.body_norm}"
                ).items()
            ),
            batch_size=5000,
        )
        last = chunk[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="SearchToken"),
        migrations.CreateModel(
            name="SearchToken",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "token",
                        "document",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("token", models.BigIntegerField()),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="search.searchdocument",
                    ),
                ),
                ("positions", search.models.PositionsField(default=list)),
            ],
            options={
                "verbose_name": "search token",
                "verbose_name_plural": "search tokens",
            },
        ),
        migrations.RunPython(tokens_rebuild, migrations.RunPython.noop),
    ]
